/* kernel/tests/test_keyboard.c - the keyboard's two halves on the running kernel: the
 * top half only queues (IRQ 1 raised for real by the controller), the bottom half
 * decodes into the console queue, and a full queue is counted and reported, never lost
 * silently. The decoder's own cases are host unit tests (tests/host/test_scancode.c). */
#include <irqlab/console.h>
#include <irqlab/interrupt.h>
#include <irqlab/keyboard.h>
#include <irqlab/printk.h>
#include <irqlab/seq_file.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include "drivers/input/i8042.h"
#include "arch/x86/io.h"
#include "kernel/irq/internal.h"
#include <irqlab/sched.h>
#include <irqlab/timer.h>
#include "kunit.h"
#include "ktest_kbd.h"

#define SC_A            0x1e
#define SC_H            0x23
#define SC_I            0x17
#define SC_U            0x16
#define SC_LCTRL        0x1d
#define SC_ESC_BREAK    0x81    /* decodes to nothing and changes no state */
#define SC_BREAK        0x80
#define SC_E0           0xe0
#define SC_E0_UP        0x48

static bool wait_queued(u32 n)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(200);

	while (i8042_kbd_queued() < n)
		if (time_after(jiffies, deadline))
			return false;
	return true;
}

/* A number after "label" in a /proc file, or -1. */
static long proc_value(const char *path, const char *label)
{
	static char buf[1024];
	struct seq_file m = { .buf = buf, .size = sizeof(buf) };
	const struct proc_file *f = proc_file_find(path);
	const char *p = buf;
	long n = 0;

	if (!f || f->show(&m) < 0 || m.overflow)
		return -1;
	buf[m.count] = '\0';
	while (!str_starts_with(p, label)) {
		p = strchr(p, '\n');
		if (!p++)
			return -1;
	}
	for (p += strlen(label); *p == ' '; p++)
		;
	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9')
		n = n * 10 + (*p++ - '0');
	return n;
}

static char log_copy[32 * 1024 + 1];
static size_t log_copy_len;

static void log_collect(const char *text, size_t len, void *arg)
{
	(void)arg;
	len = MIN(len, sizeof(log_copy) - 1 - log_copy_len);
	memcpy(log_copy + log_copy_len, text, len);
	log_copy_len += len;
}

/* How many lines of the kernel log contain needle. */
static int log_count(const char *needle)
{
	size_t n = strlen(needle);
	int count = 0;

	log_copy_len = 0;
	log_buf_for_each(log_collect, NULL);
	log_copy[log_copy_len] = '\0';
	for (const char *p = log_copy; *p; p++)
		if (strncmp(p, needle, n) == 0)
			count++;
	return count;
}

/* IRQ 1 for real: the top half queues the byte and schedules the tasklet, which decodes.
 * With the tasklet disabled the bytes wait in the i8042 queue and the tasklet stays
 * scheduled; enabled again, it runs at the next softirq and they become 'a'. */
static void test_top_half_only_queues(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(I8042_KBD_IRQ);
	const char *cannot;
	u32 kstat;

	KUNIT_ASSERT_TRUE(test, desc->action != NULL);
	cannot = ktest_kbd_cannot_type();
	if (cannot) {
		kunit_skip_case(test, cannot);
		return;
	}
	tasklet_disable(&keyboard_tasklet);
	drain_console();
	KUNIT_ASSERT_EQ(test, i8042_kbd_queued(), 0);
	kstat = desc->kstat_irqs[0];

	KUNIT_ASSERT_TRUE(test, controller_send_as_keyboard(SC_A));
	KUNIT_EXPECT_TRUE(test, wait_queued(1));
	KUNIT_EXPECT_TRUE(test, controller_send_as_keyboard(SC_A | SC_BREAK));
	KUNIT_EXPECT_TRUE(test, wait_queued(2));
	KUNIT_EXPECT_EQ(test, desc->kstat_irqs[0], kstat + 2);  /* one interrupt per byte */
	KUNIT_EXPECT_EQ(test, console_trygetc(), -1);           /* nothing decoded yet */
	KUNIT_EXPECT_TRUE(test, keyboard_tasklet.state & BIT(TASKLET_STATE_SCHED));

	tasklet_enable(&keyboard_tasklet);
	local_bh_disable();
	local_bh_enable();                                      /* the softirq runs here */
	msleep(20);                                             /* or in ksoftirqd */
	KUNIT_EXPECT_EQ(test, console_trygetc(), 'a');
	KUNIT_EXPECT_EQ(test, console_trygetc(), -1);
	KUNIT_EXPECT_EQ(test, i8042_kbd_queued(), 0);
}

/* The bottom half keeps each key's bytes together in the console queue, in order. */
static void test_bottom_half_feeds_console(struct kunit *test)
{
	static const u8 keys[] = {
		SC_H, SC_H | SC_BREAK, SC_I, SC_I | SC_BREAK,
		SC_LCTRL, SC_U, SC_U | SC_BREAK, SC_LCTRL | SC_BREAK,
		SC_E0, SC_E0_UP, SC_E0, SC_E0_UP | SC_BREAK,
	};
	static const char expect[] = "hi\x15\x1b[A";

	/* The test is the producer now, and the consumer: kbd_process_scancodes() takes one
	 * caller at a time, and a keyboard tasklet still scheduled from an earlier byte
	 * would otherwise run it too, in a softirq on top of the test's call (it did
	 * once under v86, the console then read "i^U^[[Ah" for "hi^U^[[A"). */
	disable_irq(I8042_KBD_IRQ);
	tasklet_disable(&keyboard_tasklet);
	drain_console();
	for (unsigned int i = 0; i < ARRAY_SIZE(keys); i++)
		KUNIT_EXPECT_TRUE(test, i8042_kbd_queue(keys[i]));
	kbd_process_scancodes();
	KUNIT_EXPECT_EQ(test, i8042_kbd_queued(), 0);
	for (unsigned int i = 0; i < sizeof(expect) - 1; i++)
		KUNIT_EXPECT_EQ(test, console_trygetc(), expect[i]);
	KUNIT_EXPECT_EQ(test, console_trygetc(), -1);
	tasklet_enable(&keyboard_tasklet);
	enable_irq(I8042_KBD_IRQ);
}

/* More than the queue holds: the excess is refused, counted, shown in /proc, and
 * reported once by the bottom half; a second overflow right after is counted but not
 * reported again (rate-limited). */
static void test_queue_overflow_counted_and_reported(struct kunit *test)
{
	u32 dropped, room;
	int reports;

	disable_irq(I8042_KBD_IRQ);
	tasklet_disable(&keyboard_tasklet);     /* the only consumer: see above */
	dropped = i8042_kbd_dropped();
	room = I8042_KBD_QUEUE_SIZE - i8042_kbd_queued();
	reports = log_count("scancodes lost");

	for (u32 i = 0; i < room + 3; i++)
		i8042_kbd_queue(SC_ESC_BREAK);
	KUNIT_EXPECT_EQ(test, i8042_kbd_queued(), I8042_KBD_QUEUE_SIZE);
	KUNIT_EXPECT_EQ(test, i8042_kbd_dropped(), dropped + 3);
	KUNIT_EXPECT_EQ(test, proc_value("/proc/i8042", "dropped:"), dropped + 3);
	KUNIT_EXPECT_EQ(test, proc_value("/proc/keyboard", "lost:"), dropped + 3);

	kbd_process_scancodes();
	KUNIT_EXPECT_EQ(test, i8042_kbd_queued(), 0);
	KUNIT_EXPECT_EQ(test, log_count("keyboard: 3 scancodes lost"), 1);
	KUNIT_EXPECT_EQ(test, log_count("scancodes lost"), reports + 1);

	for (u32 i = 0; i < I8042_KBD_QUEUE_SIZE + 2; i++)
		i8042_kbd_queue(SC_ESC_BREAK);
	kbd_process_scancodes();
	KUNIT_EXPECT_EQ(test, i8042_kbd_dropped(), dropped + 5);
	KUNIT_EXPECT_EQ(test, log_count("scancodes lost"), reports + 1);
	KUNIT_EXPECT_EQ(test, i8042_kbd_queued(), 0);
	drain_console();
	tasklet_enable(&keyboard_tasklet);
	enable_irq(I8042_KBD_IRQ);
}

static struct kunit_case keyboard_cases[] = {
	KUNIT_CASE(test_top_half_only_queues),
	KUNIT_CASE(test_bottom_half_feeds_console),
	KUNIT_CASE(test_queue_overflow_counted_and_reported),
	{}
};
kunit_test_suite(keyboard, keyboard_cases);
