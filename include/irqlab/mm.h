/* include/irqlab/mm.h - physical memory: struct page, mem_map, thread stacks.
 *
 * Every page frame of mapped RAM has a struct page in mem_map[], indexed by its page
 * frame number (pfn = physical address >> PAGE_SHIFT). The struct says who owns the
 * page now: the page allocator's free lists, a caller of alloc_pages(), a kmalloc
 * cache, a thread stack, or nobody (reserved: low memory, the kernel image, mem_map
 * itself). kfree() and __free_pages() read it to tell a real free from a bug. */
#ifndef IRQLAB_MM_H
#define IRQLAB_MM_H

#include <irqlab/gfp.h>
#include <irqlab/list.h>
#include "arch/x86/paging.h"

#define PAGE_SHIFT      12
_Static_assert(1u << PAGE_SHIFT == PAGE_SIZE, "PAGE_SHIFT and PAGE_SIZE disagree");

/* page->flags */
#define PG_reserved     BIT(0)  /* never the allocator's */
#define PG_buddy        BIT(1)  /* first page of a free block, on free_area[order] */
#define PG_head         BIT(2)  /* first page of an allocated block of 2^order pages */
#define PG_slab         BIT(3)  /* part of a slab; slab_cache says whose */
#define PG_large_kmalloc BIT(4) /* with PG_head: a kmalloc() too big for the caches */
#define PG_stack        BIT(5)  /* part of a thread stack, its guard page included */

struct kmem_cache;

struct page {
	u16 flags;
	u16 order;                      /* PG_buddy, PG_head: the block is 2^order pages */
	struct list_head lru;           /* PG_buddy: free_area[order]; PG_slab: the cache's
					   partial or full list (first page of the slab) */
	struct kmem_cache *slab_cache;  /* PG_slab, on every page of the slab */
	void *freelist;                 /* PG_slab: first free object (first page) */
	u32 inuse;                      /* PG_slab: objects handed out (first page);
					   PG_large_kmalloc: bytes asked for */
};

extern struct page *mem_map;
extern unsigned long max_pfn;           /* mem_map[] covers pfns [0, max_pfn) */

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return &mem_map[pfn];
}

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn;
}

/* The pointer to the page's memory (identity mapping: its physical address). */
static inline void *page_address(const struct page *page)
{
	return (void *)(page_to_pfn(page) << PAGE_SHIFT);
}

/* The struct page of the frame holding addr, or NULL outside mem_map. */
static inline struct page *virt_to_page(const void *addr)
{
	unsigned long pfn = (unsigned long)addr >> PAGE_SHIFT;

	return pfn_valid(pfn) ? pfn_to_page(pfn) : NULL;
}

struct multiboot_info;
/* Boot-time, before paging_init(): ram_top is the end of the RAM the kernel was loaded
 * into. Too little for irqlab: says so on every console and halts (ends a selftest run
 * as a failure). */
void mm_check_ram(u32 ram_top);
/* Hands the usable RAM of the bootloader's memory map to the page allocator, then sets
 * up the kmalloc caches. Once, at boot, after paging_init(), before any allocation. */
void mm_init(const struct multiboot_info *mbi);
/* A page of usable memory below 1 MiB, kept from the allocator and from the bootloader's
 * data for the APs' start-up trampoline (arch/x86/smpboot.c); 0 if the map has none. */
extern u32 real_mode_page;
/* Boot-time, called by mm_init() (kernel/mm/page_alloc.c): empty the free lists, then
 * give the allocator each free page frame, one call per frame. */
void free_area_init(void);
void memblock_free_page(unsigned long pfn);
/* Boot-time: the kmalloc caches (kernel/mm/slab.c). */
void kmem_cache_init(void);

/* --- thread stacks (kernel/mm/stack.c) --- */
#define THREAD_SIZE_ORDER 1
#define THREAD_SIZE     (PAGE_SIZE << THREAD_SIZE_ORDER)        /* 8 KiB */

/* A kernel stack of THREAD_SIZE bytes, aligned to THREAD_SIZE, with an unmapped guard
 * page directly below. Returns its lowest address (ESP starts at base + THREAD_SIZE), or
 * NULL when out of memory. Process context (it allocates with GFP_KERNEL). */
void *alloc_thread_stack(void);
/* Maps the guard page again and frees the stack. A pointer alloc_thread_stack() did not
 * return is reported and ignored. Process context. */
void free_thread_stack(void *base);
/* Is addr in the guard page of a thread stack? For the page-fault report. Any context. */
bool addr_in_stack_guard(u32 addr);
extern u32 nr_thread_stacks;

#endif
