/* include/irqlab/gfp.h - the page allocator's API and the GFP ("get free pages") flags.
 *
 * Physical pages come in blocks of 2^order pages (order 0 = one 4 KiB page, up to
 * MAX_PAGE_ORDER = 4 MiB), each block aligned to its own size. RAM is identity-mapped,
 * so a block's physical address is also the pointer to use (page_address()).
 *
 * Context: every function here may be called with interrupts off and from hard-IRQ
 * context with GFP_ATOMIC; none of them sleeps (they take the allocator's lock by
 * turning interrupts off). Out of memory returns NULL / 0: callers must check. */
#ifndef IRQLAB_GFP_H
#define IRQLAB_GFP_H

#include <irqlab/types.h>

typedef unsigned int gfp_t;

#define __GFP_DIRECT_RECLAIM    BIT(0)  /* the caller may sleep while memory is found */
#define __GFP_HIGH              BIT(1)  /* the caller cannot sleep (interrupt context) */
#define __GFP_ZERO              BIT(2)  /* return zeroed memory */

/* Process context that may sleep. irqlab has no reclaim yet, so today the allocator
 * never sleeps for GFP_KERNEL either; the flag records what the caller permits. */
#define GFP_KERNEL      (__GFP_DIRECT_RECLAIM)
/* Hard-IRQ, softirq, tasklet context or interrupts off: never sleeps. Linux lets these
 * dip into a reserve; irqlab keeps none, so GFP_ATOMIC fails exactly when GFP_KERNEL
 * does. */
#define GFP_ATOMIC      (__GFP_HIGH)

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return gfp & __GFP_DIRECT_RECLAIM;
}

#define MAX_PAGE_ORDER  10                      /* the largest block: 1024 pages */
#define NR_PAGE_ORDERS  (MAX_PAGE_ORDER + 1)

struct page;

/* A block of 2^order pages, or NULL when no block that large is free. */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
#define alloc_page(gfp) alloc_pages(gfp, 0)
/* Returns a block to the allocator. A page that is not the first page of an allocated
 * block of that order (freed twice, never allocated, reserved, or part of a slab or a
 * thread stack) is reported with a backtrace and left alone. */
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page) __free_pages(page, 0)

/* The same by address: 0 when out of memory. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
#define __get_free_page(gfp) __get_free_pages(gfp, 0)
#define get_zeroed_page(gfp) __get_free_pages((gfp) | __GFP_ZERO, 0)
void free_pages(unsigned long addr, unsigned int order);
#define free_page(addr) free_pages(addr, 0)

/* Turns an allocated block of 2^order pages into 2^order blocks of one page, each of
 * which is then freed on its own. */
void split_page(struct page *page, unsigned int order);

/* The smallest order whose block holds size bytes. */
unsigned int get_order(size_t size);

/* Pages handed to the allocator at boot, and how many of them are free now. */
unsigned long totalram_pages(void);
unsigned long nr_free_pages(void);
/* Free blocks of each order, for /proc/meminfo and the tests. */
unsigned long nr_free_blocks(unsigned int order);

/* Misuse reports by __free_pages() (double free, bad page...), for the tests. */
extern u32 page_alloc_errors;

#endif
