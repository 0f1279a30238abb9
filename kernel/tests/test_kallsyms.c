/* kernel/tests/test_kallsyms.c - the built-in symbol table and the backtrace walk that
 * uses it (kernel/kallsyms.c, tools/kallsyms.py). */
#include <irqlab/kallsyms.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "arch/x86/paging.h"
#include "arch/x86/traps.h"
#include "kunit.h"

extern const u32 kallsyms_num;
extern const u32 kallsyms_addrs[];
extern const char __text_start[], __text_end[];

static const u32 not_code = 0x5a5a5a5a;

static void test_function_start_resolves_with_offset_0(struct kunit *test)
{
	u32 off = ~0u, size = 0;
	const char *name = kallsyms_lookup((u32)dump_stack, &off, &size);

	KUNIT_EXPECT_STREQ(test, name, "dump_stack");
	KUNIT_EXPECT_EQ(test, off, 0);
	KUNIT_EXPECT_GT(test, size, 5);
}

static void test_inside_function_resolves_with_offset(struct kunit *test)
{
	u32 off = ~0u, size = 0;
	const char *name;

	KUNIT_ASSERT_TRUE(test, kallsyms_lookup((u32)dump_stack, NULL, &size) != NULL);
	name = kallsyms_lookup((u32)dump_stack + 5, &off, NULL);
	KUNIT_EXPECT_STREQ(test, name, "dump_stack");
	KUNIT_EXPECT_EQ(test, off, 5);
	name = kallsyms_lookup((u32)dump_stack + size - 1, &off, NULL);
	KUNIT_EXPECT_STREQ(test, name, "dump_stack");
	KUNIT_EXPECT_EQ(test, off, size - 1);
	/* One past its end is the next symbol's first byte. */
	name = kallsyms_lookup((u32)dump_stack + size, &off, NULL);
	KUNIT_EXPECT_TRUE(test, name && strcmp(name, "dump_stack") != 0);
	KUNIT_EXPECT_EQ(test, off, 0);
}

static void test_outside_text_is_null(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, kallsyms_lookup(0, NULL, NULL));
	KUNIT_EXPECT_NULL(test, kallsyms_lookup((u32)&not_code, NULL, NULL));
	KUNIT_EXPECT_NULL(test, kallsyms_lookup((u32)__text_start - 1, NULL, NULL));
	KUNIT_EXPECT_NULL(test, kallsyms_lookup((u32)__text_end, NULL, NULL));
	KUNIT_EXPECT_NULL(test, kallsyms_lookup(0xfffffff0u, NULL, NULL));
}

static void test_sprint_symbol_format(struct kunit *test)
{
	char buf[96], want[96];
	u32 size = 0;

	KUNIT_ASSERT_TRUE(test, kallsyms_lookup((u32)dump_stack, NULL, &size) != NULL);
	sprint_symbol(buf, sizeof(buf), (u32)dump_stack + 0x3);
	snprintf(want, sizeof(want), "dump_stack+0x3/0x%x", size);
	KUNIT_EXPECT_STREQ(test, buf, want);
	sprint_symbol(buf, sizeof(buf), (u32)&not_code);   /* no symbol: the bare address */
	snprintf(want, sizeof(want), "0x%08x", (u32)&not_code);
	KUNIT_EXPECT_STREQ(test, buf, want);
}

static void test_table_sorted_and_lookup_by_name(struct kunit *test)
{
	u32 unsorted = 0;

	KUNIT_EXPECT_GT(test, kallsyms_num, 100);
	for (u32 i = 1; i < kallsyms_num; i++)
		unsorted += kallsyms_addrs[i] < kallsyms_addrs[i - 1];
	KUNIT_EXPECT_EQ(test, unsorted, 0);
	KUNIT_EXPECT_EQ(test, kallsyms_lookup_name("do_page_fault"), (u32)do_page_fault);
	KUNIT_EXPECT_EQ(test, kallsyms_lookup_name("no_such_function"), 0);
}

/* A report must never fault while reporting: each of these frame pointers is one a
 * corrupted stack could hold. A fault here has no fixup and would panic the run. */
static void test_stack_walk_survives_bad_frames(struct kunit *test)
{
	u32 pf = exception_counts[X86_TRAP_PF], gp = exception_counts[X86_TRAP_GP];
	u32 loop[2];

	loop[0] = (u32)loop;                            /* a frame that points at itself */
	loop[1] = (u32)dump_stack + 4;
	show_stack(KERN_DEBUG, 0, 0x10);                /* page 0 */
	show_stack(KERN_DEBUG, 0, (u32)boot_stack_guard + 64);
	show_stack(KERN_DEBUG, 0, (u32)boot_stack_bottom - 4);  /* straddles the guard */
	show_stack(KERN_DEBUG, 0, (u32)boot_stack_bottom + 1);  /* misaligned */
	show_stack(KERN_DEBUG, 0, 0xfee00000u);         /* device registers, not RAM */
	show_stack(KERN_DEBUG, 0, 0xfffffffcu);
	show_stack(KERN_DEBUG, 0, (u32)loop);
	KUNIT_EXPECT_EQ(test, exception_counts[X86_TRAP_PF], pf);
	KUNIT_EXPECT_EQ(test, exception_counts[X86_TRAP_GP], gp);
}

static struct kunit_case kallsyms_cases[] = {
	KUNIT_CASE(test_function_start_resolves_with_offset_0),
	KUNIT_CASE(test_inside_function_resolves_with_offset),
	KUNIT_CASE(test_outside_text_is_null),
	KUNIT_CASE(test_sprint_symbol_format),
	KUNIT_CASE(test_table_sorted_and_lookup_by_name),
	KUNIT_CASE(test_stack_walk_survives_bad_frames),
	{}
};
kunit_test_suite(kallsyms, kallsyms_cases);
