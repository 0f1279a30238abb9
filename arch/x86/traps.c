/* arch/x86/traps.c - CPU exceptions: vectors 0-31.
 *
 * Intel SDM Vol. 3A, "Interrupt and Exception Handling": sections "Exception
 * Classifications" (fault, trap, abort), "Error Code", and "Exception and Interrupt
 * Reference" (one entry per vector: what pushes an error code, where EIP points).
 *
 * A fault leaves EIP at the faulting instruction, so returning retries it; a trap leaves
 * EIP after the instruction, so returning goes on. irqlab's handlers:
 *   - traps (#DB, #BP, #OF) print a report and resume;
 *   - faults in kernel code look for an exception fixup (include/irqlab/extable.h) and
 *     resume at its recovery point, or else print the report and panic;
 *   - #DF comes through a task gate to do_double_fault(), which reports and halts.
 */
#include <irqlab/extable.h>
#include <irqlab/kallsyms.h>
#include <irqlab/panic.h>
#include <irqlab/printk.h>
#include <irqlab/interrupt.h>
#include "cpu.h"
#include "segment.h"
#include "traps.h"

enum trap_kind { FAULT, TRAP, ABORT, INTR, RESERVED };

static const struct {
	const char *mnemonic;
	const char *name;
	enum trap_kind kind;
} trap_info[NR_X86_TRAPS] = {
	[X86_TRAP_DE]       = { "#DE", "divide error",                 FAULT },
	[X86_TRAP_DB]       = { "#DB", "debug",                        TRAP },
	[X86_TRAP_NMI]      = { "NMI", "non-maskable interrupt",       INTR },
	[X86_TRAP_BP]       = { "#BP", "breakpoint (int3)",            TRAP },
	[X86_TRAP_OF]       = { "#OF", "overflow",                     TRAP },
	[X86_TRAP_BR]       = { "#BR", "bound range exceeded",         FAULT },
	[X86_TRAP_UD]       = { "#UD", "invalid opcode",               FAULT },
	[X86_TRAP_NM]       = { "#NM", "device not available",         FAULT },
	[X86_TRAP_DF]       = { "#DF", "double fault",                 ABORT },
	[X86_TRAP_OLD_MF]   = { "#MF", "coprocessor segment overrun",  ABORT },
	[X86_TRAP_TS]       = { "#TS", "invalid TSS",                  FAULT },
	[X86_TRAP_NP]       = { "#NP", "segment not present",          FAULT },
	[X86_TRAP_SS]       = { "#SS", "stack segment fault",          FAULT },
	[X86_TRAP_GP]       = { "#GP", "general protection",           FAULT },
	[X86_TRAP_PF]       = { "#PF", "page fault",                   FAULT },
	[X86_TRAP_SPURIOUS] = { "--",  "reserved",                     RESERVED },
	[X86_TRAP_MF]       = { "#MF", "x87 floating-point error",     FAULT },
	[X86_TRAP_AC]       = { "#AC", "alignment check",              FAULT },
	[X86_TRAP_MC]       = { "#MC", "machine check",                ABORT },
	[X86_TRAP_XF]       = { "#XM", "SIMD floating-point exception", FAULT },
	[X86_TRAP_VE]       = { "#VE", "virtualization exception",     FAULT },
	[X86_TRAP_CP]       = { "#CP", "control protection",           FAULT },
	/* 22-31 are reserved by Intel. */
};

static const char *const kind_names[] = {
	[FAULT] = "fault", [TRAP] = "trap", [ABORT] = "abort", [INTR] = "interrupt",
	[RESERVED] = "reserved",
};

u32 exception_counts[NR_X86_TRAPS];

const char *trap_mnemonic(unsigned vector)
{
	return vector < NR_X86_TRAPS && trap_info[vector].mnemonic ? trap_info[vector].mnemonic : "#??";
}

const char *trap_name(unsigned vector)
{
	return vector < NR_X86_TRAPS && trap_info[vector].name ? trap_info[vector].name : "reserved";
}

static enum trap_kind trap_kind(unsigned vector)
{
	return vector < NR_X86_TRAPS && trap_info[vector].name ? trap_info[vector].kind : RESERVED;
}

/* Error codes, SDM "Error Code": for segment-related faults a selector, for #PF the
 * P/W/U/RSVD/I bits. */
#define SEL_EC_EXT      BIT(0)  /* the event was external to the program */
#define SEL_EC_IDT      BIT(1)  /* the index refers to an IDT gate */
#define SEL_EC_TI       BIT(2)  /* with IDT=0: LDT (1) or GDT (0) */
#define SEL_EC_INDEX(e) (((e) >> 3) & 0x1fff)

#define PF_PROT         BIT(0)  /* 0: page not present; 1: protection violation */
#define PF_WRITE        BIT(1)  /* 0: read; 1: write */
#define PF_USER         BIT(2)  /* 0: supervisor; 1: user mode */
#define PF_RSVD         BIT(3)  /* a reserved bit was set in a paging entry */
#define PF_INSTR        BIT(4)  /* an instruction fetch */

static void show_error_code(const char *lvl, const struct pt_regs *regs)
{
	u32 ec = regs->error_code;

	switch (regs->vector) {
	case X86_TRAP_TS:
	case X86_TRAP_NP:
	case X86_TRAP_SS:
	case X86_TRAP_GP:
		if (ec == 0) {
			printk("%serror code: 0x0000 (not caused by a segment selector)\n", lvl);
			break;
		}
		printk("%serror code: 0x%04x: selector index %u in the %s%s\n", lvl, ec,
		       SEL_EC_INDEX(ec),
		       (ec & SEL_EC_IDT) ? "IDT" : (ec & SEL_EC_TI) ? "LDT" : "GDT",
		       (ec & SEL_EC_EXT) ? ", external event" : "");
		break;
	case X86_TRAP_PF:
		printk("%serror code: 0x%04x: %s %s of a %s page%s, CR2 (address) = 0x%08x\n",
		       lvl, ec, (ec & PF_USER) ? "user" : "supervisor",
		       (ec & PF_INSTR) ? "instruction fetch" : (ec & PF_WRITE) ? "write" : "read",
		       (ec & PF_PROT) ? "present (protection)" : "not-present",
		       (ec & PF_RSVD) ? ", reserved bit set" : "", read_cr2());
		break;
	case X86_TRAP_DF:
	case X86_TRAP_AC:
	case X86_TRAP_CP:
		printk("%serror code: 0x%04x\n", lvl, ec);
		break;
	default:
		break;  /* no error code for this vector */
	}
}

void show_regs(const char *lvl, u32 eip, u32 cs, u32 eflags, u32 eax, u32 ebx, u32 ecx,
	       u32 edx, u32 esi, u32 edi, u32 ebp, u32 esp, u32 ds, u32 es, u32 fs, u32 gs)
{
	char sym[96];

	sprint_symbol(sym, sizeof(sym), eip);
	printk("%sEIP: %04x:[<%08x>] %s\n", lvl, cs & 0xffff, eip, sym);
	printk("%sEAX: %08x EBX: %08x ECX: %08x EDX: %08x\n", lvl, eax, ebx, ecx, edx);
	printk("%sESI: %08x EDI: %08x EBP: %08x ESP: %08x\n", lvl, esi, edi, ebp, esp);
	printk("%sDS: %04x ES: %04x FS: %04x GS: %04x EFLAGS: %08x\n", lvl,
	       ds & 0xffff, es & 0xffff, fs & 0xffff, gs & 0xffff, eflags);
	printk("%sCR0: %08x CR2: %08x CR3: %08x CR4: %08x\n", lvl,
	       read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

void show_exception_report(const char *lvl, struct pt_regs *regs)
{
	unsigned v = regs->vector;

	printk("%s%s %s: vector %u (%s) in kernel code, context %s\n", lvl, trap_mnemonic(v),
	       trap_name(v), v, kind_names[trap_kind(v)],
	       in_hardirq() ? "hard-IRQ" : in_serving_softirq() ? "softirq" : "task");
	show_error_code(lvl, regs);
	show_regs(lvl, regs->eip, regs->cs, regs->eflags, regs->eax, regs->ebx, regs->ecx,
		  regs->edx, regs->esi, regs->edi, regs->ebp, regs_kernel_sp(regs),
		  regs->ds, regs->es, regs->fs, regs->gs);
	show_stack(lvl, regs->eip, regs->ebp);
}

/* The fault had no fixup: a kernel bug. Report it all, then stop. */
static __noreturn void die(struct pt_regs *regs)
{
	show_exception_report(KERN_EMERG, regs);
	panic("Fatal exception: %s %s", trap_mnemonic(regs->vector), trap_name(regs->vector));
}

static bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e = search_exception_tables(regs->eip);

	if (!e)
		return false;
	pr_info("%s: fixup found: resuming at recovery point 0x%08x (was EIP 0x%08x)\n",
		trap_mnemonic(regs->vector), e->fixup, regs->eip);
	regs->eip = e->fixup;
	return true;
}

/* Faults: report; then either the fixup table says where to go on, or it is fatal. */
static void do_error_trap(struct pt_regs *regs)
{
	exception_counts[regs->vector]++;
	if (search_exception_tables(regs->eip)) {
		show_exception_report(KERN_ERR, regs);
		fixup_exception(regs);
		return;
	}
	die(regs);
}

/* Traps: EIP already points after the instruction; report and carry on there. */
static void do_trap_resume(struct pt_regs *regs)
{
	exception_counts[regs->vector]++;
	show_exception_report(KERN_WARNING, regs);
	pr_warn("%s is a trap: resuming at the next instruction, 0x%08x\n",
		trap_mnemonic(regs->vector), regs->eip);
}

/* Linux's names, so that what students read maps onto what runs here. */
void do_divide_error(struct pt_regs *regs)              { do_error_trap(regs); }
void do_debug(struct pt_regs *regs)                     { do_trap_resume(regs); }
void do_nmi(struct pt_regs *regs)                       { do_trap_resume(regs); }
void do_int3(struct pt_regs *regs)                      { do_trap_resume(regs); }
void do_overflow(struct pt_regs *regs)                  { do_trap_resume(regs); }
void do_bounds(struct pt_regs *regs)                    { do_error_trap(regs); }
void do_invalid_op(struct pt_regs *regs)                { do_error_trap(regs); }
void do_device_not_available(struct pt_regs *regs)      { do_error_trap(regs); }
void do_coprocessor_segment_overrun(struct pt_regs *regs) { do_error_trap(regs); }
void do_invalid_TSS(struct pt_regs *regs)               { do_error_trap(regs); }
void do_segment_not_present(struct pt_regs *regs)       { do_error_trap(regs); }
void do_stack_segment(struct pt_regs *regs)             { do_error_trap(regs); }
void do_general_protection(struct pt_regs *regs)        { do_error_trap(regs); }
void do_page_fault(struct pt_regs *regs)                { do_error_trap(regs); }
void do_spurious_interrupt_bug(struct pt_regs *regs)    { exception_counts[regs->vector]++; }
void do_coprocessor_error(struct pt_regs *regs)         { do_error_trap(regs); }
void do_alignment_check(struct pt_regs *regs)           { do_error_trap(regs); }
void do_machine_check(struct pt_regs *regs)             { exception_counts[regs->vector]++; die(regs); }
void do_simd_coprocessor_error(struct pt_regs *regs)    { do_error_trap(regs); }
void do_virtualization_exception(struct pt_regs *regs)  { do_error_trap(regs); }
void do_control_protection(struct pt_regs *regs)        { do_error_trap(regs); }
void do_reserved(struct pt_regs *regs)                  { exception_counts[regs->vector]++; die(regs); }
/* Vector 8 never comes here: its gate is a task gate (idt.c). If it did, the gate was
 * overwritten - a bug worth a clear panic. */
static void do_double_fault_via_interrupt_gate(struct pt_regs *regs) { die(regs); }

exception_handler_t exception_handlers[NR_X86_TRAPS] = {
	[X86_TRAP_DE]       = do_divide_error,
	[X86_TRAP_DB]       = do_debug,
	[X86_TRAP_NMI]      = do_nmi,
	[X86_TRAP_BP]       = do_int3,
	[X86_TRAP_OF]       = do_overflow,
	[X86_TRAP_BR]       = do_bounds,
	[X86_TRAP_UD]       = do_invalid_op,
	[X86_TRAP_NM]       = do_device_not_available,
	[X86_TRAP_DF]       = do_double_fault_via_interrupt_gate,
	[X86_TRAP_OLD_MF]   = do_coprocessor_segment_overrun,
	[X86_TRAP_TS]       = do_invalid_TSS,
	[X86_TRAP_NP]       = do_segment_not_present,
	[X86_TRAP_SS]       = do_stack_segment,
	[X86_TRAP_GP]       = do_general_protection,
	[X86_TRAP_PF]       = do_page_fault,
	[X86_TRAP_SPURIOUS] = do_spurious_interrupt_bug,
	[X86_TRAP_MF]       = do_coprocessor_error,
	[X86_TRAP_AC]       = do_alignment_check,
	[X86_TRAP_MC]       = do_machine_check,
	[X86_TRAP_XF]       = do_simd_coprocessor_error,
	[X86_TRAP_VE]       = do_virtualization_exception,
	[X86_TRAP_CP]       = do_control_protection,
	[22 ... 31]         = do_reserved,
};

/* Entered by the #DF task gate on doublefault_tss's own stack. The task that faulted was
 * saved by the CPU into main_tss: its registers are the ones to report. There is no way
 * back (the SDM makes #DF an abort), so this halts. */
void __noreturn do_double_fault(u32 *error_code)
{
	struct tss *t = &main_tss;
	char sym[96];

	exception_counts[X86_TRAP_DF]++;
	sprint_symbol(sym, sizeof(sym), t->eip);
	pr_emerg("#DF double fault: vector 8 (abort), handled by a task gate on its own stack\n");
	pr_emerg("error code: 0x%04x; an exception happened while delivering another, "
		 "e.g. a #PF pushing onto an overflowed stack\n", *error_code);
	show_regs(KERN_EMERG, t->eip, t->cs, t->eflags, t->eax, t->ebx, t->ecx, t->edx,
		  t->esi, t->edi, t->ebp, t->esp, t->ds, t->es, t->fs, t->gs);
	pr_emerg("faulting stack pointer 0x%08x, at %s\n", t->esp, sym);
	show_stack(KERN_EMERG, t->eip, t->ebp);
	panic("double fault");
}
