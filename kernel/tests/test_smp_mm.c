/* kernel/tests/test_smp_mm.c - two CPUs allocating and freeing at once: pages, kmalloc
 * objects of every size, thread stacks.
 *
 * Each CPU takes a batch, writes its own pattern (CPU, round, index) into all it got,
 * checks the pattern is still there, and frees the batch; round after round, both CPUs at
 * once (ktest_race). A block or object handed to both CPUs at once is caught by the
 * pattern the other CPU wrote over; a free list or counter changed by both CPUs at once
 * (the allocators' locks left out) loses or duplicates entries, which the counts caught
 * afterwards show: every free count must be back where it started, to the page. */
#include <irqlab/mm.h>
#include <irqlab/panic.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include "kernel/mm/slab.h"
#include "cpu_work.h"
#include "kunit.h"

#define PAGE_ROUNDS     1500
#define PAGE_BATCH      6               /* orders 0, 1, 2, 0, 1, 2 */
#define KMALLOC_ROUNDS  250
#define STACK_ROUNDS    40
#define STACK_BATCH     3

/* What each CPU found, by CPU number: written by that CPU only. */
struct side {
	u32 rounds;
	u32 alloc_failed;               /* allocator said no: counted, not a bug */
	u32 overwritten;                /* its pattern was gone before the free */
	u32 bad_state;                  /* a block not marked allocated when handed out */
};
static struct side sides[NR_CPUS];

static u32 pattern(unsigned int cpu, u32 round, u32 i)
{
	return 0xc0000000u | (cpu << 24) | (round << 8) | i;
}

/* One word at each end of every page: enough to tell whose page it is. */
static void mark_block(u32 *p, unsigned int pages, u32 tag)
{
	for (unsigned int i = 0; i < pages; i++) {
		p[i * (PAGE_SIZE / 4)] = tag;
		p[(i + 1) * (PAGE_SIZE / 4) - 1] = ~tag;
	}
}

static bool block_marked(const u32 *p, unsigned int pages, u32 tag)
{
	for (unsigned int i = 0; i < pages; i++)
		if (READ_ONCE(p[i * (PAGE_SIZE / 4)]) != tag ||
		    READ_ONCE(p[(i + 1) * (PAGE_SIZE / 4) - 1]) != ~tag)
			return false;
	return true;
}

static void hammer_pages(void *arg)
{
	unsigned int cpu = smp_processor_id();
	struct side *me = &sides[cpu];
	struct page *got[PAGE_BATCH];

	(void)arg;
	for (u32 r = 0; r < PAGE_ROUNDS; r++, me->rounds++) {
		for (u32 i = 0; i < PAGE_BATCH; i++) {
			got[i] = alloc_pages(GFP_KERNEL, i % 3);
			if (!got[i]) {
				me->alloc_failed++;
				continue;
			}
			if (got[i]->flags != PG_head || got[i]->order != i % 3)
				me->bad_state++;
			mark_block(page_address(got[i]), 1u << (i % 3), pattern(cpu, r, i));
		}
		for (u32 i = 0; i < PAGE_BATCH; i++) {
			if (!got[i])
				continue;
			if (!block_marked(page_address(got[i]), 1u << (i % 3), pattern(cpu, r, i)))
				me->overwritten++;
			__free_pages(got[i], i % 3);
		}
	}
}

/* Runs fn on two CPUs at once; says how long it took, for the reader. */
static bool race(struct kunit *test, void (*fn)(void *arg))
{
	u64 start = ktime_get_ns();

	memset(sides, 0, sizeof(sides));
	if (!ktest_race(fn, NULL)) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return false;
	}
	kunit_info(test, "raced for %u ms", (unsigned)((ktime_get_ns() - start) / 1000000));
	return true;
}

static void expect_sides_clean(struct kunit *test, u32 rounds)
{
	unsigned int cpu;
	u32 total_rounds = 0;

	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, sides[cpu].overwritten, 0);
		KUNIT_EXPECT_EQ(test, sides[cpu].bad_state, 0);
		KUNIT_EXPECT_EQ(test, sides[cpu].alloc_failed, 0);
		total_rounds += sides[cpu].rounds;
	}
	KUNIT_EXPECT_EQ(test, total_rounds, 2 * rounds);       /* both sides ran, whole */
}

static void test_two_cpus_alloc_and_free_pages(struct kunit *test)
{
	unsigned long free_before = nr_free_pages(), blocks_before[NR_PAGE_ORDERS];
	u32 errors = page_alloc_errors;

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		blocks_before[o] = nr_free_blocks(o);
	if (!race(test, hammer_pages))
		return;
	expect_sides_clean(test, PAGE_ROUNDS);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free_before);
	KUNIT_EXPECT_EQ(test, page_alloc_errors, errors);
	/* Every split merged back: the same free blocks, order by order. */
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		KUNIT_EXPECT_EQ(test, nr_free_blocks(o), blocks_before[o]);
}

/* One of each cache's sizes, a size inside each, and two that go to the page allocator. */
static const u32 kmalloc_sizes[] = {
	8, 16, 24, 32, 48, 64, 100, 128, 200, 256, 500, 512, 1000, 1024, 1500, 2048,
	3000, 8192,
};
#define KMALLOC_BATCH   ARRAY_SIZE(kmalloc_sizes)

static void hammer_kmalloc(void *arg)
{
	unsigned int cpu = smp_processor_id();
	struct side *me = &sides[cpu];
	u8 *got[KMALLOC_BATCH];

	(void)arg;
	for (u32 r = 0; r < KMALLOC_ROUNDS; r++, me->rounds++) {
		u8 fill = (u8)(0x10 * (cpu + 1) + (r & 0xf));

		for (u32 i = 0; i < KMALLOC_BATCH; i++) {
			got[i] = kmalloc(kmalloc_sizes[i], GFP_KERNEL);
			if (!got[i]) {
				me->alloc_failed++;
				continue;
			}
			memset(got[i], fill, kmalloc_sizes[i]);
		}
		for (u32 i = KMALLOC_BATCH; i-- > 0;) {
			if (!got[i])
				continue;
			for (u32 b = 0; b < kmalloc_sizes[i]; b++) {
				if (READ_ONCE(got[i][b]) != fill) {
					me->overwritten++;
					break;
				}
			}
			kfree(got[i]);
		}
	}
}

static void test_two_cpus_kmalloc_and_kfree(struct kunit *test)
{
	unsigned long free_before = nr_free_pages(), large_before = kmalloc_large_pages;
	u32 active_before[NR_KMALLOC_CACHES], errors = kmalloc_errors;

	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++)
		active_before[i] = kmalloc_caches[i].active_objs;
	if (!race(test, hammer_kmalloc))
		return;
	expect_sides_clean(test, KMALLOC_ROUNDS);
	KUNIT_EXPECT_EQ(test, kmalloc_errors, errors);
	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++)
		KUNIT_EXPECT_EQ(test, kmalloc_caches[i].active_objs, active_before[i]);
	KUNIT_EXPECT_EQ(test, kmalloc_large_pages, large_before);
	/* Slabs emptied during the race went back: the pages are all free again. */
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free_before);
	KUNIT_EXPECT_EQ(test, kmalloc_check(), 0);
}

static void hammer_stacks(void *arg)
{
	unsigned int cpu = smp_processor_id();
	struct side *me = &sides[cpu];
	u32 *got[STACK_BATCH];

	(void)arg;
	for (u32 r = 0; r < STACK_ROUNDS; r++, me->rounds++) {
		for (u32 i = 0; i < STACK_BATCH; i++) {
			got[i] = alloc_thread_stack();
			if (!got[i]) {
				me->alloc_failed++;
				continue;
			}
			if (!addr_in_stack_guard((u32)got[i] - 4))
				me->bad_state++;        /* its guard page is mapped */
			mark_block(got[i], THREAD_SIZE / PAGE_SIZE, pattern(cpu, r, i));
		}
		for (u32 i = 0; i < STACK_BATCH; i++) {
			if (!got[i])
				continue;
			if (!block_marked(got[i], THREAD_SIZE / PAGE_SIZE, pattern(cpu, r, i)))
				me->overwritten++;
			free_thread_stack(got[i]);
		}
	}
}

static void test_two_cpus_alloc_and_free_thread_stacks(struct kunit *test)
{
	unsigned long free_before = nr_free_pages();
	u32 stacks_before = nr_thread_stacks, warns = warn_count;

	if (!race(test, hammer_stacks))
		return;
	expect_sides_clean(test, STACK_ROUNDS);
	KUNIT_EXPECT_EQ(test, nr_thread_stacks, stacks_before);
	KUNIT_EXPECT_EQ(test, warn_count, warns);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free_before);
}

static struct kunit_case smp_mm_cases[] = {
	KUNIT_CASE(test_two_cpus_alloc_and_free_pages),
	KUNIT_CASE(test_two_cpus_kmalloc_and_kfree),
	KUNIT_CASE(test_two_cpus_alloc_and_free_thread_stacks),
	{}
};
kunit_test_suite(smp_mm, smp_mm_cases);
