/* kernel/mm/meminfo.c - /proc/meminfo: where the RAM is, in irqlab's own layout.
 *
 *   MemTotal:         126880 kB     pages given to the page allocator at boot
 *   MemFree:          125304 kB     pages free in it now
 *   Slab:                 48 kB     pages held by the kmalloc caches
 *   KmallocLarge:          0 kB     pages held by kmalloc objects over 2048 bytes
 *   KernelStack:          16 kB     thread stacks (their guard pages not counted)
 *   FreeBlocks:       2 1 0 ... 30  free blocks of order 0 1 2 ... 10
 *   PageAllocErrors:       0        bad frees reported by the page allocator
 *   KmallocErrors:         0        kmalloc misuse reported (double free, red zone...)
 *
 *   cache          active  total  size  slot  pages/slab  slabs  bad
 *   kmalloc-16          3    64    16    64           1      1    0
 *
 * The first lines have Linux's names and units where Linux has the same quantity
 * (MemTotal, MemFree, Slab, KernelStack), so `grep MemFree /proc/meminfo` reads the same.
 * The table is one row per cache, as in Linux's /proc/slabinfo: active = live objects,
 * total = objects in all slabs, size = the object size class, slot = the bytes each
 * object takes with its header and red zones, bad = objects a check found damaged and
 * keeps out of use. MemTotal leaves out low memory, the kernel image and mem_map, as
 * Linux's leaves out what the kernel reserved at boot.
 */
#include <irqlab/irqflags.h>
#include <irqlab/seq_file.h>
#include "slab.h"

static void show_kb(struct seq_file *m, const char *name, unsigned long pages)
{
	seq_printf(m, "%-16s%8lu kB\n", name, pages << (PAGE_SHIFT - 10));
}

static int meminfo_show(struct seq_file *m)
{
	unsigned long slab_pages = 0;

	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++)
		slab_pages += (unsigned long)kmalloc_caches[i].nr_slabs << kmalloc_caches[i].order;

	show_kb(m, "MemTotal:", totalram_pages());
	show_kb(m, "MemFree:", nr_free_pages());
	show_kb(m, "Slab:", slab_pages);
	show_kb(m, "KmallocLarge:", kmalloc_large_pages);
	show_kb(m, "KernelStack:", (unsigned long)nr_thread_stacks * (THREAD_SIZE / PAGE_SIZE));
	seq_printf(m, "%-16s", "FreeBlocks:");
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		seq_printf(m, " %lu", nr_free_blocks(o));
	seq_puts(m, "\n");
	seq_printf(m, "%-16s%8u\n", "PageAllocErrors:", page_alloc_errors);
	seq_printf(m, "%-16s%8u\n", "KmallocErrors:", kmalloc_errors);

	seq_printf(m, "\n%-13s %7s %7s %5s %5s %10s %6s %4s\n", "cache", "active", "total",
		   "size", "slot", "pages/slab", "slabs", "bad");
	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++) {
		struct kmem_cache *s = &kmalloc_caches[i];
		unsigned long flags;
		u32 active, slabs, bad;

		spin_lock_irqsave(&s->lock, flags);     /* one consistent row */
		active = s->active_objs;
		slabs = s->nr_slabs;
		bad = s->bad_objs;
		spin_unlock_irqrestore(&s->lock, flags);
		seq_printf(m, "%-13s %7u %7u %5u %5u %10u %6u %4u\n", s->name, active,
			   slabs * s->objects, s->object_size, s->slot_size, 1u << s->order,
			   slabs, bad);
	}
	return 0;
}
DEFINE_PROC_FILE(meminfo, "/proc/meminfo", meminfo_show);
