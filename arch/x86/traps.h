/* arch/x86/traps.h - CPU exception vectors (Linux's X86_TRAP_* names) and handlers. */
#ifndef ARCH_X86_TRAPS_H
#define ARCH_X86_TRAPS_H

#include "ptrace.h"

/* Intel SDM Vol. 3A, table "Protected-Mode Exceptions and Interrupts". */
enum x86_trap {
	X86_TRAP_DE = 0,        /* divide error */
	X86_TRAP_DB,            /* debug */
	X86_TRAP_NMI,           /* non-maskable interrupt */
	X86_TRAP_BP,            /* breakpoint (int3) */
	X86_TRAP_OF,            /* overflow (into) */
	X86_TRAP_BR,            /* bound range exceeded */
	X86_TRAP_UD,            /* invalid opcode */
	X86_TRAP_NM,            /* device not available */
	X86_TRAP_DF,            /* double fault */
	X86_TRAP_OLD_MF,        /* coprocessor segment overrun */
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

typedef void (*exception_handler_t)(struct pt_regs *regs);
extern exception_handler_t exception_handlers[NR_X86_TRAPS];

/* "#DE", "divide error": for reports and the gdb helpers. */
const char *trap_mnemonic(unsigned vector);
const char *trap_name(unsigned vector);

/* Counts per vector, shown by the shell and checked by the tests. */
extern u32 exception_counts[NR_X86_TRAPS];

/* The report every exception prints: name, vector, decoded error code, registers and a
 * symbolized backtrace. */
void show_exception_report(const char *level, struct pt_regs *regs);
void show_regs(const char *lvl, u32 eip, u32 cs, u32 eflags, u32 eax, u32 ebx, u32 ecx,
	       u32 edx, u32 esi, u32 edi, u32 ebp, u32 esp, u32 ds, u32 es, u32 fs, u32 gs);

#endif
