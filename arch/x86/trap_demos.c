/* arch/x86/trap_demos.c - raising CPU exceptions on purpose, and coming back.
 *
 * Intel SDM Vol. 3A, "Interrupt and Exception Handling", section "Exception and
 * Interrupt Reference" (the entries for #DE, #BP, #UD, #GP, #PF and #DF), and Vol. 2,
 * the instruction pages for DIV, INT3, UD2 and MOV (to a segment register).
 *
 * Each demo is one instruction in inline asm, because the compiler must not be free to
 * prove it away (gcc at -O2 turns a C "1 / z" into code that never divides). Every
 * faulting instruction has an entry in the exception fixup table, so the fault handler
 * prints its report and resumes at the recovery point right after it, and the caller
 * goes on. Only trap_demo_bug() has no entry: that is the kernel-bug path.
 */
#include <irqlab/extable.h>
#include <irqlab/irqflags.h>
#include <irqlab/panic.h>
#include "trap_demos.h"

/* The instruction at label 1, the recovery point at label 2. 'faulted' is set before
 * the instruction and cleared by its fall-through, so it stays set only when the fixup
 * jumped from 1 to 2. The label addresses are stored for the caller to check. */
#define FAULTING_INSN(insn)                                     \
	"movl $1f, %[insn]\n\t"                                 \
	"movl $2f, %[resume]\n\t"                               \
	"movl $1, %[faulted]\n"                                 \
	"1:\t" insn "\n\t"                                      \
	"movl $0, %[faulted]\n"                                 \
	"2:\n\t"                                                \
	_ASM_EXTABLE(1b, 2b)
#define FAULTING_OUTPUTS(d, faulted)                            \
	[insn] "=m"((d)->insn), [resume] "=m"((d)->resume), [faulted] "=&r"(faulted)

void trap_demo_divide(struct trap_demo *d)
{
	u32 eax = 1, edx = 0, faulted;

	__asm__ __volatile__(FAULTING_INSN("divl %[divisor]")  /* EDX:EAX / 0 */
			     : FAULTING_OUTPUTS(d, faulted), "+a"(eax), "+d"(edx)
			     : [divisor] "r"(0u)
			     : "memory");
	d->faulted = faulted;
}

void trap_demo_gp(struct trap_demo *d)
{
	u32 faulted;

	/* The selector index is past the GDT limit: #GP with the selector as error code. */
	__asm__ __volatile__(FAULTING_INSN("movl %[sel], %%fs")
			     : FAULTING_OUTPUTS(d, faulted)
			     : [sel] "r"((u32)TRAP_DEMO_BAD_SELECTOR)
			     : "memory");
	d->faulted = faulted;
}

void trap_demo_ud(struct trap_demo *d)
{
	u32 faulted;

	__asm__ __volatile__(FAULTING_INSN("ud2")
			     : FAULTING_OUTPUTS(d, faulted) :: "memory");
	d->faulted = faulted;
}

void trap_demo_write(struct trap_demo *d, u32 addr)
{
	u32 faulted;

	__asm__ __volatile__(FAULTING_INSN("movl %[val], (%[addr])")
			     : FAULTING_OUTPUTS(d, faulted)
			     : [addr] "r"(addr), [val] "r"(0x1badu)
			     : "memory");
	d->faulted = faulted;
}

void trap_demo_read(struct trap_demo *d, u32 addr)
{
	u32 faulted, val;

	__asm__ __volatile__(FAULTING_INSN("movl (%[addr]), %[val]")
			     : FAULTING_OUTPUTS(d, faulted), [val] "=&r"(val)
			     : [addr] "r"(addr)
			     : "memory");
	(void)val;
	d->faulted = faulted;
}

void trap_demo_int3(struct trap_demo *d)
{
	/* No fixup: a trap reports EIP after the instruction, so returning goes on. */
	__asm__ __volatile__("movl $1f, %[insn]\n\t"
			     "movl $2f, %[resume]\n"
			     "1:\tint3\n"
			     "2:"
			     : [insn] "=m"(d->insn), [resume] "=m"(d->resume) :: "memory");
	d->faulted = false;
}

/* 64 bytes of locals a call: ESP walks into the guard page a few bytes at a time and
 * never jumps past it. Each call writes into its caller's frame, so neither compiler may
 * turn the recursion into a loop or pass a value instead of the pointer (the frames
 * must all exist at once); the limit is read through a volatile so it cannot be proved
 * unreachable. */
static volatile u32 recurse_limit = ~0u;

static __noinline u32 trap_demo_recurse(volatile u32 *caller_frame)
{
	volatile u32 frame[16];

	frame[0] = caller_frame ? caller_frame[0] + 1 : 0;
	if (caller_frame)
		caller_frame[1] = frame[0];
	if (frame[0] == recurse_limit)
		return frame[0];
	return trap_demo_recurse(frame) + frame[1];
}

void trap_demo_doublefault(void)
{
	/* Interrupts off: the report then shows the recursion, not a timer tick that
	 * happened to arrive on the last free bytes of the stack. */
	local_irq_disable();
	panic("trap_demo_recurse returned %u: the stack never overflowed",
	      trap_demo_recurse(NULL));
}

void trap_demo_bug(void)
{
	/* ud2 is how Linux's BUG() stops; here without a fixup, so do_invalid_op() dies.
	 * The call after it also keeps gcc from leaving out this function's frame (it may
	 * when nothing after the asm needs one), which the backtrace walks through. */
	__asm__ __volatile__("ud2");
	panic("ud2 did not raise #UD");
}
