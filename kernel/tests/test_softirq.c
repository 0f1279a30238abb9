/* kernel/tests/test_softirq.c - the softirq rules: order, where they run, the restart
 * limit and ksoftirqd, bottom-half disabling, and the context they run in. */
#include <irqlab/softirq.h>
#include <irqlab/sched.h>
#include <irqlab/timer.h>
#include "kunit.h"

/* Two vectors irqlab does not use otherwise stand in for a driver's. */
#define TEST_LOW   NET_TX_SOFTIRQ
#define TEST_HIGH  BLOCK_SOFTIRQ

static int order[8], norder;
static bool saw_serving, saw_irqs_on, saw_hardirq;
static int reraise_left;

static void low_action(struct softirq_action *a)
{
	(void)a;
	if (norder < 8)
		order[norder++] = TEST_LOW;
	saw_serving = in_serving_softirq();
	saw_irqs_on = !irqs_disabled();
	saw_hardirq = in_hardirq();
}

static void high_action(struct softirq_action *a)
{
	(void)a;
	if (norder < 8)
		order[norder++] = TEST_HIGH;
	if (reraise_left > 0) {
		reraise_left--;
		raise_softirq(TEST_HIGH);
	}
}

static int softirq_test_init(struct kunit *test)
{
	(void)test;
	norder = 0;
	reraise_left = 0;
	open_softirq(TEST_LOW, low_action);
	open_softirq(TEST_HIGH, high_action);
	return 0;
}

static void softirq_test_exit(struct kunit *test)
{
	(void)test;
	open_softirq(TEST_LOW, NULL);
	open_softirq(TEST_HIGH, NULL);
}

static void test_lower_number_runs_first(struct kunit *test)
{
	local_bh_disable();
	raise_softirq(TEST_HIGH);       /* raised first, but the higher number */
	raise_softirq(TEST_LOW);
	KUNIT_EXPECT_EQ(test, norder, 0);       /* bottom halves off: nothing ran */
	KUNIT_EXPECT_TRUE(test, local_softirq_pending() & BIT(TEST_LOW));
	local_bh_enable();              /* runs them, here, in order */
	KUNIT_EXPECT_EQ(test, norder, 2);
	KUNIT_EXPECT_EQ(test, order[0], TEST_LOW);
	KUNIT_EXPECT_EQ(test, order[1], TEST_HIGH);
}

static void test_runs_in_softirq_context_with_irqs_on(struct kunit *test)
{
	local_bh_disable();
	raise_softirq(TEST_LOW);
	local_bh_enable();
	KUNIT_EXPECT_TRUE(test, saw_serving);
	KUNIT_EXPECT_TRUE(test, saw_irqs_on);
	KUNIT_EXPECT_FALSE(test, saw_hardirq);
	KUNIT_EXPECT_FALSE(test, in_serving_softirq());
}

static void test_bh_disable_nests(struct kunit *test)
{
	local_bh_disable();
	local_bh_disable();
	KUNIT_EXPECT_TRUE(test, in_softirq());
	KUNIT_EXPECT_FALSE(test, in_serving_softirq());
	raise_softirq(TEST_LOW);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, norder, 0);       /* still one level disabled */
	KUNIT_EXPECT_TRUE(test, in_softirq());
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, norder, 1);
	KUNIT_EXPECT_FALSE(test, in_softirq());
}

static void test_runs_on_irq_exit(struct kunit *test)
{
	unsigned long flags;

	/* What a hard-IRQ handler does: raise, and leave. irq_exit() runs it. */
	local_irq_save(flags);
	irq_enter();
	raise_softirq_irqoff(TEST_LOW);
	KUNIT_EXPECT_EQ(test, norder, 0);
	irq_exit();
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, norder, 1);
	KUNIT_EXPECT_TRUE(test, saw_serving);
}

/* An interrupt that lands where bottom halves are disabled must leave its softirqs for
 * local_bh_enable(): that section relies on no softirq running on this CPU meanwhile. */
static void test_irq_exit_in_bh_disabled_section_leaves_them(struct kunit *test)
{
	unsigned long flags;

	local_bh_disable();
	local_irq_save(flags);
	irq_enter();
	raise_softirq_irqoff(TEST_LOW);
	irq_exit();
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, norder, 0);
	KUNIT_EXPECT_TRUE(test, local_softirq_pending() & BIT(TEST_LOW));
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, norder, 1);
}

/* A nested interrupt's irq_exit() leaves them to the outer one's. */
static void test_nested_irq_exit_leaves_them_to_the_outer(struct kunit *test)
{
	unsigned long flags;

	local_irq_save(flags);
	irq_enter();
	irq_enter();
	raise_softirq_irqoff(TEST_LOW);
	irq_exit();
	KUNIT_EXPECT_EQ(test, norder, 0);
	irq_exit();
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, norder, 1);
	KUNIT_EXPECT_FALSE(test, saw_hardirq);
}

static void test_restart_limit_hands_over_to_ksoftirqd(struct kunit *test)
{
	u32 hits = softirq_restart_limit_hits;
	u32 before = softirq_count_of(0, TEST_HIGH);
	u32 ran_in_irq_exit, hits_after;
	unsigned long flags;

	reraise_left = 100;             /* far more than MAX_SOFTIRQ_RESTART rounds */
	local_irq_save(flags);
	irq_enter();
	raise_softirq_irqoff(TEST_HIGH);
	irq_exit();
	/* Read before interrupts are back on: the next tick's own irq_exit would run
	 * another batch of the still-pending softirq. */
	ran_in_irq_exit = softirq_count_of(0, TEST_HIGH) - before;
	hits_after = softirq_restart_limit_hits;
	local_irq_restore(flags);
	/* irq_exit ran at most MAX_SOFTIRQ_RESTART rounds, then woke ksoftirqd. */
	KUNIT_EXPECT_LE(test, ran_in_irq_exit, MAX_SOFTIRQ_RESTART);
	KUNIT_EXPECT_EQ(test, hits_after, hits + 1);
	KUNIT_EXPECT_LT(test, ran_in_irq_exit, 101);
	msleep(50);                     /* ksoftirqd/0 gets the CPU and finishes the rest */
	KUNIT_EXPECT_EQ(test, reraise_left, 0);
	KUNIT_EXPECT_EQ(test, softirq_count_of(0, TEST_HIGH) - before, 101);
	KUNIT_EXPECT_GT(test, ksoftirqd_task()->ticks + ksoftirqd_task()->nvcsw, 0);
}

static void test_raise_outside_interrupt_wakes_ksoftirqd(struct kunit *test)
{
	/* No interrupt exit is coming to run it: ksoftirqd must. */
	raise_softirq(TEST_LOW);
	msleep(30);
	KUNIT_EXPECT_EQ(test, norder, 1);
}

static void test_names_in_linux_order(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, softirq_to_name[HI_SOFTIRQ], "HI");
	KUNIT_EXPECT_STREQ(test, softirq_to_name[TIMER_SOFTIRQ], "TIMER");
	KUNIT_EXPECT_STREQ(test, softirq_to_name[TASKLET_SOFTIRQ], "TASKLET");
	KUNIT_EXPECT_STREQ(test, softirq_to_name[RCU_SOFTIRQ], "RCU");
	KUNIT_EXPECT_EQ(test, NR_SOFTIRQS, 10);
}

static struct kunit_case softirq_cases[] = {
	KUNIT_CASE(test_lower_number_runs_first),
	KUNIT_CASE(test_runs_in_softirq_context_with_irqs_on),
	KUNIT_CASE(test_bh_disable_nests),
	KUNIT_CASE(test_runs_on_irq_exit),
	KUNIT_CASE(test_irq_exit_in_bh_disabled_section_leaves_them),
	KUNIT_CASE(test_nested_irq_exit_leaves_them_to_the_outer),
	KUNIT_CASE(test_restart_limit_hands_over_to_ksoftirqd),
	KUNIT_CASE(test_raise_outside_interrupt_wakes_ksoftirqd),
	KUNIT_CASE(test_names_in_linux_order),
	{}
};
kunit_test_suite(softirq, softirq_cases, .init = softirq_test_init, .exit = softirq_test_exit);
