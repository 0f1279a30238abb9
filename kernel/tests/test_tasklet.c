/* kernel/tests/test_tasklet.c - every rule in include/irqlab/tasklet.h, checked. */
#include <irqlab/panic.h>
#include <irqlab/sched.h>
#include <irqlab/softirq.h>
#include <irqlab/tasklet.h>
#include <irqlab/timer.h>
#include "kunit.h"

static int runs, concurrent, max_concurrent, reschedules_left;
static bool ran_in_softirq;
static struct tasklet_struct *self_resched;

static void count_run(struct tasklet_struct *t)
{
	concurrent++;
	if (concurrent > max_concurrent)
		max_concurrent = concurrent;
	runs++;
	ran_in_softirq = in_serving_softirq() && !in_hardirq();
	if (t == self_resched && reschedules_left > 0) {
		reschedules_left--;
		tasklet_schedule(t);    /* from itself: must run again, later */
	}
	concurrent--;
}

static DECLARE_TASKLET(tl, count_run);
static DECLARE_TASKLET_DISABLED(tl_disabled, count_run);

static int tasklet_test_init(struct kunit *test)
{
	(void)test;
	runs = concurrent = max_concurrent = reschedules_left = 0;
	ran_in_softirq = false;
	self_resched = NULL;
	return 0;
}

/* Lets pending softirqs run now, in this thread, as a local_bh_enable() does. */
static void run_softirqs(void)
{
	local_bh_disable();
	local_bh_enable();
}

static void test_scheduled_tasklet_runs_once_in_softirq(struct kunit *test)
{
	tasklet_schedule(&tl);
	run_softirqs();
	KUNIT_EXPECT_EQ(test, runs, 1);
	KUNIT_EXPECT_TRUE(test, ran_in_softirq);
	KUNIT_EXPECT_EQ(test, tl.state, 0);
}

static void test_schedule_twice_before_run_runs_once(struct kunit *test)
{
	local_bh_disable();
	tasklet_schedule(&tl);
	tasklet_schedule(&tl);
	tasklet_hi_schedule(&tl);       /* already SCHED: not queued on the HI list either */
	KUNIT_EXPECT_TRUE(test, tl.state & BIT(TASKLET_STATE_SCHED));
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, runs, 1);
}

static void test_schedule_from_itself_runs_again_later(struct kunit *test)
{
	self_resched = &tl;
	reschedules_left = 3;
	tasklet_schedule(&tl);
	run_softirqs();
	msleep(20);                     /* later rounds may fall to ksoftirqd */
	KUNIT_EXPECT_EQ(test, runs, 4);
	KUNIT_EXPECT_EQ(test, max_concurrent, 1);
}

static void test_disabled_tasklet_stays_queued_until_enabled(struct kunit *test)
{
	tasklet_schedule(&tl_disabled);
	run_softirqs();
	msleep(20);
	KUNIT_EXPECT_EQ(test, runs, 0);
	KUNIT_EXPECT_TRUE(test, tl_disabled.state & BIT(TASKLET_STATE_SCHED));
	tasklet_enable(&tl_disabled);
	run_softirqs();
	msleep(20);
	KUNIT_EXPECT_EQ(test, runs, 1);
	tasklet_disable(&tl_disabled);  /* back as it was declared */
}

static void test_disable_nests(struct kunit *test)
{
	tasklet_disable(&tl);
	tasklet_disable_nosync(&tl);
	tasklet_schedule(&tl);
	tasklet_enable(&tl);
	run_softirqs();
	KUNIT_EXPECT_EQ(test, runs, 0);         /* still disabled once */
	tasklet_enable(&tl);
	run_softirqs();
	msleep(20);
	KUNIT_EXPECT_EQ(test, runs, 1);
}

static int hi_order[4], nhi;

static void note_hi(struct tasklet_struct *t)
{
	(void)t;
	hi_order[nhi++] = 1;
}

static void note_normal(struct tasklet_struct *t)
{
	(void)t;
	hi_order[nhi++] = 2;
}

static void test_hi_tasklets_run_before_normal(struct kunit *test)
{
	struct tasklet_struct hi, normal;

	tasklet_setup(&hi, note_hi);
	tasklet_setup(&normal, note_normal);
	nhi = 0;
	local_bh_disable();
	tasklet_schedule(&normal);
	tasklet_hi_schedule(&hi);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, nhi, 2);
	KUNIT_EXPECT_EQ(test, hi_order[0], 1);
	KUNIT_EXPECT_EQ(test, hi_order[1], 2);
}

static unsigned long old_style_data;

static void old_style(unsigned long data)
{
	old_style_data = data;
}

static void test_tasklet_init_passes_data(struct kunit *test)
{
	struct tasklet_struct t;

	tasklet_init(&t, old_style, 0x1234);
	tasklet_schedule(&t);
	run_softirqs();
	KUNIT_EXPECT_EQ(test, old_style_data, 0x1234);
}

static void test_kill_waits_and_removes(struct kunit *test)
{
	tasklet_schedule(&tl);
	tasklet_kill(&tl);              /* lets it run, then it is off the list */
	KUNIT_EXPECT_EQ(test, runs, 1);
	KUNIT_EXPECT_EQ(test, tl.state, 0);
}

static void test_kill_from_interrupt_context_refused(struct kunit *test)
{
	u32 warns = warn_count;
	unsigned long flags;

	local_irq_save(flags);
	irq_enter();
	tasklet_kill(&tl);
	irq_exit();
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
}

/* Scheduling from a hard-IRQ handler, as drivers do: the tasklet runs at irq_exit. */
static void test_schedule_from_hardirq_runs_at_irq_exit(struct kunit *test)
{
	unsigned long flags;

	local_irq_save(flags);
	irq_enter();
	tasklet_schedule(&tl);
	KUNIT_EXPECT_EQ(test, runs, 0);
	irq_exit();
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, runs, 1);
}

static struct kunit_case tasklet_cases[] = {
	KUNIT_CASE(test_scheduled_tasklet_runs_once_in_softirq),
	KUNIT_CASE(test_schedule_twice_before_run_runs_once),
	KUNIT_CASE(test_schedule_from_itself_runs_again_later),
	KUNIT_CASE(test_disabled_tasklet_stays_queued_until_enabled),
	KUNIT_CASE(test_disable_nests),
	KUNIT_CASE(test_hi_tasklets_run_before_normal),
	KUNIT_CASE(test_tasklet_init_passes_data),
	KUNIT_CASE(test_kill_waits_and_removes),
	KUNIT_CASE(test_kill_from_interrupt_context_refused),
	KUNIT_CASE(test_schedule_from_hardirq_runs_at_irq_exit),
	{}
};
kunit_test_suite(tasklet, tasklet_cases, .init = tasklet_test_init);
