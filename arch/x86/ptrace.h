/* arch/x86/ptrace.h - struct pt_regs, the frame every exception and interrupt builds.
 *
 * Intel SDM Vol. 3A, "Interrupt and Exception Handling", section "Exception and
 * Interrupt Handling" (figure "Stack Usage on Transfers to Interrupt and Exception-
 * Handling Routines"): with no privilege change the CPU pushes EFLAGS, CS, EIP and, for
 * some exceptions, an error code. arch/x86/entry.asm pushes the rest. Lowest address
 * first, so the field order is the reverse of the push order.
 */
#ifndef ARCH_X86_PTRACE_H
#define ARCH_X86_PTRACE_H

#include <irqlab/types.h>

struct pt_regs {
	/* Pushed by PUSHAD in common_entry. */
	u32 edi, esi, ebp;
	u32 esp_pushad;         /* ESP as PUSHAD saw it (points at gs); ignored by POPAD */
	u32 ebx, edx, ecx, eax;
	/* Pushed by common_entry, as 32-bit slots. */
	u32 gs, fs, es, ds;
	/* Pushed by the vector stub. */
	u32 vector;
	u32 error_code;         /* pushed by the CPU for vectors 8, 10-14, 17, 21; else 0 by the stub */
	/* Pushed by the CPU. irqlab runs in ring 0 only, so there is never an ESP/SS pair. */
	u32 eip, cs, eflags;
};

/* Checked against the asm that builds it (PT_REGS_SIZE in entry.asm). */
#define PT_REGS_SIZE 68
_Static_assert(sizeof(struct pt_regs) == PT_REGS_SIZE, "entry.asm builds a 68-byte frame");
_Static_assert(__builtin_offsetof(struct pt_regs, gs) == 32 &&
	       __builtin_offsetof(struct pt_regs, ds) == 44 &&
	       __builtin_offsetof(struct pt_regs, vector) == 48,
	       "entry.asm's PT_REGS_GS .. PT_REGS_DS and PT_REGS_VECTOR");

/* The stack pointer of the interrupted code: just above the frame, because in ring 0 the
 * CPU did not switch stacks. */
static inline u32 regs_kernel_sp(const struct pt_regs *regs)
{
	return (u32)regs + sizeof(*regs);
}

#endif
