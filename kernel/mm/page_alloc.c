/* kernel/mm/page_alloc.c - the buddy allocator: physical pages in blocks of 2^order.
 *
 * free_area[k] lists the free blocks of 2^k pages. Every block is aligned to its size, so
 * a block of order k at pfn p has exactly one "buddy": the block of the same order at
 * p ^ (1 << k); the two together form the aligned block of order k+1.
 *
 *   alloc_pages(order): take the smallest free block of at least that order; while it
 *     is too large, split it in half and put the upper half (a buddy) on the free list
 *     one order down.
 *   __free_pages(order): while the buddy is free and of the same order, take it off its
 *     list and merge; put the result on the list of its final order.
 *
 * Knuth, The Art of Computer Programming vol. 1, "Dynamic Storage Allocation", the buddy
 * system; Linux mm/page_alloc.c works the same way (with zones and per-CPU page lists that
 * irqlab leaves out: one zone, and every CPU takes its lock).
 *
 * Locking: zone_lock (Linux's zone->lock) covers the free lists, the counts and the
 * flags and order of every page that is free or changing hands here. It is taken with
 * interrupts off (irqsave), since interrupt handlers allocate with GFP_ATOMIC, and held
 * only for list work: zeroing a block and reporting a bad free happen outside it.
 *
 * Bookkeeping lives in struct page (include/irqlab/mm.h), never in the free pages
 * themselves, so a stray write into freed memory cannot break the free lists, and every
 * free is checked against the page's state before it is believed.
 */
#include <irqlab/gfp.h>
#include <irqlab/irqflags.h>
#include <irqlab/mm.h>
#include <irqlab/wait.h>
#include <irqlab/panic.h>
#include <irqlab/printk.h>
#include <irqlab/spinlock.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>

struct free_area {
	struct list_head free_list;
	unsigned long nr_free;          /* blocks on free_list */
};

/* zone_lock: free_area, nr_free, page_alloc_errors, and page->flags/order of the
 * pages of free blocks. A leaf lock: nothing is taken under it (printk aside). */
static DEFINE_SPINLOCK(zone_lock);
static struct free_area free_area[NR_PAGE_ORDERS];
static unsigned long nr_free;           /* pages, in all free blocks */
static unsigned long managed_pages;     /* pages given to the allocator at boot: boot only */
u32 page_alloc_errors;                  /* zone_lock */

struct page *mem_map;
unsigned long max_pfn;

static void add_to_free_list(struct page *page, unsigned int order)
{
	page->flags = PG_buddy;
	page->order = order;
	list_add(&page->lru, &free_area[order].free_list);
	free_area[order].nr_free++;
}

static void del_from_free_list(struct page *page, unsigned int order)
{
	list_del(&page->lru);
	page->flags &= ~PG_buddy;
	free_area[order].nr_free--;
}

/* Is the block of this order at buddy_pfn free as a whole, so that it can merge? */
static bool buddy_is_free(unsigned long buddy_pfn, unsigned int order)
{
	struct page *buddy;

	if (!pfn_valid(buddy_pfn))
		return false;
	buddy = pfn_to_page(buddy_pfn);
	return (buddy->flags & PG_buddy) && buddy->order == order;
}

/* Puts a block on the free lists, merging it with its buddies as far as they are free. */
static void __free_one_page(unsigned long pfn, unsigned int order)
{
	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1ul << order);

		if (!buddy_is_free(buddy_pfn, order))
			break;
		del_from_free_list(pfn_to_page(buddy_pfn), order);
		pfn &= ~(1ul << order);         /* the merged block starts at the lower one */
		order++;
	}
	add_to_free_list(pfn_to_page(pfn), order);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = NULL;
	unsigned long flags;
	unsigned int o;

	might_sleep_if(gfpflags_allow_blocking(gfp));   /* GFP_KERNEL: process context only */
	if (WARN(order > MAX_PAGE_ORDER, "alloc_pages: order %u is above MAX_PAGE_ORDER (%u)\n",
		 order, MAX_PAGE_ORDER))
		return NULL;

	spin_lock_irqsave(&zone_lock, flags);
	for (o = order; o <= MAX_PAGE_ORDER; o++) {
		if (!list_empty(&free_area[o].free_list)) {
			page = list_first_entry(&free_area[o].free_list, struct page, lru);
			break;
		}
	}
	if (page) {
		del_from_free_list(page, o);
		while (o > order) {             /* split: the upper half stays free */
			o--;
			add_to_free_list(page + (1ul << o), o);
		}
		page->flags = PG_head;
		page->order = order;
		nr_free -= 1ul << order;
	}
	spin_unlock_irqrestore(&zone_lock, flags);

	if (page && (gfp & __GFP_ZERO))
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
}

/* Why the first page of a block cannot be freed as one of this order, or NULL if it
 * can. */
static const char *bad_free_reason(const struct page *page, unsigned int order)
{
	if (page->flags & PG_reserved)
		return "the page is reserved (low memory, the kernel image or mem_map): it "
		       "was never the allocator's";
	if (page->flags & PG_buddy)
		return "the page is already free (double free)";
	if (page->flags & PG_slab)
		return "the page belongs to a kmalloc cache: free its objects with kfree()";
	if (page->flags & PG_stack)
		return "the page is part of a thread stack: use free_thread_stack()";
	if (page->flags & PG_large_kmalloc)
		return "the block was allocated by kmalloc(): free it with kfree()";
	if (!(page->flags & PG_head))
		return "the page does not start an allocated block (freed twice, inside a "
		       "larger block, or never allocated)";
	if (page->order != order)
		return "the block was allocated with another order";
	return NULL;
}

void __free_pages(struct page *page, unsigned int order)
{
	unsigned long flags, pfn = page ? page_to_pfn(page) : 0;
	const char *why;
	char allocated[32] = "";

	spin_lock_irqsave(&zone_lock, flags);
	if (!page || !pfn_valid(pfn)) {
		why = "not a page of the RAM the allocator manages";
	} else {
		why = bad_free_reason(page, order);
		if (page->flags & PG_head)
			snprintf(allocated, sizeof(allocated), ", allocated as order %u", page->order);
	}
	if (why) {
		page_alloc_errors++;
		spin_unlock_irqrestore(&zone_lock, flags);
		WARN(1, "page allocator: bad free of pfn 0x%lx (0x%08lx, order %u%s): %s; the "
		     "block is left as it was\n", pfn, pfn << PAGE_SHIFT, order, allocated, why);
		return;
	}
	page->flags = 0;
	__free_one_page(pfn, order);
	nr_free += 1ul << order;
	spin_unlock_irqrestore(&zone_lock, flags);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? (unsigned long)page_address(page) : 0;
}

void free_pages(unsigned long addr, unsigned int order)
{
	struct page *page = virt_to_page((void *)addr);
	unsigned long flags;

	if (!addr)
		return;
	if (addr & (PAGE_SIZE - 1) || !page) {
		spin_lock_irqsave(&zone_lock, flags);
		page_alloc_errors++;
		spin_unlock_irqrestore(&zone_lock, flags);
		WARN(1, "page allocator: free_pages(0x%08lx): not the address of a page "
		     "the allocator manages; ignored\n", addr);
		return;
	}
	__free_pages(page, order);
}

void split_page(struct page *page, unsigned int order)
{
	unsigned long flags;

	bool ok;

	spin_lock_irqsave(&zone_lock, flags);
	ok = (page->flags & PG_head) && page->order == order;
	if (ok) {
		for (unsigned long i = 0; i < (1ul << order); i++) {
			page[i].flags = PG_head;
			page[i].order = 0;
		}
	}
	spin_unlock_irqrestore(&zone_lock, flags);
	WARN(!ok, "split_page: pfn 0x%lx is not an allocated block of order %u\n",
	     page_to_pfn(page), order);
}

unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	if (size <= PAGE_SIZE)
		return 0;
	for (size = (size - 1) >> PAGE_SHIFT; size; size >>= 1)   /* no overflow near 4 GiB */
		order++;
	return order;
}

unsigned long totalram_pages(void) { return managed_pages; }
unsigned long nr_free_pages(void) { return READ_ONCE(nr_free); }
unsigned long nr_free_blocks(unsigned int order) { return READ_ONCE(free_area[order].nr_free); }

/* Boot-time, interrupts off: empty free lists, before the first memblock_free_page(). */
void free_area_init(void)
{
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		INIT_LIST_HEAD(&free_area[o].free_list);
}

/* Boot-time: mm_init() gives each usable page frame here, and the merging builds the
 * large blocks. */
void memblock_free_page(unsigned long pfn)
{
	pfn_to_page(pfn)->flags = 0;
	__free_one_page(pfn, 0);
	nr_free++;
	managed_pages++;
}
