/* kernel/tests/test_printk.c - the log ring behind dmesg: levels, timestamps, wrap. */
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include "kunit.h"

struct capture {
	char text[33 * 1024];
	size_t len;
};

static struct capture cap;

static void capture_out(const char *text, size_t len, void *arg)
{
	struct capture *c = arg;
	size_t n = MIN(len, sizeof(c->text) - 1 - c->len);

	memcpy(c->text + c->len, text, n);
	c->len += n;
	c->text[c->len] = '\0';
}

static void capture_log(void)
{
	cap.len = 0;
	cap.text[0] = '\0';
	log_buf_for_each(capture_out, &cap);
}

static void test_printk_stores_a_timestamped_line(struct kunit *test)
{
	const char *line;

	printk(KERN_DEBUG "ktest marker %d\n", 4242);
	capture_log();
	line = strstr(cap.text, "ktest marker 4242\n");
	KUNIT_ASSERT_TRUE(test, line != NULL);
	/* "[    s.uuuuuu] " just before the text, at the start of a line. */
	KUNIT_EXPECT_TRUE(test, line - cap.text >= 15);
	KUNIT_EXPECT_EQ(test, line[-1], ' ');
	KUNIT_EXPECT_EQ(test, line[-2], ']');
	KUNIT_EXPECT_EQ(test, line[-9], '.');
	KUNIT_EXPECT_EQ(test, line[-15], '[');
	KUNIT_EXPECT_TRUE(test, line - 15 == cap.text || line[-16] == '\n');
}

static void test_printk_cont_joins_the_line(struct kunit *test)
{
	printk(KERN_DEBUG "ktest part one");
	pr_cont(" and part two\n");
	capture_log();
	KUNIT_EXPECT_NOT_NULL(test, strstr(cap.text, "ktest part one and part two\n"));
}

static void test_unfinished_line_is_ended_by_the_next(struct kunit *test)
{
	printk(KERN_DEBUG "ktest dangling");
	printk(KERN_DEBUG "ktest next\n");
	capture_log();
	KUNIT_EXPECT_NOT_NULL(test, strstr(cap.text, "ktest dangling\n["));
}

static void test_printk_returns_the_text_length(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, printk(KERN_DEBUG "abc%d\n", 7), 5);
}

static void test_log_wraps_whole_lines_and_counts_the_loss(struct kunit *test)
{
	size_t dropped = log_buf_dropped();

	/* KERN_DEBUG stays off the console: this fills the ring without flooding COM1. */
	for (int i = 0; i < 800; i++)
		printk(KERN_DEBUG "ktest filler line %04d ..................................\n", i);
	printk(KERN_DEBUG "ktest newest line\n");
	capture_log();
	KUNIT_EXPECT_GT(test, log_buf_dropped(), dropped);
	KUNIT_EXPECT_NOT_NULL(test, strstr(cap.text, "ktest newest line\n"));
	KUNIT_EXPECT_NULL(test, strstr(cap.text, "ktest filler line 0000 "));
	KUNIT_EXPECT_EQ(test, cap.text[0], '[');        /* no half line at the start */
}

static struct kunit_case printk_cases[] = {
	KUNIT_CASE(test_printk_stores_a_timestamped_line),
	KUNIT_CASE(test_printk_cont_joins_the_line),
	KUNIT_CASE(test_unfinished_line_is_ended_by_the_next),
	KUNIT_CASE(test_printk_returns_the_text_length),
	KUNIT_CASE(test_log_wraps_whole_lines_and_counts_the_loss),
	{}
};
kunit_test_suite(printk, printk_cases);
