/* kernel/tests/test_delayed_work.c - delayed work on the timer layer: when it runs,
 * moving it, cancelling it (also while it runs, also when it re-arms itself), flushing
 * it. */
#include <irqlab/interrupt.h>
#include "kunit.h"
#include "ktest_wq.h"

static void test_delayed_work_runs_after_its_delay_in_a_kworker(struct kunit *test)
{
	unsigned long armed;
	struct probe p;

	probe_init(&p, system_wq);
	armed = jiffies;
	KUNIT_EXPECT_TRUE(test, queue_delayed_work(system_wq, &p.dwork, 5));
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&p.dwork));
	KUNIT_EXPECT_TRUE(test, timer_pending(&p.dwork.timer));
	KUNIT_EXPECT_FALSE(test, queue_delayed_work(system_wq, &p.dwork, 1));  /* pending */
	KUNIT_ASSERT_TRUE(test, waits_ms(&p.done, 1000));
	KUNIT_EXPECT_GE(test, (long)(p.ran_at - armed), 5);
	KUNIT_EXPECT_TRUE(test, p.in_task);
	KUNIT_EXPECT_TRUE(test, comm_is(p.comm[0], "kworker/0:", ""));
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&p.dwork));
	cancel_delayed_work_sync(&p.dwork);
}

static void test_zero_delay_queues_at_once(struct kunit *test)
{
	struct probe p;

	probe_init(&p, system_wq);
	p.block = true;                 /* flush_work() below finds it queued or running */
	preempt_disable();
	KUNIT_EXPECT_TRUE(test, queue_delayed_work(system_wq, &p.dwork, 0));
	KUNIT_EXPECT_FALSE(test, timer_pending(&p.dwork.timer));
	KUNIT_EXPECT_TRUE(test, p.dwork.work.data & WORK_STRUCT_PWQ);   /* on the worklist */
	preempt_enable();
	probe_release_when_asleep(&p);
	KUNIT_EXPECT_TRUE(test, flush_work(&p.dwork.work));
	del_timer_sync(&p.release_timer);
	KUNIT_EXPECT_EQ(test, p.runs, 1);
}

static void test_mod_delayed_work_moves_the_timer(struct kunit *test)
{
	unsigned long start = jiffies;
	struct probe p;

	probe_init(&p, system_wq);
	queue_delayed_work(system_wq, &p.dwork, 10 * HZ);
	KUNIT_EXPECT_TRUE(test, mod_delayed_work(system_wq, &p.dwork, 2));
	KUNIT_ASSERT_TRUE(test, waits_ms(&p.done, 1000));
	KUNIT_EXPECT_LT(test, (long)(p.ran_at - start), HZ);
	KUNIT_EXPECT_FALSE(test, mod_delayed_work(system_wq, &p.dwork, 10 * HZ)); /* idle: arms */
	KUNIT_EXPECT_TRUE(test, timer_pending(&p.dwork.timer));
	KUNIT_EXPECT_TRUE(test, cancel_delayed_work_sync(&p.dwork));
	KUNIT_EXPECT_EQ(test, p.runs, 1);
}

static void test_cancel_delayed_work_before_it_fires(struct kunit *test)
{
	unsigned long flags;
	struct probe p;
	bool ret;

	probe_init(&p, system_wq);
	/* Interrupts off from the arming to the cancel: the timer (on this CPU's base)
	 * cannot fire in between, however long this thread takes. */
	local_irq_save(flags);
	queue_delayed_work(system_wq, &p.dwork, 3);
	KUNIT_EXPECT_TRUE(test, cancel_delayed_work(&p.dwork));
	KUNIT_EXPECT_FALSE(test, cancel_delayed_work(&p.dwork));
	/* From a hard-IRQ handler too: */
	queue_delayed_work(system_wq, &p.dwork, 3);
	irq_enter();
	ret = cancel_delayed_work(&p.dwork);
	irq_exit();
	local_irq_restore(flags);
	KUNIT_EXPECT_TRUE(test, ret);
	msleep(50);
	KUNIT_EXPECT_EQ(test, p.runs, 0);
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&p.dwork));
}

static void test_cancel_delayed_work_sync_waits_for_the_running_function(struct kunit *test)
{
	struct probe p;

	probe_init(&p, system_wq);
	p.block = true;
	queue_delayed_work(system_wq, &p.dwork, 1);
	KUNIT_ASSERT_TRUE(test, waits_ms(&p.started, 1000));
	probe_release_when_asleep(&p);  /* still running when the cancel starts */
	KUNIT_EXPECT_FALSE(test, cancel_delayed_work_sync(&p.dwork));
	KUNIT_EXPECT_EQ(test, p.finished, 1);
	del_timer_sync(&p.release_timer);
}

static void test_flush_delayed_work_runs_it_now(struct kunit *test)
{
	unsigned long start = jiffies;
	struct probe p;

	probe_init(&p, system_wq);
	/* The item waits for this thread to sleep in the flush: a kworker that ran it to the
	 * end before flush_work() looked would make the flush rightly say "idle". */
	p.block = true;
	queue_delayed_work(system_wq, &p.dwork, 10 * HZ);
	probe_release_when_asleep(&p);
	KUNIT_EXPECT_TRUE(test, flush_delayed_work(&p.dwork));
	del_timer_sync(&p.release_timer);
	KUNIT_EXPECT_EQ(test, p.runs, 1);
	KUNIT_EXPECT_LT(test, (long)(jiffies - start), HZ / 2);
	KUNIT_EXPECT_FALSE(test, timer_pending(&p.dwork.timer));
	KUNIT_EXPECT_FALSE(test, flush_delayed_work(&p.dwork));
}

/* A periodic item: it re-arms itself each run. cancel_delayed_work_sync() stops it
 * whether it catches it armed or running (its re-arm then fails). */
static void test_self_rearming_item_is_stopped_by_cancel_sync(struct kunit *test)
{
	struct probe p;
	int runs;

	probe_init(&p, system_wq);
	p.rearm = true;
	queue_delayed_work(system_wq, &p.dwork, 1);
	for (int i = 0; i < 100 && READ_ONCE(p.runs) < 3; i++)
		msleep(10);
	KUNIT_EXPECT_GE(test, p.runs, 3);
	cancel_delayed_work_sync(&p.dwork);
	runs = p.runs;
	msleep(40);
	KUNIT_EXPECT_EQ(test, p.runs, runs);
	KUNIT_EXPECT_FALSE(test, timer_pending(&p.dwork.timer));
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&p.dwork));
}

static void test_delayed_work_queued_from_hardirq(struct kunit *test)
{
	unsigned long flags;
	struct probe p;

	probe_init(&p, system_highpri_wq);
	local_irq_save(flags);
	irq_enter();
	KUNIT_EXPECT_TRUE(test, queue_delayed_work(system_highpri_wq, &p.dwork, 1));
	irq_exit();
	local_irq_restore(flags);
	KUNIT_ASSERT_TRUE(test, waits_ms(&p.done, 1000));
	KUNIT_EXPECT_TRUE(test, comm_is(p.comm[0], "kworker/0:", "H"));
	cancel_delayed_work_sync(&p.dwork);
}

static struct kunit_case delayed_work_cases[] = {
	KUNIT_CASE(test_delayed_work_runs_after_its_delay_in_a_kworker),
	KUNIT_CASE(test_zero_delay_queues_at_once),
	KUNIT_CASE(test_mod_delayed_work_moves_the_timer),
	KUNIT_CASE(test_cancel_delayed_work_before_it_fires),
	KUNIT_CASE(test_cancel_delayed_work_sync_waits_for_the_running_function),
	KUNIT_CASE(test_flush_delayed_work_runs_it_now),
	KUNIT_CASE(test_self_rearming_item_is_stopped_by_cancel_sync),
	KUNIT_CASE(test_delayed_work_queued_from_hardirq),
	{}
};
kunit_test_suite(delayed_work, delayed_work_cases);
