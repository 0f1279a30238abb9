/* kernel/mm/slab.c - kmalloc()/kfree(): objects of 16 to 2048 bytes cut from pages.
 *
 * One cache per power of two (kmalloc-16 ... kmalloc-2048); a request goes to the
 * smallest cache that holds it, a larger one to the page allocator (kmalloc_large).
 * Each cache keeps its slabs on two lists, those with a free object (partial) and those
 * without (full). kmalloc() takes the first free object of the first partial slab,
 * making a new slab when there is none; kfree() puts the object back at the head of its
 * slab's free list (so the next kmalloc of that size gets it again, as in Linux), and a
 * slab whose objects are all free goes back to the page allocator at once.
 *
 * Before kfree() believes a pointer, it checks that the pointer is the start of a slot's
 * object, that the object is live, and that its red zones are intact; a pointer that
 * fails is reported (slab_debug.c) and the free ignored. An object whose red zone was
 * overwritten is not freed either: its neighbours may be damaged too, so it is kept out
 * of use rather than handed out again.
 *
 * Locking: each cache's own lock, irqsave (slab.h says what it covers), so two CPUs
 * allocating from different sizes never wait for each other. Objects too large for a
 * cache are pages from the page allocator (zone_lock); their count and their
 * PG_large_kmalloc mark are under kmalloc_large_lock.
 */
#include <irqlab/export.h>
#include <irqlab/wait.h>
#include <irqlab/irqflags.h>
#include <irqlab/kallsyms.h>
#include <irqlab/string.h>
#include "slab.h"

/* A slab holds at least this many objects, so the 2048-byte cache does not waste most
 * of each page on one object and its red zones. */
#define MIN_OBJECTS_PER_SLAB 4

struct kmem_cache kmalloc_caches[NR_KMALLOC_CACHES];
/* kmalloc_large_lock: kmalloc_large_pages and PG_large_kmalloc in the first page of
 * each large object. A leaf lock. */
static DEFINE_SPINLOCK(kmalloc_large_lock);
unsigned long kmalloc_large_pages;

static const char *const kmalloc_cache_names[] = {
	"kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128",
	"kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048",
};
_Static_assert(ARRAY_SIZE(kmalloc_cache_names) == NR_KMALLOC_CACHES,
	       "one name per kmalloc cache");

void kmem_cache_init(void)
{
	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++) {
		struct kmem_cache *s = &kmalloc_caches[i];

		spin_lock_init(&s->lock);
		s->name = kmalloc_cache_names[i];
		s->object_size = KMALLOC_MIN_SIZE << i;
		s->slot_size = sizeof(struct kmalloc_header) + s->object_size + RED_RIGHT_SIZE;
		s->order = 0;
		while ((PAGE_SIZE << s->order) / s->slot_size < MIN_OBJECTS_PER_SLAB)
			s->order++;
		s->objects = (PAGE_SIZE << s->order) / s->slot_size;
		INIT_LIST_HEAD(&s->partial);
		INIT_LIST_HEAD(&s->full);
	}
}

static struct kmem_cache *kmalloc_slab(size_t size)
{
	unsigned int i = 0;

	while ((KMALLOC_MIN_SIZE << i) < size)
		i++;
	return &kmalloc_caches[i];
}

/* A new slab, all objects free, on the cache's partial list. */
static struct page *new_slab(struct kmem_cache *s, gfp_t gfp)
{
	/* Called under the cache's lock, interrupts off: __kmalloc() already checked that
	 * the caller may sleep, so the page allocator must not check it again here. */
	struct page *slab = alloc_pages(gfp & ~(__GFP_ZERO | __GFP_DIRECT_RECLAIM), s->order);
	u8 *base;

	if (!slab)
		return NULL;
	base = page_address(slab);
	for (unsigned int i = 0; i < (1u << s->order); i++) {
		slab[i].flags |= PG_slab;
		slab[i].slab_cache = s;
	}
	slab->freelist = NULL;
	slab->inuse = 0;
	for (unsigned int i = s->objects; i-- > 0;) {   /* lowest address first on the list */
		struct kmalloc_header *h = (void *)(base + i * s->slot_size);

		memset(h, 0, sizeof(*h));
		init_free_object(s, h);
		h->next_free = slab->freelist;
		slab->freelist = h;
	}
	list_add(&slab->lru, &s->partial);
	s->nr_slabs++;
	return slab;
}

static void discard_slab(struct kmem_cache *s, struct page *slab)
{
	list_del(&slab->lru);
	for (unsigned int i = 0; i < (1u << s->order); i++) {
		slab[i].flags &= ~PG_slab;
		slab[i].slab_cache = NULL;
	}
	s->nr_slabs--;
	__free_pages(slab, s->order);
}

/* Takes the head of the slab's free list out of it; moves a slab left without free
 * objects to the full list. */
static void take_first_free(struct kmem_cache *s, struct page *slab)
{
	struct kmalloc_header *h = slab->freelist;

	slab->freelist = h->next_free;
	slab->inuse++;
	if (!slab->freelist)
		list_move(&slab->lru, &s->full);
}

static void *slab_alloc(struct kmem_cache *s, gfp_t gfp, size_t size, u32 caller)
{
	for (;;) {
		struct page *slab;
		struct kmalloc_header *h;

		if (list_empty(&s->partial) && !new_slab(s, gfp))
			return NULL;
		slab = list_first_entry(&s->partial, struct page, lru);
		h = slab->freelist;
		if (!check_free_header(s, h, "kmalloc", caller,
				       "The rest of this slab's free list is given up.")) {
			/* next_free cannot be trusted: give up the rest of this free list. */
			slab->inuse = s->objects;
			slab->freelist = NULL;
			list_move(&slab->lru, &s->full);
			continue;
		}
		take_first_free(s, slab);
		if (!check_free_poison(s, h, "kmalloc", caller,
				       "The object is kept out of use; another is handed out.")) {
			h->state = OBJ_BAD;     /* written after kfree: never hand it out */
			s->bad_objs++;
			continue;
		}
		init_live_object(s, h, size, caller);
		s->active_objs++;
		return header_to_object(h);
	}
}

/* Too large for the caches: whole pages, marked so that kfree() knows them. The end of
 * the last page past size is a red zone. */
static void *kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned int order = get_order(size);
	unsigned long flags;
	struct page *page;
	u8 *p;

	if (order > MAX_PAGE_ORDER)
		return NULL;
	page = alloc_pages(gfp & ~__GFP_DIRECT_RECLAIM, order);     /* checked by __kmalloc */
	if (!page)
		return NULL;
	spin_lock_irqsave(&kmalloc_large_lock, flags);
	page->flags |= PG_large_kmalloc;
	page->inuse = size;
	kmalloc_large_pages += 1ul << order;
	spin_unlock_irqrestore(&kmalloc_large_lock, flags);
	p = page_address(page);
	memset(p + size, RED_ACTIVE, (PAGE_SIZE << order) - size);
	return p;
}

static void *__kmalloc(size_t size, gfp_t gfp, u32 caller)
{
	struct kmem_cache *s;
	unsigned long flags;
	void *p;

	might_sleep_if(gfpflags_allow_blocking(gfp));   /* GFP_KERNEL: process context only */
	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, gfp);
	s = kmalloc_slab(size);
	spin_lock_irqsave(&s->lock, flags);
	p = slab_alloc(s, gfp, size, caller);
	spin_unlock_irqrestore(&s->lock, flags);
	if (p && (gfp & __GFP_ZERO))
		memset(p, 0, size);
	return p;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	return __kmalloc(size, gfp, (u32)__builtin_return_address(0));
}
EXPORT_SYMBOL(kmalloc);

void *kzalloc(size_t size, gfp_t gfp)
{
	return __kmalloc(size, gfp | __GFP_ZERO, (u32)__builtin_return_address(0));
}
EXPORT_SYMBOL(kzalloc);

static void slab_free(struct kmem_cache *s, const void *p, u32 caller)
{
	struct kmalloc_header *h = slot_of(s, p);
	struct page *slab = slab_of(s, p);
	char where[DESCRIBE_ADDRESS_LEN];

	if (!h || header_to_object(h) != p) {
		kmalloc_report(KMALLOC_BUG_INVALID_FREE, "kfree", caller,
			       "0x%08x is not the start of an object: %s\nThe free is ignored.\n",
			       (u32)p, describe_address(where, p));
		return;
	}
	if (h->state == OBJ_FREE || h->state == OBJ_BAD) {
		char alloc_sym[96], free_sym[96];

		sprint_symbol(alloc_sym, sizeof(alloc_sym), h->alloc_caller);
		sprint_symbol(free_sym, sizeof(free_sym), h->free_caller);
		kmalloc_report(KMALLOC_BUG_DOUBLE_FREE, "kfree", caller,
			       "Object 0x%08x (cache %s) was allocated by %s\nand already freed "
			       "by %s%s\nThe free is ignored.\n", (u32)p, s->name, alloc_sym,
			       free_sym, h->state == OBJ_BAD ? " (and kept out of use: it was "
			       "damaged)" : "");
		return;
	}
	if (h->state != OBJ_LIVE) {
		kmalloc_report(KMALLOC_BUG_METADATA, "kfree", caller,
			       "The header of object 0x%08x (cache %s) is overwritten (state "
			       "0x%08x): a write before the object, or past the end of the one "
			       "below it.\nThe free is ignored.\n", (u32)p, s->name, h->state);
		return;
	}
	h->free_caller = caller;
	s->active_objs--;
	if (!check_live_object(s, h, "kfree", caller,
			       "The object is not freed: it stays out of use.")) {
		h->state = OBJ_BAD;
		s->bad_objs++;
		return;
	}
	init_free_object(s, h);
	if (!slab->freelist)
		list_move(&slab->lru, &s->partial);
	h->next_free = slab->freelist;
	slab->freelist = h;
	if (--slab->inuse == 0)
		discard_slab(s, slab);
}

/* With kmalloc_large_lock held; drops it. */
static void large_free(struct page *page, u32 caller, unsigned long flags)
{
	u8 *p = page_address(page);
	u32 size = page->inuse, end = PAGE_SIZE << page->order;

	/* Unmarked first: a second kfree() of it, even from another CPU at this moment, is
	 * reported as a bad free instead of freeing the pages twice. */
	page->flags &= ~PG_large_kmalloc;
	for (u32 i = size; i < end; i++) {
		if (p[i] != RED_ACTIVE) {
			spin_unlock_irqrestore(&kmalloc_large_lock, flags);
			kmalloc_report(KMALLOC_BUG_REDZONE, "kfree", caller,
				       "Object 0x%08x of %u bytes (%u pages from the page "
				       "allocator): byte +%u past its start was written (the red "
				       "zone after it)\nThe object is not freed: it stays out of "
				       "use.\n", (u32)p, size, end / PAGE_SIZE, i);
			return;
		}
	}
	kmalloc_large_pages -= 1ul << page->order;
	spin_unlock_irqrestore(&kmalloc_large_lock, flags);
	__free_pages(page, page->order);
}

/* Takes the lock of the cache page's slab belongs to, and says whether page still
 * belongs to it then (a bad pointer may race with its slab going back). */
static struct kmem_cache *lock_slab_cache(struct page *page, unsigned long *flags)
{
	struct kmem_cache *s = READ_ONCE(page->slab_cache);

	if (!(READ_ONCE(page->flags) & PG_slab) || !s)
		return NULL;
	spin_lock_irqsave(&s->lock, *flags);
	if ((page->flags & PG_slab) && page->slab_cache == s)
		return s;
	spin_unlock_irqrestore(&s->lock, *flags);
	return NULL;
}

static void __kfree(const void *p, u32 caller)
{
	char where[DESCRIBE_ADDRESS_LEN];
	struct kmem_cache *s;
	struct page *page;
	unsigned long flags;

	if (ZERO_OR_NULL_PTR(p))
		return;
	page = virt_to_page(p);
	if (page && (s = lock_slab_cache(page, &flags))) {
		slab_free(s, p, caller);
		spin_unlock_irqrestore(&s->lock, flags);
		return;
	}
	spin_lock_irqsave(&kmalloc_large_lock, flags);
	if (page && (page->flags & PG_large_kmalloc) && p == page_address(page)) {
		large_free(page, caller, flags);        /* drops the lock */
		return;
	}
	spin_unlock_irqrestore(&kmalloc_large_lock, flags);
	kmalloc_report(KMALLOC_BUG_INVALID_FREE, "kfree", caller,
		       "0x%08x was not returned by kmalloc(): it is %s\nThe free is "
		       "ignored.\n", (u32)p, describe_address(where, p));
}

void kfree(const void *p)
{
	__kfree(p, (u32)__builtin_return_address(0));
}
EXPORT_SYMBOL(kfree);

size_t ksize(const void *p)
{
	struct page *page = ZERO_OR_NULL_PTR(p) ? NULL : virt_to_page(p);
	struct kmalloc_header *h;
	struct kmem_cache *s;
	size_t size = 0;
	unsigned long flags;

	if (page && (s = lock_slab_cache(page, &flags))) {
		h = slot_of(s, p);
		if (h && header_to_object(h) == p && h->state == OBJ_LIVE)
			size = h->size;
		spin_unlock_irqrestore(&s->lock, flags);
	} else if (page) {
		spin_lock_irqsave(&kmalloc_large_lock, flags);
		if ((page->flags & PG_large_kmalloc) && p == page_address(page))
			size = page->inuse;
		spin_unlock_irqrestore(&kmalloc_large_lock, flags);
	}
	return size;
}
EXPORT_SYMBOL(ksize);

void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	u32 caller = (u32)__builtin_return_address(0);
	size_t old_size;
	void *n;

	if (ZERO_OR_NULL_PTR(p))
		return __kmalloc(new_size, gfp, caller);
	if (!new_size) {
		__kfree(p, caller);
		return ZERO_SIZE_PTR;
	}
	old_size = ksize(p);
	if (!old_size) {
		__kfree(p, caller);             /* reports what p is instead */
		return NULL;
	}
	n = __kmalloc(new_size, gfp, caller);
	if (!n)
		return NULL;
	memcpy(n, p, MIN(old_size, new_size));
	__kfree(p, caller);
	return n;
}
EXPORT_SYMBOL(krealloc);
