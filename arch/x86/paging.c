/* arch/x86/paging.c - 32-bit paging: RAM identity-mapped, with holes where a touch
 * must fault.
 *
 * Intel SDM Vol. 3A, "Paging", sections "32-Bit Paging" (the page directory and page
 * table formats) and "Page-Fault Exceptions".
 *
 * Virtual = physical for all of RAM, so the code reads as if paging were off - except
 * that page 0 is not mapped (a NULL dereference is a #PF, not a silent read of the real
 * mode IVT) and the page below each stack is not mapped (running off a stack is a #PF,
 * and, since the CPU then cannot push the #PF frame, a double fault).
 */
#include <irqlab/errno.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include "cpu.h"
#include "paging.h"
#include "segment.h"

#define PTE_PRESENT     BIT(0)
#define PTE_WRITE       BIT(1)
#define PTE_PWT         BIT(3)          /* write-through */
#define PTE_PCD         BIT(4)          /* cache disable: device registers */
#define PTE_ADDR_MASK   0xfffff000u

#define PGDIR_SHIFT     22
#define PTRS_PER_TABLE  1024
#define MAX_MAPPED_RAM  (256u << 20)    /* static page tables cover this much RAM */
#define NR_RAM_TABLES   (MAX_MAPPED_RAM >> PGDIR_SHIFT)
#define NR_IO_TABLES    4               /* for device register pages above RAM */

static u32 page_dir[PTRS_PER_TABLE] __aligned(PAGE_SIZE);
static u32 ram_tables[NR_RAM_TABLES][PTRS_PER_TABLE] __aligned(PAGE_SIZE);
static u32 io_tables[NR_IO_TABLES][PTRS_PER_TABLE] __aligned(PAGE_SIZE);
static unsigned int io_tables_used;
u32 mapped_ram_top;

static u32 *pte_of(u32 addr)
{
	u32 pde = page_dir[addr >> PGDIR_SHIFT];

	if (!(pde & PTE_PRESENT))
		return NULL;
	return &((u32 *)(pde & PTE_ADDR_MASK))[(addr >> 12) & (PTRS_PER_TABLE - 1)];
}

bool kern_addr_mapped(u32 addr)
{
	u32 *pte;

	if (!(read_cr0() & CR0_PG))
		return addr >= PAGE_SIZE;
	pte = pte_of(addr);
	return pte && (*pte & PTE_PRESENT);
}

void set_guard_page(u32 addr)
{
	u32 *pte = pte_of(addr);

	if (pte) {
		*pte &= ~PTE_PRESENT;
		invlpg(addr);
	}
}

void clear_guard_page(u32 addr)
{
	u32 *pte = pte_of(addr);

	if (pte && addr < mapped_ram_top) {
		*pte = (addr & PTE_ADDR_MASK) | PTE_PRESENT | PTE_WRITE;
		invlpg(addr);   /* a not-present PTE is never in the TLB; this costs little */
	}
}

int ioremap_page(u32 phys)
{
	u32 *pte;

	phys &= PTE_ADDR_MASK;
	if (!(page_dir[phys >> PGDIR_SHIFT] & PTE_PRESENT)) {
		if (io_tables_used == NR_IO_TABLES)
			return -ENOMEM;
		page_dir[phys >> PGDIR_SHIFT] = (u32)io_tables[io_tables_used++] | PTE_PRESENT | PTE_WRITE;
	}
	pte = pte_of(phys);
	*pte = phys | PTE_PRESENT | PTE_WRITE | PTE_PCD | PTE_PWT;
	invlpg(phys);
	return 0;
}

void paging_init(u32 ram_top)
{
	if (ram_top > MAX_MAPPED_RAM) {
		pr_warn("paging: mapping the first %u MiB of %u MiB of RAM\n",
			MAX_MAPPED_RAM >> 20, ram_top >> 20);
		ram_top = MAX_MAPPED_RAM;
	}
	ram_top = ALIGN_DOWN(ram_top, PAGE_SIZE);
	mapped_ram_top = ram_top;

	for (u32 addr = 0; addr < ram_top; addr += PAGE_SIZE) {
		u32 t = addr >> PGDIR_SHIFT;

		ram_tables[t][(addr >> 12) & (PTRS_PER_TABLE - 1)] = addr | PTE_PRESENT | PTE_WRITE;
		page_dir[t] = (u32)ram_tables[t] | PTE_PRESENT | PTE_WRITE;
	}
	ram_tables[0][0] = 0;                   /* page 0: NULL dereferences fault */
	ram_tables[0][(u32)boot_stack_guard >> 12] = 0;  /* below the boot stack */

	write_cr3((u32)page_dir);
	write_cr0(read_cr0() | CR0_PG | CR0_WP);
	/* The double-fault task loads CR3 from its TSS on every switch. (The other CPUs'
	 * double-fault TSSs are set up later, from the CR3 of this moment.) */
	this_cpu_ptr(&doublefault_tss)->cr3 = (u32)page_dir;
}
