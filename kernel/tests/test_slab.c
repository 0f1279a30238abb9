/* kernel/tests/test_slab.c - kmalloc/kfree: sizes, alignment, zeroing, reuse, running
 * out of memory, and each kind of misuse reported (and survived) rather than corrupting
 * the heap.
 *
 * The deliberate bad writes use WRITE_ONCE: kmalloc() is declared __attribute__((malloc)),
 * so the compiler may assume nothing else reads the object and drop a plain store out of
 * bounds or after kfree() as dead (clang does). */
#include <irqlab/mm.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include "kernel/mm/slab.h"
#include "kunit.h"

static u32 bugs(enum kmalloc_bug bug)
{
	return kmalloc_bug_count[bug];
}

static void test_sizes_alignment_and_no_overlap(struct kunit *test)
{
	static const size_t sizes[] = { 1, 7, 8, 15, 16, 17, 31, 64, 100, 255, 512, 1000,
					2047, 2048, 2049, 4096, 5000, 20000 };
	u8 *p[ARRAY_SIZE(sizes)];
	u32 errors = kmalloc_errors;

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kmalloc(sizes[i], GFP_KERNEL);
		KUNIT_ASSERT_TRUE(test, p[i] != NULL);
		KUNIT_EXPECT_EQ(test, (u32)p[i] % ARCH_KMALLOC_MINALIGN, 0);
		if (sizes[i] > KMALLOC_MAX_CACHE_SIZE)
			KUNIT_EXPECT_EQ(test, (u32)p[i] % PAGE_SIZE, 0);
		KUNIT_EXPECT_EQ(test, ksize(p[i]), sizes[i]);
		memset(p[i], 0x10 + i, sizes[i]);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		KUNIT_EXPECT_EQ(test, p[i][0], 0x10 + i);
		KUNIT_EXPECT_EQ(test, p[i][sizes[i] - 1], 0x10 + i);
		kfree(p[i]);
	}
	KUNIT_EXPECT_EQ(test, kmalloc_errors, errors);  /* every byte written was in bounds */
}

static void test_zero_size_and_null(struct kunit *test)
{
	u32 errors = kmalloc_errors;

	KUNIT_EXPECT_TRUE(test, kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	KUNIT_EXPECT_TRUE(test, ZERO_OR_NULL_PTR(kzalloc(0, GFP_KERNEL)));
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	KUNIT_EXPECT_EQ(test, ksize(NULL), 0);
	KUNIT_EXPECT_EQ(test, kmalloc_errors, errors);
	KUNIT_EXPECT_FALSE(test, kern_addr_mapped((u32)ZERO_SIZE_PTR));  /* a touch faults */
}

/* A second live object keeps the slab from going back to the page allocator, so the
 * freed object stays at the head of its slab's free list. */
static void test_reuse_poison_and_kzalloc(struct kunit *test)
{
	u8 *keep = kmalloc(64, GFP_KERNEL), *p, *q;

	KUNIT_ASSERT_TRUE(test, keep != NULL);
	p = kmalloc(64, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, p != NULL);
	KUNIT_EXPECT_EQ(test, *(u32 *)p, 0x6b6b6b6b);  /* never written: poison */
	memset(p, 0xff, 64);
	kfree(p);
	q = kmalloc(50, GFP_ATOMIC);                   /* the same cache: the same object */
	KUNIT_EXPECT_TRUE(test, q == p);
	kfree(q);
	q = kzalloc(64, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, q == p);
	for (unsigned int i = 0; i < 64; i++)
		if (q[i]) {
			KUNIT_EXPECT_EQ(test, q[i], 0);
			break;
		}
	kfree(q);
	kfree(keep);
}

/* Fills kmalloc-128 until it takes a new slab, then frees what it took: the new slab,
 * empty again, goes back to the page allocator at once. (An older slab never empties
 * here: the allocator gives empty slabs back, so each holds an object not ours.) */
static void test_empty_slab_goes_back_to_the_page_allocator(struct kunit *test)
{
	struct kmem_cache *s = &kmalloc_caches[3];
	unsigned long free_before = nr_free_pages();
	u32 slabs_before = s->nr_slabs, active_before = s->active_objs;
	void *chain = NULL, *p;

	KUNIT_ASSERT_EQ(test, s->object_size, 128);
	while (s->nr_slabs == slabs_before) {
		p = kmalloc(100, GFP_KERNEL);
		KUNIT_ASSERT_TRUE(test, p != NULL);
		*(void **)p = chain;
		chain = p;
	}
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free_before - (1ul << s->order));
	while (chain) {
		p = chain;
		chain = *(void **)p;
		kfree(p);
	}
	KUNIT_EXPECT_EQ(test, s->nr_slabs, slabs_before);
	KUNIT_EXPECT_EQ(test, s->active_objs, active_before);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free_before);
}

static void test_write_past_the_end_is_caught_at_kfree(struct kunit *test)
{
	static const size_t sizes[] = { 10, 16, 2048, 5000 };  /* slack, exact, large */
	u32 redzone = bugs(KMALLOC_BUG_REDZONE);

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		u8 *p = kmalloc(sizes[i], GFP_KERNEL), *q;

		KUNIT_ASSERT_TRUE(test, p != NULL);
		WRITE_ONCE(p[sizes[i]], 'x');          /* one byte too far */
		kfree(p);
		KUNIT_EXPECT_EQ(test, bugs(KMALLOC_BUG_REDZONE), redzone + i + 1);
		/* The damaged object is kept out of use, not handed out again. */
		q = kmalloc(sizes[i], GFP_KERNEL);
		KUNIT_EXPECT_TRUE(test, q != p);
		kfree(q);
	}
	KUNIT_EXPECT_EQ(test, bugs(KMALLOC_BUG_REDZONE), redzone + ARRAY_SIZE(sizes));
}

static void test_write_before_the_start_is_caught(struct kunit *test)
{
	u8 *p = kmalloc(40, GFP_KERNEL);
	u32 redzone = bugs(KMALLOC_BUG_REDZONE);

	KUNIT_ASSERT_TRUE(test, p != NULL);
	WRITE_ONCE(p[-1], 0);
	kfree(p);
	KUNIT_EXPECT_EQ(test, bugs(KMALLOC_BUG_REDZONE), redzone + 1);
}

static void test_double_free_is_caught_and_ignored(struct kunit *test)
{
	void *keep = kmalloc(32, GFP_KERNEL), *p, *a, *b;
	u32 double_free = bugs(KMALLOC_BUG_DOUBLE_FREE), errors;

	KUNIT_ASSERT_TRUE(test, keep != NULL);
	p = kmalloc(32, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, p != NULL);
	kfree(p);
	kfree(p);
	KUNIT_EXPECT_EQ(test, bugs(KMALLOC_BUG_DOUBLE_FREE), double_free + 1);
	/* Had the second free been believed, p would be on the free list twice. */
	errors = kmalloc_errors;
	a = kmalloc(32, GFP_KERNEL);
	b = kmalloc(32, GFP_KERNEL);
	KUNIT_EXPECT_TRUE(test, a == p);
	KUNIT_EXPECT_TRUE(test, a != b);
	kfree(a);
	kfree(b);
	kfree(keep);
	KUNIT_EXPECT_EQ(test, kmalloc_errors, errors);
}

static int a_static_variable;

static void test_foreign_pointers_are_caught_and_ignored(struct kunit *test)
{
	u8 *p = kmalloc(24, GFP_KERNEL), *large = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	unsigned long page = __get_free_page(GFP_KERNEL);
	u32 invalid = bugs(KMALLOC_BUG_INVALID_FREE), page_errors = page_alloc_errors;
	int on_the_stack = 0;

	KUNIT_ASSERT_TRUE(test, p && large && page);
	kfree(&on_the_stack);
	kfree(&a_static_variable);
	kfree(p + 4);                                   /* inside an object */
	kfree(p + 1);                                   /* misaligned */
	kfree(p - 8);                                   /* in its header */
	kfree(large + 64);                              /* inside a large object */
	kfree((void *)page);                            /* a page from the page allocator */
	kfree((void *)0xfff00000);                      /* not RAM */
	KUNIT_EXPECT_EQ(test, bugs(KMALLOC_BUG_INVALID_FREE), invalid + 8);
	/* Nothing was freed: everything is still live and frees normally. */
	KUNIT_EXPECT_EQ(test, ksize(p), 24);
	KUNIT_EXPECT_EQ(test, ksize(large), 3 * PAGE_SIZE);
	kfree(p);
	kfree(large);
	free_page(page);
	KUNIT_EXPECT_EQ(test, bugs(KMALLOC_BUG_INVALID_FREE), invalid + 8);
	KUNIT_EXPECT_EQ(test, page_alloc_errors, page_errors);
	KUNIT_EXPECT_EQ(test, on_the_stack, 0);
}

static void test_overwritten_header_is_caught(struct kunit *test)
{
	u8 *p = kmalloc(32, GFP_KERNEL);
	struct kmalloc_header *h = (struct kmalloc_header *)p - 1;
	u32 metadata = bugs(KMALLOC_BUG_METADATA), state;

	KUNIT_ASSERT_TRUE(test, p != NULL);
	state = h->state;
	WRITE_ONCE(h->state, 0x41414141);               /* a long underflow */
	kfree(p);
	KUNIT_EXPECT_EQ(test, bugs(KMALLOC_BUG_METADATA), metadata + 1);
	WRITE_ONCE(h->state, state);                    /* repaired: frees normally */
	kfree(p);
	KUNIT_EXPECT_EQ(test, bugs(KMALLOC_BUG_METADATA), metadata + 1);
	KUNIT_EXPECT_EQ(test, ksize(p), 0);
}

static void test_write_after_free_is_caught(struct kunit *test)
{
	u8 *keep = kmalloc(48, GFP_KERNEL), *p, *q;
	u32 uaf = bugs(KMALLOC_BUG_USE_AFTER_FREE), errors = kmalloc_errors;
	unsigned int found;

	KUNIT_ASSERT_TRUE(test, keep != NULL);
	p = kmalloc(48, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, p != NULL);
	kfree(p);
	WRITE_ONCE(p[3], 1);                            /* a stale pointer used */
	found = kmalloc_check();                        /* reports, changes nothing */
	KUNIT_EXPECT_EQ(test, found, 1);
	KUNIT_EXPECT_EQ(test, bugs(KMALLOC_BUG_USE_AFTER_FREE), uaf + 1);
	q = kmalloc(48, GFP_KERNEL);                    /* p was next: found again, skipped */
	KUNIT_EXPECT_EQ(test, bugs(KMALLOC_BUG_USE_AFTER_FREE), uaf + 2);
	KUNIT_EXPECT_TRUE(test, q != NULL && q != p);
	kfree(q);
	kfree(keep);
	KUNIT_EXPECT_EQ(test, kmalloc_errors, errors + 2);
	KUNIT_EXPECT_EQ(test, kmalloc_check(), 0);      /* p is out of use, not checked again */
}

static void test_kmalloc_check_sees_live_damage(struct kunit *test)
{
	u8 *p = kmalloc(24, GFP_KERNEL);
	u32 redzone = bugs(KMALLOC_BUG_REDZONE);
	u8 saved;

	KUNIT_ASSERT_TRUE(test, p != NULL);
	KUNIT_EXPECT_EQ(test, kmalloc_check(), 0);
	saved = p[24];
	WRITE_ONCE(p[24], 0);
	KUNIT_EXPECT_EQ(test, kmalloc_check(), 1);
	KUNIT_EXPECT_EQ(test, bugs(KMALLOC_BUG_REDZONE), redzone + 1);
	WRITE_ONCE(p[24], saved);                       /* repaired before kfree looks */
	kfree(p);
	KUNIT_EXPECT_EQ(test, bugs(KMALLOC_BUG_REDZONE), redzone + 1);
}

static void test_krealloc(struct kunit *test)
{
	char *p = kmalloc(10, GFP_KERNEL), *q, *r;
	u32 errors = kmalloc_errors;

	KUNIT_ASSERT_TRUE(test, p != NULL);
	memcpy(p, "0123456789", 10);
	q = krealloc(p, 100, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, q != NULL);
	KUNIT_EXPECT_TRUE(test, q != p);
	KUNIT_EXPECT_EQ(test, memcmp(q, "0123456789", 10), 0);
	KUNIT_EXPECT_EQ(test, ksize(q), 100);
	KUNIT_EXPECT_EQ(test, ksize(p), 0);             /* the old object is freed */
	r = krealloc(q, 4, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, r != NULL);
	KUNIT_EXPECT_EQ(test, memcmp(r, "0123", 4), 0);
	KUNIT_EXPECT_TRUE(test, krealloc(r, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
	KUNIT_EXPECT_EQ(test, ksize(r), 0);
	r = krealloc(NULL, 8, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, ksize(r), 8);
	kfree(r);
	KUNIT_EXPECT_EQ(test, kmalloc_errors, errors);
}

/* Chains objects through their first word until kmalloc says no. */
static void *fill(size_t size, unsigned long *n)
{
	void *chain = NULL, *p;

	while ((p = kmalloc(size, GFP_ATOMIC)) != NULL) {
		*(void **)p = chain;
		chain = p;
		(*n)++;
	}
	return chain;
}

static void drain(void *chain)
{
	while (chain) {
		void *p = chain;

		chain = *(void **)p;
		kfree(p);
	}
}

static void test_out_of_memory_returns_null_and_recovers(struct kunit *test)
{
	unsigned long before = nr_free_pages(), n_large = 0, n_page = 0, n_small = 0;
	u32 errors = kmalloc_errors;
	void *large, *pages, *small;

	large = fill(16 * PAGE_SIZE, &n_large);         /* most of RAM, 64 KiB at a time */
	pages = fill(PAGE_SIZE, &n_page);               /* what is left, page by page */
	KUNIT_EXPECT_EQ(test, nr_free_pages(), 0);
	small = fill(64, &n_small);                     /* the free objects of kmalloc-64 */
	KUNIT_EXPECT_GT(test, n_large, 0);
	KUNIT_EXPECT_NULL(test, kmalloc(64, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, kmalloc(3000, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, kzalloc(PAGE_SIZE, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, alloc_thread_stack());
	drain(small);
	drain(pages);
	drain(large);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before);
	KUNIT_EXPECT_EQ(test, kmalloc_errors, errors);
	small = kmalloc(64, GFP_KERNEL);
	KUNIT_EXPECT_TRUE(test, small != NULL);
	kfree(small);
}

static struct kunit_case slab_cases[] = {
	KUNIT_CASE(test_sizes_alignment_and_no_overlap),
	KUNIT_CASE(test_zero_size_and_null),
	KUNIT_CASE(test_reuse_poison_and_kzalloc),
	KUNIT_CASE(test_empty_slab_goes_back_to_the_page_allocator),
	KUNIT_CASE(test_write_past_the_end_is_caught_at_kfree),
	KUNIT_CASE(test_write_before_the_start_is_caught),
	KUNIT_CASE(test_double_free_is_caught_and_ignored),
	KUNIT_CASE(test_foreign_pointers_are_caught_and_ignored),
	KUNIT_CASE(test_overwritten_header_is_caught),
	KUNIT_CASE(test_write_after_free_is_caught),
	KUNIT_CASE(test_kmalloc_check_sees_live_damage),
	KUNIT_CASE(test_krealloc),
	KUNIT_CASE(test_out_of_memory_returns_null_and_recovers),
	{}
};
kunit_test_suite(slab, slab_cases);
