/* kernel/tests/test_page_alloc.c - the buddy allocator: counts, orders, alignment,
 * splitting and merging, bad frees refused, and running out of memory. */
#include <irqlab/gfp.h>
#include <irqlab/initramfs.h>
#include <irqlab/mm.h>
#include <irqlab/panic.h>
#include <irqlab/string.h>
#include "kunit.h"

extern char __kernel_start[], __kernel_end[];

/* The order of the largest free block: how much RAM the machine has (the kernel takes
 * any amount from its minimum up) decides it, so the tests read it rather than assume
 * that a block of MAX_PAGE_ORDER is free. -1 when nothing is free. */
static int largest_free_order(void)
{
	for (int order = MAX_PAGE_ORDER; order >= 0; order--)
		if (nr_free_blocks(order))
			return order;
	return -1;
}

/* Every order up to the largest free block is handed out, aligned and counted; every
 * order above it fails without taking a page. */
static void test_counts_and_alignment_per_order(struct kunit *test)
{
	int largest = largest_free_order();

	KUNIT_ASSERT_TRUE(test, largest >= THREAD_SIZE_ORDER);
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		unsigned long before = nr_free_pages();
		struct page *page = alloc_pages(GFP_KERNEL, order);
		u32 addr;

		if ((int)order > largest) {
			KUNIT_EXPECT_NULL(test, page);
			KUNIT_EXPECT_EQ(test, nr_free_pages(), before);
			continue;
		}
		KUNIT_ASSERT_TRUE(test, page != NULL);
		addr = (u32)page_address(page);
		KUNIT_EXPECT_EQ(test, nr_free_pages(), before - (1ul << order));
		KUNIT_EXPECT_EQ(test, addr & ((PAGE_SIZE << order) - 1), 0);
		KUNIT_EXPECT_GE(test, addr, (u32)__kernel_end);
		KUNIT_EXPECT_LE(test, addr + (PAGE_SIZE << order), mapped_ram_top);
		KUNIT_EXPECT_TRUE(test, kern_addr_mapped(addr));
		memset((void *)addr, 0xa5, PAGE_SIZE << order);        /* all of it is RAM */
		__free_pages(page, order);
		KUNIT_EXPECT_EQ(test, nr_free_pages(), before);
	}
}

static void test_totals_are_plausible(struct kunit *test)
{
	/* The boot loader's modules (the initramfs) stay reserved, whole pages of them. */
	u32 initrd_pages = initrd_end > initrd_start ?
			   (u32)(initrd_end - initrd_start) / PAGE_SIZE + 2 : 0;

	/* The RAM above the kernel, minus mem_map and the initramfs: mapped_ram_top bounds
	 * it from above. */
	KUNIT_EXPECT_LE(test, totalram_pages(), (mapped_ram_top - (u32)__kernel_end) / PAGE_SIZE);
	KUNIT_EXPECT_GT(test, totalram_pages(), (mapped_ram_top - (u32)__kernel_end) / PAGE_SIZE
			- 2 * max_pfn * sizeof(struct page) / PAGE_SIZE - initrd_pages);
	KUNIT_EXPECT_LE(test, nr_free_pages(), totalram_pages());
}

static void test_blocks_do_not_overlap(struct kunit *test)
{
	struct page *p[8];

	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = alloc_pages(GFP_KERNEL, i % 3);
		KUNIT_ASSERT_TRUE(test, p[i] != NULL);
		memset(page_address(p[i]), i, PAGE_SIZE << (i % 3));
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		const u8 *b = page_address(p[i]);

		for (u32 k = 0; k < (PAGE_SIZE << (i % 3)); k += 512)
			KUNIT_EXPECT_EQ(test, b[k], i);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++)
		__free_pages(p[i], i % 3);
}

/* An order-1 block split into two pages: the upper one freed alone stays an order-0
 * free block (its buddy is in use); freeing the lower one merges the two again. */
static void test_split_and_merge(struct kunit *test)
{
	unsigned long before = nr_free_pages();
	struct page *block = alloc_pages(GFP_KERNEL, 1);

	KUNIT_ASSERT_TRUE(test, block != NULL);
	KUNIT_EXPECT_EQ(test, page_to_pfn(block) & 1, 0);
	split_page(block, 1);
	__free_page(block + 1);
	KUNIT_EXPECT_TRUE(test, (block[1].flags & PG_buddy) && block[1].order == 0);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before - 1);
	__free_page(block);
	KUNIT_EXPECT_FALSE(test, block[1].flags & PG_buddy);   /* absorbed by the merge */
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before);
}

/* Puts one page at the head of the order-0 free list, dirty, and returns its buddy,
 * still allocated (so the two cannot merge). */
static struct page *dirty_page_on_top(void)
{
	struct page *block = alloc_pages(GFP_KERNEL, 1);

	if (!block)
		return NULL;
	split_page(block, 1);
	memset(page_address(block + 1), 0xff, PAGE_SIZE);
	__free_page(block + 1);
	return block;
}

static void test_get_zeroed_page_and_get_order(struct kunit *test)
{
	struct page *buddy = dirty_page_on_top();
	unsigned long addr;
	const u8 *p;

	KUNIT_ASSERT_TRUE(test, buddy != NULL);
	addr = get_zeroed_page(GFP_ATOMIC);
	KUNIT_EXPECT_EQ(test, addr, (unsigned long)page_address(buddy + 1));
	KUNIT_ASSERT_TRUE(test, addr != 0);
	p = (const u8 *)addr;
	for (u32 i = 0; i < PAGE_SIZE; i++)
		if (p[i]) {
			KUNIT_EXPECT_EQ(test, p[i], 0);
			break;
		}
	free_page(addr);
	__free_page(buddy);

	KUNIT_EXPECT_EQ(test, get_order(1), 0);
	KUNIT_EXPECT_EQ(test, get_order(PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, get_order(PAGE_SIZE + 1), 1);
	KUNIT_EXPECT_EQ(test, get_order(5 * PAGE_SIZE), 3);
	KUNIT_EXPECT_EQ(test, get_order(0xffffffffu), 20);
}

static void test_too_large_order_fails(struct kunit *test)
{
	u32 warns = warn_count;

	KUNIT_EXPECT_NULL(test, alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1));
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
}

static void test_double_free_is_refused(struct kunit *test)
{
	struct page *buddy = dirty_page_on_top(), *freed, *x, *y;
	unsigned long free_after;
	u32 errors = page_alloc_errors, warns = warn_count;

	KUNIT_ASSERT_TRUE(test, buddy != NULL);
	freed = buddy + 1;                      /* free, at the head of the order-0 list */
	free_after = nr_free_pages();
	__free_page(freed);
	KUNIT_EXPECT_EQ(test, page_alloc_errors, errors + 1);
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free_after);
	/* Had the second free been believed, the page would be handed out twice. */
	x = alloc_page(GFP_KERNEL);
	y = alloc_page(GFP_KERNEL);
	KUNIT_EXPECT_TRUE(test, x == freed);
	KUNIT_EXPECT_TRUE(test, y != x);
	__free_page(x);
	__free_page(y);
	__free_page(buddy);
	KUNIT_EXPECT_EQ(test, page_alloc_errors, errors + 1);
}

static void test_bad_frees_are_refused(struct kunit *test)
{
	struct page *block = alloc_pages(GFP_KERNEL, 2);
	unsigned long free_before;
	u32 errors = page_alloc_errors;

	KUNIT_ASSERT_TRUE(test, block != NULL);
	free_before = nr_free_pages();
	__free_pages(block, 1);                                 /* wrong order */
	__free_page(block + 1);                                 /* inside the block */
	__free_page(virt_to_page(__kernel_start));              /* the kernel image */
	free_page((unsigned long)page_address(block) + 8);      /* not a page address */
	free_page(0xfff00000);                                  /* not RAM */
	KUNIT_EXPECT_EQ(test, page_alloc_errors, errors + 5);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free_before);
	__free_pages(block, 2);
	KUNIT_EXPECT_EQ(test, page_alloc_errors, errors + 5);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free_before + 4);
}

/* Takes every page, chaining them through their first word, then gives them back. */
static void test_out_of_memory_returns_null_and_recovers(struct kunit *test)
{
	unsigned long before = nr_free_pages(), blocks_before[NR_PAGE_ORDERS];
	int largest = largest_free_order();
	void *chain = NULL;
	unsigned long n = 0;
	void *p;

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		blocks_before[o] = nr_free_blocks(o);
	while ((p = (void *)__get_free_page(GFP_ATOMIC)) != NULL) {
		*(void **)p = chain;
		chain = p;
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, before);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), 0);
	KUNIT_EXPECT_NULL(test, alloc_pages(GFP_KERNEL, 0));
	KUNIT_EXPECT_NULL(test, alloc_pages(GFP_KERNEL, 3));
	while (chain) {
		p = chain;
		chain = *(void **)p;
		free_page((unsigned long)p);
	}
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before);
	/* The same free pages merge into the same blocks, whatever the order of the frees. */
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		KUNIT_EXPECT_EQ(test, nr_free_blocks(o), blocks_before[o]);
	/* ... so the largest block is whole again. */
	KUNIT_ASSERT_TRUE(test, largest >= 0);
	p = (void *)__get_free_pages(GFP_KERNEL, largest);
	KUNIT_EXPECT_TRUE(test, p != NULL);
	free_pages((unsigned long)p, largest);
}

static struct kunit_case page_alloc_cases[] = {
	KUNIT_CASE(test_counts_and_alignment_per_order),
	KUNIT_CASE(test_totals_are_plausible),
	KUNIT_CASE(test_blocks_do_not_overlap),
	KUNIT_CASE(test_split_and_merge),
	KUNIT_CASE(test_get_zeroed_page_and_get_order),
	KUNIT_CASE(test_too_large_order_fails),
	KUNIT_CASE(test_double_free_is_refused),
	KUNIT_CASE(test_bad_frees_are_refused),
	KUNIT_CASE(test_out_of_memory_returns_null_and_recovers),
	{}
};
kunit_test_suite(page_alloc, page_alloc_cases);
