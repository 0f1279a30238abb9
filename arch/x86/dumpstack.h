/* arch/x86/dumpstack.h - the parts of an exception report that know no trap by name:
 * the decoded error code and the registers. traps.c builds the report from them. */
#ifndef ARCH_X86_DUMPSTACK_H
#define ARCH_X86_DUMPSTACK_H

#include "ptrace.h"

/* The error code of regs->vector, decoded field by field; for #PF also CR2 (cr2).
 * Any context; none of these fault themselves. */
void show_error_code(const char *lvl, const struct pt_regs *regs, u32 cr2);
/* All registers of a ring-0 frame: ESP is just above it, SS is the current one. */
void show_regs(const char *lvl, const struct pt_regs *regs);
/* The same for registers not taken from a frame on this stack (the #DF task's saved
 * state), whose sp and ss are passed. */
void __show_regs(const char *lvl, const struct pt_regs *regs, u32 sp, u32 ss);

#endif
