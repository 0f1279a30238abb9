/* arch/x86/traps.h - CPU exception vectors (Linux's X86_TRAP_* names) and handlers. */
#ifndef ARCH_X86_TRAPS_H
#define ARCH_X86_TRAPS_H

#include "ptrace.h"

/* Intel SDM Vol. 3A, table "Protected-Mode Exceptions and Interrupts". */
enum x86_trap {
	X86_TRAP_DE = 0,        /* divide error */
	X86_TRAP_DB,            /* debug */
	X86_TRAP_NMI,           /* NMI interrupt (no mnemonic) */
	X86_TRAP_BP,            /* breakpoint (int3) */
	X86_TRAP_OF,            /* overflow (into) */
	X86_TRAP_BR,            /* bound range exceeded */
	X86_TRAP_UD,            /* invalid opcode */
	X86_TRAP_NM,            /* device not available */
	X86_TRAP_DF,            /* double fault */
	X86_TRAP_OLD_MF,        /* coprocessor segment overrun (reserved; no mnemonic) */
	X86_TRAP_TS,            /* invalid TSS */
	X86_TRAP_NP,            /* segment not present */
	X86_TRAP_SS,            /* stack segment fault */
	X86_TRAP_GP,            /* general protection */
	X86_TRAP_PF,            /* page fault */
	X86_TRAP_SPURIOUS,      /* reserved (Linux: spurious interrupt bug) */
	X86_TRAP_MF,            /* x87 floating-point error */
	X86_TRAP_AC,            /* alignment check */
	X86_TRAP_MC,            /* machine check */
	X86_TRAP_XF,            /* SIMD floating-point */
	X86_TRAP_VE,            /* virtualization exception */
	X86_TRAP_CP,            /* control protection */
	NR_X86_TRAPS = 32,
};

/* Intel defines vectors 0 to X86_TRAP_CP; the rest up to 31 are reserved. */
#define NR_X86_DEFINED_TRAPS    (X86_TRAP_CP + 1)

typedef void (*exception_handler_t)(struct pt_regs *regs);
/* The handlers, by Linux's names; entry.asm reaches them through exception_handlers[]. */
void do_divide_error(struct pt_regs *regs);
void do_debug(struct pt_regs *regs);
void do_nmi(struct pt_regs *regs);
void do_int3(struct pt_regs *regs);
void do_overflow(struct pt_regs *regs);
void do_bounds(struct pt_regs *regs);
void do_invalid_op(struct pt_regs *regs);
void do_device_not_available(struct pt_regs *regs);
void do_coprocessor_segment_overrun(struct pt_regs *regs);
void do_invalid_TSS(struct pt_regs *regs);
void do_segment_not_present(struct pt_regs *regs);
void do_stack_segment(struct pt_regs *regs);
void do_general_protection(struct pt_regs *regs);
void do_page_fault(struct pt_regs *regs);
void do_spurious_interrupt_bug(struct pt_regs *regs);
void do_coprocessor_error(struct pt_regs *regs);
void do_alignment_check(struct pt_regs *regs);
void do_machine_check(struct pt_regs *regs);
void do_simd_coprocessor_error(struct pt_regs *regs);
void do_virtualization_exception(struct pt_regs *regs);
void do_control_protection(struct pt_regs *regs);
void do_reserved(struct pt_regs *regs);
/* The #DF task's C entry (entry.asm: doublefault_task_entry). */
__noreturn void do_double_fault(u32 *error_code);

extern exception_handler_t exception_handlers[NR_X86_TRAPS];

/* "#DE", "divide error", "fault": for reports, /proc/exceptions and the gdb helpers.
 * A vector the SDM gives no mnemonic (2, 9, 15, 22-31) has "--". */
const char *trap_mnemonic(unsigned vector);
const char *trap_name(unsigned vector);
const char *trap_kind_name(unsigned vector);
/* Does the CPU push an error code for this vector (SDM "Error Code")? */
bool trap_has_error_code(unsigned vector);

/* Counts per vector, shown in /proc/exceptions and checked by the tests. */
extern u32 exception_counts[NR_X86_TRAPS];

/* What the handler saw on the last exception it handled: for the tests and `trigger`,
 * which hold it against what the faulting code knows about itself. */
struct exception_record {
	u32 vector;
	u32 error_code;
	u32 eip;        /* as the CPU pushed it: the instruction (fault) or the next (trap) */
	u32 cr2;        /* #PF only: the address that faulted, read before anything else */
	u32 fixup;      /* the recovery point it resumed at, or 0 */
};
extern struct exception_record last_exception;

/* arch/x86/dumpstack.c: the report every exception prints - name, vector, decoded
 * error code, registers and a symbolized backtrace that starts at the faulting EIP and
 * follows regs->ebp. Any context; it never faults itself (the stack walk checks every
 * frame is mapped). */
void show_exception_report(const char *lvl, const struct pt_regs *regs, u32 cr2);
/* The error code, decoded field by field; for #PF also CR2 (cr2). */
void show_error_code(const char *lvl, const struct pt_regs *regs, u32 cr2);
/* All registers; sp and ss are passed because a ring-0 frame does not hold them. */
void show_regs(const char *lvl, const struct pt_regs *regs, u32 sp, u32 ss);

/* Claims int3 traps before the report (see do_int3). */
extern bool (*int3_hook)(struct pt_regs *regs);

#endif
