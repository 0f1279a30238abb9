/* arch/x86/traps.h - CPU exception vectors (Linux's X86_TRAP_* names) and handlers. */
#ifndef ARCH_X86_TRAPS_H
#define ARCH_X86_TRAPS_H

#include "ptrace.h"
#include "trapnr.h"

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

/* Claims int3 traps before the report (see do_int3). */
extern bool (*int3_hook)(struct pt_regs *regs);

#endif
