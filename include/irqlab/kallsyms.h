/* include/irqlab/kallsyms.h - addresses to function names, for backtraces. */
#ifndef IRQLAB_KALLSYMS_H
#define IRQLAB_KALLSYMS_H

#include <irqlab/types.h>

/* Finds the function containing addr: its name, addr's offset into it, and its size.
 * Returns NULL outside the kernel's text. Any context. */
const char *kallsyms_lookup(u32 addr, u32 *offset, u32 *size);
/* "name+0xoff/0xsize", or the bare address: the form Linux prints for %pS. */
void sprint_symbol(char *buf, size_t len, u32 addr);
/* addr in a loaded module's function: writes "name+0xoff/0xsize [modname]" (the offset
 * shown is addr's plus shown_off) and returns true; false elsewhere. Any context
 * (kernel/module/kallsyms.c). */
bool module_sprint_symbol(char *buf, size_t len, u32 addr, u32 shown_off);
/* The same lookup, printed "name" or "name+0xoff" (rmmod's leak report). */
bool module_sprint_address(char *buf, size_t len, u32 addr);
/* The address of a function by name, or 0. */
u32 kallsyms_lookup_name(const char *name);

/* Prints "Call Trace:" and one symbolized line per frame, following the EBP chain from
 * ebp. Stops at a zero frame pointer, outside the kernel, or after a maximum depth. */
void show_stack(const char *level, u32 eip, u32 ebp);
void dump_stack(void);
/* dump_stack()'s first line, "CPU: N PID: P Comm: C", for a report that prints its own
 * registers and stack (an NMI backtrace), as Linux's show_regs() does. */
void dump_stack_print_info(const char *log_lvl);

#endif
