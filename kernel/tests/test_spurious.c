/* kernel/tests/test_spurious.c - interrupts nobody claims (kernel/irq/spurious.c), raised
 * with irq_inject on a spare line through whichever chip drives it. */
#include <irqlab/interrupt.h>
#include "kernel/irq/internal.h"
#include "ktest_irq.h"
#include "kunit.h"

/* IRQ 10 is free on QEMU's pc machine (no ISA device on it). */
#define TEST_IRQ        10
/* kernel/irq/spurious.c's rule: out of 100,000 deliveries, more than 99,900 unhandled. */
#define WINDOW          100000
#define THRESHOLD       99900

static int dev_a, dev_b;
static u32 runs_a, runs_b, claim_left;

static irqreturn_t storm_handler_a(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	runs_a++;
	return IRQ_NONE;
}

/* Claims the first claim_left deliveries, then none. */
static irqreturn_t storm_handler_b(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	runs_b++;
	if (claim_left) {
		claim_left--;
		return IRQ_HANDLED;
	}
	return IRQ_NONE;
}

static bool line_free(struct kunit *test)
{
	if (!irq_to_desc(TEST_IRQ)->action)
		return true;
	kunit_skip_case(test, "the test line already has a driver");
	return false;
}

/* Raises the line n times; stops early if an injection fails. Returns how many went. */
static u32 inject_n(u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (irq_inject(TEST_IRQ))
			break;
	return i;
}

/* Starts the line's detector window as if its first WINDOW - TAIL deliveries had come
 * and nobody had claimed them: injecting all 100,000 takes 0.25 s under TCG on an idle
 * host, and seconds on a loaded one. The last TAIL come through the whole path. */
#define TAIL            1000

static void preload_window(struct irq_desc *desc)
{
	unsigned long flags;

	local_irq_save(flags);
	desc->irq_count = WINDOW - TAIL;
	desc->irqs_unhandled = WINDOW - TAIL;
	local_irq_restore(flags);
}

/* Linux's rule at both of its edges, through the whole path (chip, do_IRQ, flow, both
 * handlers of a shared line): a window of 100,000 deliveries with exactly 99,900
 * unhandled leaves the line on and starts a new window; with one more unhandled, the
 * window's very last delivery shuts the line off, masked at the chip, and the report
 * names each handler by its function. */
static void test_unhandled_storm_disables_line_and_reports(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);

	if (!line_free(test))
		return;
	runs_a = runs_b = 0;
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, storm_handler_a, IRQF_SHARED, "storm-a",
					  &dev_a), 0);
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, storm_handler_b, IRQF_SHARED, "storm-b",
					  &dev_b), 0);
	KUNIT_EXPECT_EQ(test, desc->irq_count, 0);      /* a new driver, a new window */

	preload_window(desc);
	claim_left = WINDOW - THRESHOLD;                /* 99,900 unhandled: not more */
	KUNIT_EXPECT_EQ(test, inject_n(TAIL), TAIL);
	KUNIT_EXPECT_EQ(test, runs_a, TAIL);
	KUNIT_EXPECT_EQ(test, runs_b, TAIL);
	KUNIT_EXPECT_FALSE(test, desc->istate & (IRQS_SPURIOUS_DISABLED | IRQS_DISABLED));
	KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(TEST_IRQ));
	KUNIT_EXPECT_EQ(test, desc->irq_count, 0);      /* the next window has begun */
	KUNIT_EXPECT_EQ(test, desc->irqs_unhandled, 0);

	preload_window(desc);
	claim_left = WINDOW - THRESHOLD - 1;            /* 99,901 unhandled */
	KUNIT_EXPECT_EQ(test, inject_n(TAIL - 1), TAIL - 1);
	KUNIT_EXPECT_FALSE(test, desc->istate & (IRQS_SPURIOUS_DISABLED | IRQS_DISABLED));
	KUNIT_EXPECT_EQ(test, desc->depth, 0);
	KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(TEST_IRQ));
	KUNIT_EXPECT_EQ(test, inject_n(1), 1);          /* the window's last delivery */
	KUNIT_EXPECT_EQ(test, runs_a, 2 * TAIL);
	KUNIT_EXPECT_TRUE(test, desc->istate & IRQS_SPURIOUS_DISABLED);
	KUNIT_EXPECT_TRUE(test, desc->istate & IRQS_DISABLED);
	KUNIT_EXPECT_EQ(test, desc->depth, 1);
	KUNIT_EXPECT_TRUE(test, ktest_masked_at_chip(TEST_IRQ));

	ktest_capture_log();
	KUNIT_EXPECT_TRUE(test, ktest_log_has_line("irq 10: nobody cared (try booting with the "
						   "\"irqpoll\" option)", NULL));
	KUNIT_EXPECT_TRUE(test, ktest_log_has_line("handlers:", NULL));
	KUNIT_EXPECT_TRUE(test, ktest_log_has_line("] storm_handler_a", " (storm-a)"));
	KUNIT_EXPECT_TRUE(test, ktest_log_has_line("] storm_handler_b", " (storm-b)"));
	KUNIT_EXPECT_TRUE(test, ktest_log_has_line("Disabling IRQ #10", NULL));

	free_irq(TEST_IRQ, &dev_b);
	free_irq(TEST_IRQ, &dev_a);
	/* A new driver gets the line back: the detector's verdict was on the old ones. */
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, storm_handler_a, 0, "storm-a", &dev_a), 0);
	KUNIT_EXPECT_FALSE(test, desc->istate & (IRQS_SPURIOUS_DISABLED | IRQS_DISABLED));
	KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(TEST_IRQ));
	free_irq(TEST_IRQ, &dev_a);
}

static void spurious_exit(struct kunit *test)
{
	ktest_free_left_irq(test, TEST_IRQ, &dev_a);
	ktest_free_left_irq(test, TEST_IRQ, &dev_b);
}

static struct kunit_case spurious_cases[] = {
	KUNIT_CASE(test_unhandled_storm_disables_line_and_reports),
	{}
};
kunit_test_suite(irq_spurious, spurious_cases, .exit = spurious_exit);
