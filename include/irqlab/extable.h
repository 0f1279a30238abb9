/* include/irqlab/extable.h - exception fixups, as Linux's extable.
 *
 * An instruction that may fault on purpose (a demo, or later a probe of a device) is
 * listed with a recovery address:
 *
 *     asm volatile("1: divl %[d]\n"
 *                  "2:\n"
 *                  _ASM_EXTABLE(1b, 2b) ...);
 *
 * When it faults, the exception handler finds the faulting EIP in the table and resumes
 * at the recovery address instead of dying. Any fault from an address not in the table
 * is a kernel bug and panics. */
#ifndef IRQLAB_EXTABLE_H
#define IRQLAB_EXTABLE_H

#include <irqlab/types.h>

struct exception_table_entry {
	u32 insn;       /* the instruction that may fault */
	u32 fixup;      /* where to continue when it does */
};

#define _ASM_EXTABLE(from, to)                                  \
	".pushsection __ex_table, \"a\"\n\t"                    \
	".balign 4\n\t"                                         \
	".long " #from ", " #to "\n\t"                          \
	".popsection\n\t"

const struct exception_table_entry *search_exception_tables(u32 addr);

#endif
