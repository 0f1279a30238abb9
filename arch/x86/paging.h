#ifndef ARCH_X86_PAGING_H
#define ARCH_X86_PAGING_H
#include <irqlab/types.h>

#define PAGE_SIZE       4096u

/* Identity-maps RAM [0, ram_top) except page 0 and the stack guard pages, then turns
 * paging on. */
void paging_init(u32 ram_top);
/* Maps one page of device registers at its own address, uncached (PCD|PWT). */
int ioremap_page(u32 phys);
/* Is addr mapped? For backtraces, which must not fault while reporting a fault. */
bool kern_addr_mapped(u32 addr);
/* Unmaps one page so that touching it faults (guard pages below stacks). */
void set_guard_page(u32 addr);
/* Maps a guard page of RAM again (the stack above it is being freed). */
void clear_guard_page(u32 addr);
extern u32 mapped_ram_top;
/* The boot stack (boot/boot.asm), the idle thread's after sched_init(); its guard page. */
extern char boot_stack_guard[], boot_stack_bottom[], boot_stack_top[];
#endif
