/* kernel/mm/slab.h - the kmalloc caches' internals, shared by slab.c (allocation),
 * slab_debug.c (checks and reports) and meminfo.c. Do not include from outside
 * kernel/mm/ and its tests: everyone else uses include/irqlab/slab.h.
 *
 * A slab is a block of 2^order pages cut into equal slots. Each slot holds one object
 * with its header and red zones:
 *
 *   struct kmalloc_header (32 bytes): state, size, callers, next_free, left red zone (12)
 *   the object (object_size bytes)      <- kmalloc() returns this, 16-byte aligned
 *   the right red zone (16 bytes)
 *
 *   live: the left red zone, the unused end of the object (object_size - size bytes)
 *         and the right red zone hold RED_ACTIVE; state is OBJ_LIVE.
 *   free: the red zones hold RED_INACTIVE, the whole object POISON_FREE; state is
 *         OBJ_FREE and next_free links the slab's free objects.
 *   bad:  a check found it damaged and reported it; it is never handed out again.
 *
 * The slab's own bookkeeping (free list, count of objects in use, list links) is in the
 * struct page of its first page; every page of the slab points back to the cache, and
 * a slab is aligned to its size, so any address inside finds its slab by rounding down.
 */
#ifndef KERNEL_MM_SLAB_H
#define KERNEL_MM_SLAB_H

#include <irqlab/list.h>
#include <irqlab/mm.h>
#include <irqlab/slab.h>
#include <irqlab/spinlock.h>

/* Each cache has its own lock (Linux's kmem_cache_node list_lock), taken with interrupts
 * off since handlers kmalloc(GFP_ATOMIC): it covers the lists and counters below, every
 * slot's header and red zones in the cache's slabs, and the struct page bookkeeping of
 * its slabs (freelist, inuse, lru). Under it only the page allocator's zone_lock is
 * taken (a new slab, a slab given back); never another cache's lock. */
struct kmem_cache {
	spinlock_t lock;
	const char *name;               /* "kmalloc-32" */
	u32 object_size;                /* the size class */
	u32 slot_size;                  /* header + object + right red zone */
	u32 order;                      /* a slab is 2^order pages */
	u32 objects;                    /* slots per slab */
	struct list_head partial;       /* slabs with a free object (first pages) */
	struct list_head full;          /* slabs without one */
	u32 nr_slabs;
	u32 active_objs;                /* live objects */
	u32 bad_objs;                   /* reported damaged, kept out of use */
};

extern struct kmem_cache kmalloc_caches[NR_KMALLOC_CACHES];
extern unsigned long kmalloc_large_pages;      /* held by objects too large for a cache */

/* Linux's values (include/linux/poison.h), so a memory dump reads the same. */
#define POISON_FREE     0x6b            /* in a free object */
#define RED_INACTIVE    0xbb            /* red zones of a free object */
#define RED_ACTIVE      0xcc            /* red zones of a live object */

/* The state word reads as text in a memory dump. */
#define OBJ_LIVE        0x4556494cu     /* "LIVE" */
#define OBJ_FREE        0x45455246u     /* "FREE" */
#define OBJ_BAD         0x21444142u     /* "BAD!" */

#define RED_LEFT_SIZE   12
#define RED_RIGHT_SIZE  16

struct kmalloc_header {
	u32 state;                      /* OBJ_LIVE, OBJ_FREE or OBJ_BAD */
	u32 size;                       /* bytes asked of kmalloc() */
	u32 alloc_caller;               /* return address into kmalloc()'s caller */
	u32 free_caller;                /* into kfree()'s caller, once freed */
	struct kmalloc_header *next_free;
	u8 redzone[RED_LEFT_SIZE];
};
_Static_assert(sizeof(struct kmalloc_header) % ARCH_KMALLOC_MINALIGN == 0,
	       "the header must keep objects aligned");

static inline void *header_to_object(struct kmalloc_header *h)
{
	return h + 1;
}

/* The first page of the slab that holds addr. */
static inline struct page *slab_of(const struct kmem_cache *s, const void *addr)
{
	return virt_to_page((const void *)ALIGN_DOWN((u32)addr, PAGE_SIZE << s->order));
}

/* The header of the slot that holds addr, or NULL in the leftover at the slab's end. */
static inline struct kmalloc_header *slot_of(const struct kmem_cache *s, const void *addr)
{
	u32 base = (u32)page_address(slab_of(s, addr));
	u32 index = ((u32)addr - base) / s->slot_size;

	return index < s->objects ? (struct kmalloc_header *)(base + index * s->slot_size) : NULL;
}

/* slab_debug.c: filling and checking slots. A check that finds damage reports it, as
 * found by func() called from caller, with action saying what happens next, and returns
 * false. Call with the cache's lock held. */
void init_free_object(struct kmem_cache *s, struct kmalloc_header *h);
void init_live_object(struct kmem_cache *s, struct kmalloc_header *h, size_t size, u32 caller);
bool check_free_header(struct kmem_cache *s, struct kmalloc_header *h, const char *func,
		       u32 caller, const char *action);
bool check_free_poison(struct kmem_cache *s, struct kmalloc_header *h, const char *func,
		       u32 caller, const char *action);
bool check_live_object(struct kmem_cache *s, struct kmalloc_header *h, const char *func,
		       u32 caller, const char *action);
void kmalloc_report(enum kmalloc_bug bug, const char *func, u32 caller, const char *fmt, ...)
	__printf(4, 5);
/* "in a page from alloc_pages()"...: what a pointer that is no kmalloc object points at,
 * written into buf (the caller's: two CPUs may report at once). Returns buf. */
#define DESCRIBE_ADDRESS_LEN    128
const char *describe_address(char *buf, const void *p);

#endif
