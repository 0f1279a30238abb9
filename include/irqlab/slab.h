/* include/irqlab/slab.h - kmalloc(): small objects carved from pages.
 *
 * Requests up to KMALLOC_MAX_CACHE_SIZE bytes come from power-of-two caches (kmalloc-16
 * ... kmalloc-2048); larger ones get whole pages from the page allocator. Objects are
 * aligned to 16 bytes (larger ones to a page).
 *
 * Every object is checked, as Linux does with slub_debug or KASAN: red zones before and
 * after it, poison in it while it is free, and a state word. kfree() reports, with the
 * caller's name and a backtrace, a double free, a pointer that is not a live object
 * (on the stack, inside an object, a page from alloc_pages()...) and a write past
 * either end of the object; the bad free is ignored, so a bug is reported instead of
 * corrupting the heap. kmalloc() reports a freed object that was written to.
 *
 * Context: kmalloc(GFP_ATOMIC), kfree() and kmalloc_check() may run anywhere, hard-IRQ
 * context and interrupts-off included; they never sleep. */
#ifndef IRQLAB_SLAB_H
#define IRQLAB_SLAB_H

#include <irqlab/gfp.h>

#define KMALLOC_SHIFT_LOW       4                       /* the smallest cache: 16 bytes */
#define KMALLOC_SHIFT_HIGH      11                      /* the largest: 2048 bytes */
#define KMALLOC_MIN_SIZE        (1u << KMALLOC_SHIFT_LOW)
#define KMALLOC_MAX_CACHE_SIZE  (1u << KMALLOC_SHIFT_HIGH)
#define NR_KMALLOC_CACHES       (KMALLOC_SHIFT_HIGH - KMALLOC_SHIFT_LOW + 1)
#define ARCH_KMALLOC_MINALIGN   16

/* kmalloc(0) returns this: not NULL (the call succeeded), but any access faults (page 0
 * is unmapped), and kfree() accepts it. */
#define ZERO_SIZE_PTR           ((void *)16)
#define ZERO_OR_NULL_PTR(p)     ((unsigned long)(p) <= (unsigned long)ZERO_SIZE_PTR)

/* size bytes, or NULL when out of memory. Unless __GFP_ZERO is set (kzalloc), the
 * contents are undefined: poison (0x6b) for an object from a cache. */
void *kmalloc(size_t size, gfp_t gfp) __attribute__((malloc));
void *kzalloc(size_t size, gfp_t gfp) __attribute__((malloc));
/* A new object of new_size holding the old contents (up to the smaller size); p is
 * freed. Always moves, so a stale copy of p is caught as a use after free. NULL on
 * failure, and p is left as it was. krealloc(NULL, n) is kmalloc(n). */
void *krealloc(const void *p, size_t new_size, gfp_t gfp) __must_check;
/* NULL and ZERO_SIZE_PTR are ignored. Anything else that kmalloc() did not return, or
 * already freed, is reported and ignored. */
void kfree(const void *p);
/* The size p was allocated with, or 0 if p is not a live kmalloc object. */
size_t ksize(const void *p);

/* Checks the red zones and poison of every object in every cache, reporting each
 * damaged one; returns how many were found. Nothing is freed or changed. */
unsigned int kmalloc_check(void);

/* What the checks report. Counted in kmalloc_bug_count[] for the tests. */
enum kmalloc_bug {
	KMALLOC_BUG_DOUBLE_FREE,        /* kfree() of an object already freed */
	KMALLOC_BUG_INVALID_FREE,       /* kfree() of a pointer kmalloc() did not return */
	KMALLOC_BUG_REDZONE,            /* a write just before or past the end of an object */
	KMALLOC_BUG_USE_AFTER_FREE,     /* a write into an object after it was freed */
	KMALLOC_BUG_METADATA,           /* an object's header overwritten */
	NR_KMALLOC_BUGS
};
extern u32 kmalloc_bug_count[NR_KMALLOC_BUGS];
extern u32 kmalloc_errors;              /* all of them */

#endif
