/* kernel/mm/init.c - from the bootloader's memory map to a running page allocator.
 *
 * Multiboot Specification version 0.6.96, section "Boot information format": the
 * mmap_* fields carry the BIOS's E820 map as GRUB or QEMU read it.
 *
 * The page allocator gets every page frame that is
 *   - in a range the map calls usable RAM,
 *   - above the end of the kernel image (__kernel_end): below it lie the real-mode IVT,
 *     the BIOS data area and EBDA, VGA memory and ROMs, and usually the bootloader's
 *     information; irqlab leaves all of low memory alone,
 *   - below mapped_ram_top, since only that much RAM is mapped (paging_init()),
 *   - and not holding something still in use: the multiboot information and what it
 *     points to (memory map, command line, bootloader name, modules) wherever the
 *     bootloader put it, and mem_map itself.
 * One page of low memory is set aside for the APs' start-up trampoline, which must lie
 * below 1 MiB (reserve_real_mode()); the allocator never sees low memory anyway.
 * The shape is Linux's memblock: a list of reserved ranges, one early allocation
 * (mem_map) carved from the usable ranges, then every remaining page to the buddy
 * allocator, one page at a time (its merging rebuilds the large blocks).
 */
#include <irqlab/init.h>
#include <irqlab/mm.h>
#include <irqlab/panic.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include "arch/x86/cpu.h"
#include "arch/x86/multiboot.h"
#include "drivers/misc/qemu_exit.h"

extern char __kernel_start[], __kernel_end[];

struct mem_range {
	u32 start, end;                 /* [start, end), page-aligned */
};

#define MAX_RANGES 32                   /* QEMU's map has 6 entries, real BIOSes ~20 */
static struct mem_range usable[MAX_RANGES], reserved[MAX_RANGES];
static unsigned int nr_usable, nr_reserved;

/* Rounds outward: a page that holds any byte of the range is reserved. */
static void memblock_reserve(u64 start, u64 size)
{
	u64 end = ALIGN_UP(start + size, (u64)PAGE_SIZE);

	if (!size || start >= mapped_ram_top)
		return;
	if (nr_reserved == MAX_RANGES)
		panic("mm: more than %d boot-time reservations", MAX_RANGES);
	reserved[nr_reserved].start = ALIGN_DOWN((u32)start, PAGE_SIZE);
	reserved[nr_reserved].end = (u32)MIN(end, (u64)mapped_ram_top);
	nr_reserved++;
}

/* Rounds inward: only whole pages of usable RAM count. */
static void memblock_add(u64 start, u64 len)
{
	u64 lo = ALIGN_UP(MAX(start, (u64)(u32)__kernel_end), (u64)PAGE_SIZE);
	u64 hi = ALIGN_DOWN(MIN(start + len, (u64)mapped_ram_top), (u64)PAGE_SIZE);

	if (lo >= hi)
		return;
	if (nr_usable == MAX_RANGES) {
		pr_warn("mm: more than %d usable RAM ranges; ignoring [0x%08llx-0x%08llx)\n",
			MAX_RANGES, lo, hi);
		return;
	}
	usable[nr_usable].start = (u32)lo;
	usable[nr_usable].end = (u32)hi;
	nr_usable++;
}

/* The first reserved range overlapping [start, end), or NULL. */
static const struct mem_range *memblock_overlap(u32 start, u32 end)
{
	for (unsigned int i = 0; i < nr_reserved; i++)
		if (start < reserved[i].end && reserved[i].start < end)
			return &reserved[i];
	return NULL;
}

/* The lowest page-aligned run of usable, unreserved RAM of size bytes; reserved from
 * now on. NULL if there is none. */
static void *memblock_alloc(u32 size)
{
	for (unsigned int i = 0; i < nr_usable; i++) {
		u32 start = usable[i].start;

		while (size <= usable[i].end - start) {
			const struct mem_range *r = memblock_overlap(start, start + size);

			if (!r) {
				memblock_reserve(start, size);
				return (void *)start;
			}
			if (r->end >= usable[i].end)
				break;
			start = r->end;
		}
	}
	return NULL;
}

/* Paging is on: what lies above mapped_ram_top cannot be read, and need not be kept. */
static void reserve_string(u32 addr)
{
	if (addr < mapped_ram_top)
		memblock_reserve(addr, strnlen((const char *)addr, mapped_ram_top - addr) + 1);
}

static void reserve_boot_info(const struct multiboot_info *mbi)
{
	memblock_reserve((u32)mbi, sizeof(*mbi));
	if (mbi->flags & MULTIBOOT_INFO_CMDLINE)
		reserve_string(mbi->cmdline);
	if (mbi->flags & MULTIBOOT_INFO_BOOT_LOADER_NAME)
		reserve_string(mbi->boot_loader_name);
	if (mbi->flags & MULTIBOOT_INFO_MEM_MAP)
		memblock_reserve(mbi->mmap_addr, mbi->mmap_length);
	if ((mbi->flags & MULTIBOOT_INFO_MODS) && mbi->mods_addr < mapped_ram_top) {
		const struct multiboot_mod_list *mod = (const void *)mbi->mods_addr;

		memblock_reserve(mbi->mods_addr, mbi->mods_count * sizeof(*mod));
		for (u32 i = 0; i < mbi->mods_count; i++)
			memblock_reserve(mod[i].mod_start, mod[i].mod_end - mod[i].mod_start);
	}
}

static void find_usable_ram(const struct multiboot_info *mbi)
{
	if (mbi->flags & MULTIBOOT_INFO_MEM_MAP) {
		u32 p = mbi->mmap_addr, end = mbi->mmap_addr + mbi->mmap_length;

		if (end > mapped_ram_top)
			panic("mm: the bootloader's memory map at 0x%08x is not in mapped RAM", p);
		while (p < end) {
			const struct multiboot_mmap_entry *e = (const void *)p;

			if (e->type == MULTIBOOT_MEMORY_AVAILABLE)
				memblock_add(e->addr, e->len);
			p += e->size + sizeof(e->size);
		}
	} else if (mbi->flags & MULTIBOOT_INFO_MEMORY) {
		memblock_add(0x100000, (u64)mbi->mem_upper * 1024);    /* from 1 MiB up */
	}
}

/* RAM irqlab needs above its image: thread stacks, kmalloc caches, work queues. Every
 * in-kernel test suite passes with half of it free. */
#define MIN_FREE_RAM    (1024u << 10)

void mm_check_ram(u32 ram_top)
{
	u32 need = (u32)__kernel_end + MIN_FREE_RAM;

	if (ram_top >= need)
		return;
	/* No panic(): its backtrace reads the symbol table, the image's last part, which
	 * may lie beyond the end of RAM. */
	pr_emerg("irqlab: not enough memory: RAM ends at 0x%08x, irqlab needs it up to 0x%08x\n",
		 ram_top, need);
	pr_emerg("irqlab: (its image ends at 0x%08x, then %u KiB to run in)\n",
		 (u32)__kernel_end, MIN_FREE_RAM >> 10);
	pr_emerg("irqlab: give the machine at least %u MiB of RAM; halted\n",
		 ALIGN_UP(need, 1u << 20) >> 20);
	if (selftest_mode)
		qemu_exit(QEMU_EXIT_FAIL);      /* a test run ends here, as a failure */
	halt_forever();
}

u32 real_mode_page;

/* The highest page of conventional memory (below the EBDA and the VGA window at 640 KiB)
 * that the map calls usable and that holds none of the bootloader's information: the
 * trampoline is copied there only when the APs start, long after the bootloader's data
 * has been read, but the memory map itself may still be read then. Page 0 (the real-
 * mode IVT) is never taken. Before the blanket reservation of low memory. */
static void reserve_real_mode(const struct multiboot_info *mbi)
{
	const u32 conventional_top = 0xa0000;
	u32 p, end;

	if (!(mbi->flags & MULTIBOOT_INFO_MEM_MAP))
		return;
	for (p = mbi->mmap_addr, end = p + mbi->mmap_length; p < end;) {
		const struct multiboot_mmap_entry *e = (const void *)p;
		u64 lo = ALIGN_UP(MAX(e->addr, (u64)PAGE_SIZE), (u64)PAGE_SIZE);
		u64 hi = ALIGN_DOWN(MIN(e->addr + e->len, (u64)conventional_top), (u64)PAGE_SIZE);

		p += e->size + sizeof(e->size);
		if (e->type != MULTIBOOT_MEMORY_AVAILABLE)
			continue;
		lo = MAX(lo, (u64)real_mode_page + PAGE_SIZE);  /* above what we have */
		for (u64 top = hi; top > lo; top -= PAGE_SIZE) {
			if (!memblock_overlap((u32)top - PAGE_SIZE, (u32)top)) {
				real_mode_page = (u32)top - PAGE_SIZE;
				break;
			}
		}
	}
	if (real_mode_page)
		memblock_reserve(real_mode_page, PAGE_SIZE);
}

void mm_init(const struct multiboot_info *mbi)
{
	unsigned long mem_map_size;

	reserve_boot_info(mbi);
	find_usable_ram(mbi);           /* first: it checks that the map is readable */
	reserve_real_mode(mbi);
	memblock_reserve(0, (u32)__kernel_end);  /* low memory and the kernel image */

	max_pfn = mapped_ram_top >> PAGE_SHIFT;
	mem_map_size = max_pfn * sizeof(struct page);
	mem_map = memblock_alloc(mem_map_size);
	if (!mem_map)
		panic("mm: no room for mem_map (%lu KiB) in usable RAM", mem_map_size / 1024);
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++)
		mem_map[pfn] = (struct page){ .flags = PG_reserved };

	free_area_init();
	for (unsigned int i = 0; i < nr_usable; i++)
		for (u32 addr = usable[i].start; addr < usable[i].end; addr += PAGE_SIZE)
			if (!memblock_overlap(addr, addr + PAGE_SIZE))
				memblock_free_page(addr >> PAGE_SHIFT);

	pr_info("Memory: %luK available (kernel image %uK at 0x%08x, mem_map %luK at 0x%08x)\n",
		totalram_pages() << (PAGE_SHIFT - 10),
		(u32)(__kernel_end - __kernel_start) / 1024, (u32)__kernel_start,
		ALIGN_UP(mem_map_size, PAGE_SIZE) / 1024, (u32)mem_map);
	kmem_cache_init();
}
