/* arch/x86/trapnr.h - the CPU exception vectors by Linux's X86_TRAP_* names.
 *
 * Apart from traps.h so that the report code (dumpstack.c) can name vectors without
 * depending on the handlers. */
#ifndef ARCH_X86_TRAPNR_H
#define ARCH_X86_TRAPNR_H

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

#endif
