/* kernel/tests/test_smp_printk.c - two CPUs printing at once: every line arrives whole
 * and none is lost, in the log ring (read back as dmesg reads it) and on a console.
 *
 * Each CPU prints numbered lines; afterwards every line must be found exactly once and
 * exactly as printed. Without printk's logbuf_lock the two CPUs' bytes mix inside the
 * ring (and in printk's one formatting buffer); without the console lock two CPUs'
 * writes reach a console byte by byte at once, as the UART takes them, and mix there. */
#include <irqlab/atomic.h>
#include <irqlab/console.h>
#include <irqlab/cpumask.h>
#include <irqlab/sched.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "cpu_work.h"
#include "kunit.h"

#define LOG_LINES       80              /* per CPU and round: a round fits the 32 KiB ring */
#define CON_LINES       60
#define ROUNDS          3               /* races, each checked on its own */
#define CAPTURE_LEN     (16 * 1024)
#define LINE_LEN        96

static unsigned int round;

/* The text of line i of cpu in this round: the same function writes it and checks it. */
static void line_text(char *buf, const char *tag, unsigned int cpu, unsigned int i)
{
	snprintf(buf, LINE_LEN, "%s%u cpu%u line %03u: the quick brown fox jumps over\n",
		 tag, round, cpu, i);
}

/* Finds each line with this round's tag in text, and marks seen[cpu][i] for each that
 * is exactly one of line_text()'s. Returns the lines with the tag that are not. */
static unsigned int check_lines(const char *text, size_t len, const char *name,
				u8 seen[][LOG_LINES], unsigned int nlines)
{
	char want[LINE_LEN], tag[32];
	unsigned int bad = 0;
	size_t taglen;

	snprintf(tag, sizeof(tag), "%s%u ", name, round);
	taglen = strlen(tag);

	for (size_t at = 0; at < len;) {
		size_t end = at;
		const char *p;

		while (end < len && text[end] != '\n')
			end++;
		p = text + at;
		/* A log line starts with its timestamp: skip to the text. */
		for (size_t k = at; k + taglen <= end; k++) {
			if (strncmp(text + k, tag, taglen) == 0) {
				unsigned int cpu = 0, i = 0;
				const char *q = text + k + taglen + 3;  /* "cpu" */

				p = text + k;
				while (*q >= '0' && *q <= '9' && q < text + end)
					cpu = cpu * 10 + (unsigned)(*q++ - '0');
				q += 6;                                 /* " line " */
				while (q < text + end && *q >= '0' && *q <= '9')
					i = i * 10 + (unsigned)(*q++ - '0');
				if (cpu < NR_CPUS && i < nlines) {
					line_text(want, name, cpu, i);
					if ((size_t)(text + end + 1 - p) == strlen(want) &&
					    strncmp(p, want, strlen(want)) == 0) {
						seen[cpu][i]++;
						break;
					}
				}
				bad++;
				break;
			}
		}
		at = end + 1;
	}
	return bad;
}

static unsigned int count_seen(u8 seen[][LOG_LINES], unsigned int nlines, unsigned int *dups)
{
	unsigned int n = 0, cpu;

	*dups = 0;
	for_each_online_cpu(cpu)
		for (unsigned int i = 0; i < nlines; i++) {
			n += seen[cpu][i] != 0;
			*dups += seen[cpu][i] > 1;
		}
	return n;
}

static u8 seen[NR_CPUS][LOG_LINES];

/* --- the log ring ---------------------------------------------------------------------- */

#define LOG_TAG "smp_printk-log"

static void print_log_lines(void *arg)
{
	char buf[LINE_LEN];

	(void)arg;
	for (unsigned int i = 0; i < LOG_LINES; i++) {
		line_text(buf, LOG_TAG, smp_processor_id(), i);
		printk(KERN_DEBUG "%s", buf);   /* the log only: not the console */
	}
}

struct log_copy {
	char *buf;
	size_t len;
};

static void copy_log(const char *text, size_t len, void *arg)
{
	struct log_copy *c = arg;
	size_t n = MIN(len, CAPTURE_LEN * 2 - c->len);

	memcpy(c->buf + c->len, text, n);
	c->len += n;
}

static void test_two_cpus_printk_whole_lines_to_the_log(struct kunit *test)
{
	struct log_copy copy = { .buf = kmalloc(CAPTURE_LEN * 2, GFP_KERNEL) };
	size_t dropped = log_buf_dropped();
	unsigned int bad, dups;

	KUNIT_ASSERT_TRUE(test, copy.buf != NULL);
	for (round = 0; round < ROUNDS && !test->failed; round++) {
		memset(seen, 0, sizeof(seen));
		dropped = log_buf_dropped();
		if (!ktest_race(print_log_lines, NULL)) {
			kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
			break;
		}
		copy.len = 0;
		log_buf_for_each(copy_log, &copy);
		bad = check_lines(copy.buf, copy.len, LOG_TAG, seen, LOG_LINES);
		KUNIT_EXPECT_EQ(test, bad, 0);
		/* Lines of this round pushed out of the ring by its own wrap are not lost:
		 * dmesg says how much was dropped. Count only if nothing was. */
		if (log_buf_dropped() == dropped)
			KUNIT_EXPECT_EQ(test, count_seen(seen, LOG_LINES, &dups), 2 * LOG_LINES);
		count_seen(seen, LOG_LINES, &dups);
		KUNIT_EXPECT_EQ(test, dups, 0);
	}
	kfree(copy.buf);
}

/* --- a console ------------------------------------------------------------------------- */

#define CON_TAG "smp_printk-con"

/* A console that takes the text a byte at a time, as the UART does, into a buffer. Its
 * own position is claimed with a LOCKed add, so it loses nothing itself: what mixes is
 * what the console lock let through at once. */
static char *capture;
static atomic_t capture_pos;

static void capture_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int at = atomic_add_return(1, &capture_pos) - 1;

		if (at < CAPTURE_LEN)
			capture[at] = s[i];
		for (int d = 0; d < 500; d++)   /* a byte takes the UART a while */
			barrier();
	}
}

static struct console capture_console = { .name = "ktest", .write = capture_write };

static void print_console_lines(void *arg)
{
	char buf[LINE_LEN];

	(void)arg;
	for (unsigned int i = 0; i < CON_LINES; i++) {
		line_text(buf, CON_TAG, smp_processor_id(), i);
		kprintf("%s", buf);
	}
}

static void test_two_cpus_write_whole_lines_to_a_console(struct kunit *test)
{
	unsigned int bad, dups;
	bool raced;

	capture = kmalloc(CAPTURE_LEN, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, capture != NULL);
	for (round = 0; round < ROUNDS && !test->failed; round++) {
		atomic_set(&capture_pos, 0);
		memset(seen, 0, sizeof(seen));
		register_console(&capture_console);
		raced = ktest_race(print_console_lines, NULL);
		unregister_console(&capture_console);
		if (!raced) {
			kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
			break;
		}
		KUNIT_ASSERT_TRUE(test, atomic_read(&capture_pos) <= CAPTURE_LEN);
		bad = check_lines(capture, (size_t)atomic_read(&capture_pos), CON_TAG, seen,
				  CON_LINES);
		KUNIT_EXPECT_EQ(test, bad, 0);
		KUNIT_EXPECT_EQ(test, count_seen(seen, CON_LINES, &dups), 2 * CON_LINES);
		KUNIT_EXPECT_EQ(test, dups, 0);
	}
	kfree(capture);
}

static struct kunit_case smp_printk_cases[] = {
	KUNIT_CASE(test_two_cpus_printk_whole_lines_to_the_log),
	KUNIT_CASE(test_two_cpus_write_whole_lines_to_a_console),
	{}
};
kunit_test_suite(smp_printk, smp_printk_cases);
