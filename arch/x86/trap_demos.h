/* arch/x86/trap_demos.h - instructions that raise CPU exceptions on purpose, for the
 * shell's `trigger` command and the KTAP suites. */
#ifndef ARCH_X86_TRAP_DEMOS_H
#define ARCH_X86_TRAP_DEMOS_H

#include <irqlab/types.h>
#include "segment.h"

/* What one demo did, from labels in its own asm (not from the exception handler, so a
 * test can hold the handler's view against it). */
struct trap_demo {
	u32 insn;       /* the instruction meant to raise the exception */
	u32 resume;     /* the fixup's recovery point; for int3, the next instruction */
	bool faulted;   /* the instruction did not complete: execution came to resume */
};

/* The page fault demo writes to a field of a NULL struct pointer, the commonest kernel
 * #PF: CR2 then reads this address. */
struct trap_demo_dev {
	u32 id;
	u32 status;
};
#define TRAP_DEMO_NULL_FIELD    ((u32)offsetof(struct trap_demo_dev, status))

/* The #GP demo loads FS with the first selector past the end of the GDT. */
#define TRAP_DEMO_BAD_SELECTOR  (GDT_ENTRIES << 3)

/* Each faults once and comes back through its exception fixup (include/irqlab/extable.h).
 * Process context, any IRQ state. */
void trap_demo_divide(struct trap_demo *d);             /* #DE: divl by zero */
void trap_demo_gp(struct trap_demo *d);                 /* #GP: bad selector into FS */
void trap_demo_ud(struct trap_demo *d);                 /* #UD: ud2 */
/* A 32-bit write (of 0x1bad, should addr be mapped after all) or read at addr: #PF
 * when addr is not mapped. */
void trap_demo_write(struct trap_demo *d, u32 addr);
void trap_demo_read(struct trap_demo *d, u32 addr);

/* #BP: a trap, so no fixup: the handler returns after the int3 by itself. */
void trap_demo_int3(struct trap_demo *d);

/* Unbounded recursion into the guard page below the calling thread's stack (the shell's,
 * for `trigger doublefault`): #PF, whose frame cannot be pushed either, so #DF through
 * its task gate. Never returns. */
__noreturn void trap_demo_doublefault(void);

/* A ud2 with no fixup: what a kernel bug looks like. Panics; never returns. */
__noreturn void trap_demo_bug(void);

#endif
