/* kernel/tests/test_thread_stack.c - thread stacks: size, alignment, the unmapped guard
 * page below (a write into it really faults), and the guard mapped again when the
 * stack is freed. */
#include <irqlab/mm.h>
#include <irqlab/panic.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include "arch/x86/trap_demos.h"
#include "arch/x86/traps.h"
#include "kunit.h"

static void test_stack_has_an_unmapped_guard_page(struct kunit *test)
{
	unsigned long before = nr_free_pages();
	u32 stacks = nr_thread_stacks;
	u8 *base = alloc_thread_stack();
	struct trap_demo d;
	u32 guard;

	KUNIT_ASSERT_TRUE(test, base != NULL);
	guard = (u32)base - PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, (u32)base % THREAD_SIZE, 0);
	KUNIT_EXPECT_FALSE(test, kern_addr_mapped(guard));
	KUNIT_EXPECT_FALSE(test, kern_addr_mapped(guard + PAGE_SIZE - 1));
	KUNIT_EXPECT_TRUE(test, kern_addr_mapped((u32)base));
	KUNIT_EXPECT_TRUE(test, kern_addr_mapped((u32)base + THREAD_SIZE - 1));
	KUNIT_EXPECT_TRUE(test, addr_in_stack_guard(guard + 100));
	KUNIT_EXPECT_FALSE(test, addr_in_stack_guard((u32)base));
	memset(base, 0x5a, THREAD_SIZE);                /* all of it is usable */
	/* The word just below the stack: the first push past the bottom would go there. */
	trap_demo_write(&d, (u32)base - 4);
	KUNIT_EXPECT_TRUE(test, d.faulted);
	KUNIT_EXPECT_EQ(test, last_exception.vector, X86_TRAP_PF);
	KUNIT_EXPECT_EQ(test, last_exception.cr2, (u32)base - 4);
	/* The guard and the two stack pages are taken; the block's fourth page is not. */
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before - 3);
	KUNIT_EXPECT_EQ(test, nr_thread_stacks, stacks + 1);

	free_thread_stack(base);
	KUNIT_EXPECT_TRUE(test, kern_addr_mapped(guard));
	KUNIT_EXPECT_FALSE(test, addr_in_stack_guard(guard + 100));
	trap_demo_read(&d, guard + 100);                /* plain RAM again */
	KUNIT_EXPECT_FALSE(test, d.faulted);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before);
	KUNIT_EXPECT_EQ(test, nr_thread_stacks, stacks);
}

static void test_stacks_are_distinct(struct kunit *test)
{
	u8 *a = alloc_thread_stack(), *b = alloc_thread_stack();

	KUNIT_ASSERT_TRUE(test, a && b);
	KUNIT_EXPECT_TRUE(test, a + THREAD_SIZE <= b - PAGE_SIZE || b + THREAD_SIZE <= a - PAGE_SIZE);
	memset(a, 1, THREAD_SIZE);
	memset(b, 2, THREAD_SIZE);
	KUNIT_EXPECT_EQ(test, a[THREAD_SIZE - 1], 1);
	KUNIT_EXPECT_EQ(test, b[0], 2);
	free_thread_stack(a);
	free_thread_stack(b);
}

static void test_misuse_is_refused(struct kunit *test)
{
	u8 *base = alloc_thread_stack();
	unsigned long free_before;
	u32 warns = warn_count, page_errors = page_alloc_errors;
	u32 invalid = kmalloc_bug_count[KMALLOC_BUG_INVALID_FREE];

	KUNIT_ASSERT_TRUE(test, base != NULL);
	free_before = nr_free_pages();
	free_thread_stack(base + PAGE_SIZE);            /* not the base */
	free_thread_stack(base + 16);
	KUNIT_EXPECT_EQ(test, warn_count, warns + 2);
	free_page((unsigned long)base);                 /* a stack page to the page allocator */
	KUNIT_EXPECT_EQ(test, page_alloc_errors, page_errors + 1);
	kfree(base + 64);                               /* a local variable to kfree */
	KUNIT_EXPECT_EQ(test, kmalloc_bug_count[KMALLOC_BUG_INVALID_FREE], invalid + 1);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free_before);
	KUNIT_EXPECT_FALSE(test, kern_addr_mapped((u32)base - PAGE_SIZE));

	free_thread_stack(base);
	warns = warn_count;
	free_thread_stack(base);                        /* twice */
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
	KUNIT_EXPECT_TRUE(test, kern_addr_mapped((u32)base - PAGE_SIZE));
}

static struct kunit_case thread_stack_cases[] = {
	KUNIT_CASE(test_stack_has_an_unmapped_guard_page),
	KUNIT_CASE(test_stacks_are_distinct),
	KUNIT_CASE(test_misuse_is_refused),
	{}
};
kunit_test_suite(thread_stack, thread_stack_cases);
