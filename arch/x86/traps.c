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
 * The report names the exception here, then arch/x86/dumpstack.c decodes the error code
 * and the registers.
 */
#include <irqlab/extable.h>
#include <irqlab/kallsyms.h>
#include <irqlab/mm.h>
#include <irqlab/module.h>
#include <irqlab/nmi.h>
#include <irqlab/panic.h>
#include <irqlab/preempt.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/seq_file.h>
#include <irqlab/trace.h>
#include "cpu.h"
#include "dumpstack.h"
#include "hardirq.h"
#include "paging.h"
#include "segment.h"
#include "traps.h"

enum trap_kind { FAULT, TRAP, FAULT_OR_TRAP, ABORT, INTR, RESERVED };

/* In vector order, one line per vector Intel defines (SDM table "Protected-Mode
 * Exceptions and Interrupts"); a missing line fails the _Static_assert below. NULL: the
 * table gives the vector no mnemonic. error_code: the CPU pushes one (the SDM's "Error
 * Code" column); entry.asm's HAS_ERROR_CODE() must name exactly these vectors, which
 * kernel/tests/test_cpu_tables.c checks against the stubs' machine code. */
static const struct {
	const char *mnemonic;
	const char *name;
	enum trap_kind kind;
	bool error_code;
} trap_info[] = {
	/*  0 */ { "#DE", "divide error",                       FAULT,         false },
	/* #DB: a fault for instruction breakpoints, a trap for the rest; DR6 tells. */
	/*  1 */ { "#DB", "debug exception",                    FAULT_OR_TRAP, false },
	/*  2 */ { NULL,  "NMI interrupt",                      INTR,          false },
	/*  3 */ { "#BP", "breakpoint (int3)",                  TRAP,          false },
	/*  4 */ { "#OF", "overflow",                           TRAP,          false },
	/*  5 */ { "#BR", "BOUND range exceeded",               FAULT,         false },
	/*  6 */ { "#UD", "invalid opcode",                     FAULT,         false },
	/*  7 */ { "#NM", "device not available",               FAULT,         false },
	/*  8 */ { "#DF", "double fault",                       ABORT,         true },
	/* Vector 9 only ever came from an Intel387 (later CPUs raise #GP instead). The table
	 * calls it a fault; the SDM's section "Interrupt 9-Coprocessor Segment Overrun" calls
	 * it an abort, since the program state after it is undefined and cannot be resumed.
	 * irqlab follows the section: its handler can only stop (do_abort). */
	/*  9 */ { NULL,  "coprocessor segment overrun (reserved)", ABORT,     false },
	/* 10 */ { "#TS", "invalid TSS",                        FAULT,         true },
	/* 11 */ { "#NP", "segment not present",                FAULT,         true },
	/* 12 */ { "#SS", "stack-segment fault",                FAULT,         true },
	/* 13 */ { "#GP", "general protection",                 FAULT,         true },
	/* 14 */ { "#PF", "page fault",                         FAULT,         true },
	/* 15 */ { NULL,  "reserved",                           RESERVED,      false },
	/* 16 */ { "#MF", "x87 FPU floating-point error",       FAULT,         false },
	/* 17 */ { "#AC", "alignment check",                    FAULT,         true },
	/* 18 */ { "#MC", "machine check",                      ABORT,         false },
	/* 19 */ { "#XM", "SIMD floating-point exception",      FAULT,         false },
	/* 20 */ { "#VE", "virtualization exception",           FAULT,         false },
	/* 21 */ { "#CP", "control protection exception",       FAULT,         true },
	/* 22-31 are reserved by Intel. */
};
_Static_assert(ARRAY_SIZE(trap_info) == NR_X86_DEFINED_TRAPS,
	       "trap_info needs one line for each vector from #DE to #CP");

static const char *const kind_names[] = {
	[FAULT] = "fault", [TRAP] = "trap", [FAULT_OR_TRAP] = "fault/trap", [ABORT] = "abort",
	[INTR] = "interrupt", [RESERVED] = "reserved",
};

u32 exception_counts[NR_X86_TRAPS];
struct exception_record last_exception;

const char *trap_mnemonic(unsigned vector)
{
	if (vector >= NR_X86_DEFINED_TRAPS || !trap_info[vector].mnemonic)
		return "--";
	return trap_info[vector].mnemonic;
}

const char *trap_name(unsigned vector)
{
	return vector < NR_X86_DEFINED_TRAPS ? trap_info[vector].name : "reserved";
}

const char *trap_kind_name(unsigned vector)
{
	return kind_names[vector < NR_X86_DEFINED_TRAPS ? trap_info[vector].kind : RESERVED];
}

bool trap_has_error_code(unsigned vector)
{
	return vector < NR_X86_DEFINED_TRAPS && trap_info[vector].error_code;
}

/* /proc/exceptions: how often each vector was taken since boot. */
static int show_exceptions(struct seq_file *m)
{
	seq_printf(m, "vec  mnem  kind        errcode     count  name\n");
	for (unsigned v = 0; v < NR_X86_TRAPS; v++)
		if (v < NR_X86_DEFINED_TRAPS || exception_counts[v])
			seq_printf(m, "%3u  %-4s  %-10s  %-7s  %8u  %s\n", v, trap_mnemonic(v),
				   trap_kind_name(v), trap_has_error_code(v) ? "yes" : "no",
				   exception_counts[v], trap_name(v));
	return 0;
}
DEFINE_PROC_FILE(exceptions, "/proc/exceptions", show_exceptions);

/* Every exception's report: what it is and where it hit, the error code decoded, the
 * registers, and a symbolized backtrace that starts at the faulting EIP and follows
 * regs->ebp. Any context; it never faults itself (the stack walk checks every frame is
 * mapped). */
static void show_exception_report(const char *lvl, const struct pt_regs *regs, u32 cr2)
{
	unsigned v = regs->vector;

	printk("%s%s %s: vector %u (%s) in kernel code, context %s\n", lvl, trap_mnemonic(v),
	       trap_name(v), v, trap_kind_name(v),
	       in_hardirq() ? "hard-IRQ" : in_serving_softirq() ? "softirq" : "task");
	show_error_code(lvl, regs, cr2);
	show_regs(lvl, regs);
	show_stack(lvl, regs->eip, regs->ebp);
}

/* The fault had no fixup: a kernel bug. Report it all, then stop. A fault while
 * reporting (a bug in the report itself) must not recurse until the stack is gone. */
static __noreturn void die(struct pt_regs *regs, u32 cr2)
{
	static bool dying;

	if (dying) {
		pr_emerg("%s %s at 0x%08x while reporting an earlier fault: halting\n",
			 trap_mnemonic(regs->vector), trap_name(regs->vector), regs->eip);
		halt_forever();
	}
	dying = true;
	oops_in_progress = true;
	show_exception_report(KERN_EMERG, regs, cr2);
	panic("Fatal exception: %s %s", trap_mnemonic(regs->vector), trap_name(regs->vector));
}

static void record_exception(const struct pt_regs *regs, u32 cr2)
{
	exception_counts[regs->vector]++;
	trace_event(TRACE_EXCEPTION, regs->vector, regs->eip);
	last_exception = (struct exception_record){
		.vector = regs->vector, .error_code = regs->error_code,
		.eip = regs->eip, .cr2 = cr2,
	};
}

/* Faults: report; then either the fixup table says where to go on, or it is fatal. */
static void do_error_trap(struct pt_regs *regs, u32 cr2)
{
	const struct exception_table_entry *e = search_exception_tables(regs->eip);

	record_exception(regs, cr2);
	if (!e)
		die(regs, cr2);
	show_exception_report(KERN_ERR, regs, cr2);
	pr_err("%s: fixup found: resuming at recovery point 0x%08x (was EIP 0x%08x)\n",
	       trap_mnemonic(regs->vector), e->fixup, regs->eip);
	last_exception.fixup = e->fixup;
	regs->eip = e->fixup;
}

/* Traps: EIP already points after the instruction; report and carry on there. */
static void do_trap_resume(struct pt_regs *regs)
{
	record_exception(regs, 0);
	show_exception_report(KERN_WARNING, regs, 0);
	pr_warn("%s is a trap: resuming at the next instruction, 0x%08x\n",
		trap_mnemonic(regs->vector), regs->eip);
}

static void do_abort(struct pt_regs *regs)
{
	record_exception(regs, 0);
	die(regs, 0);
}

/* Linux's names, so that what students read maps onto what runs here. */
void do_divide_error(struct pt_regs *regs)              { do_error_trap(regs, 0); }
void do_debug(struct pt_regs *regs)                     { do_trap_resume(regs); }

/* NMI: per-CPU count of NMIs taken, on its own CPU with NMIs blocked (hardirq.h). */
DEFINE_PER_CPU(u32, __nmi_count);

/* An NMI is either a backtrace another CPU asked for (kernel/nmi_backtrace.c), or from
 * outside (LINT1, QEMU's "nmi" command): that one is reported as a trap, as ever. */
void do_nmi(struct pt_regs *regs)
{
	this_cpu_inc(__nmi_count);
	preempt_count_add(NMI_OFFSET + HARDIRQ_OFFSET);        /* Linux's nmi_enter() */
	if (!nmi_cpu_backtrace(regs))
		do_trap_resume(regs);
	preempt_count_sub(NMI_OFFSET + HARDIRQ_OFFSET);
}
/* A breakpoint user (a debugger stub, the benchmark's own int3) may claim its int3s:
 * when the hook returns true the trap was expected and needs no report. */
bool (*int3_hook)(struct pt_regs *regs);

void do_int3(struct pt_regs *regs)
{
	if (int3_hook && int3_hook(regs))
		return;
	do_trap_resume(regs);
}

void do_overflow(struct pt_regs *regs)                  { do_trap_resume(regs); }
void do_bounds(struct pt_regs *regs)                    { do_error_trap(regs, 0); }
void do_invalid_op(struct pt_regs *regs)                { do_error_trap(regs, 0); }
void do_device_not_available(struct pt_regs *regs)      { do_error_trap(regs, 0); }
void do_coprocessor_segment_overrun(struct pt_regs *regs) { do_abort(regs); }
void do_invalid_TSS(struct pt_regs *regs)               { do_error_trap(regs, 0); }
void do_segment_not_present(struct pt_regs *regs)       { do_error_trap(regs, 0); }
void do_stack_segment(struct pt_regs *regs)             { do_error_trap(regs, 0); }
void do_general_protection(struct pt_regs *regs)        { do_error_trap(regs, 0); }
void do_spurious_interrupt_bug(struct pt_regs *regs)    { record_exception(regs, 0); }
void do_coprocessor_error(struct pt_regs *regs)         { do_error_trap(regs, 0); }
void do_alignment_check(struct pt_regs *regs)           { do_error_trap(regs, 0); }
void do_machine_check(struct pt_regs *regs)             { do_abort(regs); }
void do_simd_coprocessor_error(struct pt_regs *regs)    { do_error_trap(regs, 0); }
void do_virtualization_exception(struct pt_regs *regs)  { do_error_trap(regs, 0); }
void do_control_protection(struct pt_regs *regs)        { do_error_trap(regs, 0); }
void do_reserved(struct pt_regs *regs)                  { do_abort(regs); }

void do_page_fault(struct pt_regs *regs)
{
	/* CR2 first: any fault taken while handling this one would overwrite it. */
	u32 address = read_cr2();
	unsigned long start, end;
	const char *mod;

	/* A call or access through a pointer a force-removed module left behind: its pages
	 * were unmapped for this (kernel/module/force.c). Linux's first line of a kernel
	 * page fault, with the module named. */
	if (module_unloaded_at(address, &mod, &start, &end) ||
	    module_unloaded_at(regs->eip, &mod, &start, &end))
		pr_emerg("BUG: unable to handle page fault for address: 0x%08x in unloaded "
			 "module %s [0x%08lx-0x%08lx] (removed by rmmod -f)\n", address, mod,
			 start, end);
	do_error_trap(regs, address);
}

/* Vector 8 never comes here: its gate is a task gate (idt.c). If it did, the gate was
 * overwritten - a bug worth a clear panic. */
static void do_double_fault_via_interrupt_gate(struct pt_regs *regs) { do_abort(regs); }

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

/* Entered by the #DF task gate (entry.asm) on doublefault_tss's own stack, with
 * interrupts off. The task that faulted was saved by the CPU into main_tss, the TSS that
 * TR named: its registers are the ones to report, not this task's. There is no way back
 * (the SDM makes #DF an abort), so this halts. */
void __noreturn do_double_fault(u32 *error_code)
{
	const struct tss *t = this_cpu_ptr(&main_tss);
	struct pt_regs regs = {
		.edi = t->edi, .esi = t->esi, .ebp = t->ebp, .ebx = t->ebx,
		.edx = t->edx, .ecx = t->ecx, .eax = t->eax,
		.gs = t->gs, .fs = t->fs, .es = t->es, .ds = t->ds,
		.vector = X86_TRAP_DF, .error_code = *error_code,
		.eip = t->eip, .cs = t->cs, .eflags = t->eflags,
	};

	oops_in_progress = true;
	record_exception(&regs, 0);
	pr_emerg("#DF double fault: vector 8 (abort), through the task gate to the TSS at "
		 "selector 0x%04x, on its own stack\n", __DOUBLEFAULT_TSS);
	show_error_code(KERN_EMERG, &regs, 0);
	pr_emerg("the faulting task, as the CPU saved it in main_tss (back link 0x%04x):\n",
		 this_cpu_ptr(&doublefault_tss)->prev_task_link);
	__show_regs(KERN_EMERG, &regs, t->esp, t->ss);
	pr_emerg("thread: %s (pid %d), stack 0x%08x-0x%08x, guard page 0x%08x-0x%08x\n",
		 current->comm, current->pid, (u32)current->stack,
		 (u32)current->stack + THREAD_SIZE - 1, (u32)current->stack - PAGE_SIZE,
		 (u32)current->stack - 1);
	if (!kern_addr_mapped(t->esp - 4))
		pr_emerg("ESP-4 = 0x%08x is not mapped: the stack ran into a guard page, so "
			 "the CPU could not push the first exception's frame either\n", t->esp - 4);
	show_stack(KERN_EMERG, t->eip, t->ebp);
	panic("double fault");
}
