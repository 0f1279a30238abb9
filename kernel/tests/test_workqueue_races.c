/* kernel/tests/test_workqueue_races.c - the races that trouble work queue code, made
 * deterministic: the item is held inside its function by a completion, and the test
 * (or a timer, or a second thread) lets it go at a chosen moment. */
#include <irqlab/kthread.h>
#include <irqlab/panic.h>
#include <irqlab/slab.h>
#include "kunit.h"
#include "ktest_wq.h"

static void test_cancel_while_running_waits_and_says_not_pending(struct kunit *test)
{
	struct probe p;
	unsigned long released_at;

	probe_init(&p, system_wq);
	p.block = true;
	queue_work(system_wq, &p.work);
	KUNIT_ASSERT_TRUE(test, waits_ms(&p.started, 1000));
	released_at = jiffies + 1;
	probe_release_when_asleep(&p);  /* not before the cancel sleeps: it must find the run */
	KUNIT_EXPECT_FALSE(test, cancel_work_sync(&p.work));   /* running, not pending */
	KUNIT_EXPECT_EQ(test, p.finished, 1);                   /* it waited for the run */
	KUNIT_EXPECT_TRUE(test, time_after_eq(jiffies, released_at));
	KUNIT_EXPECT_EQ(test, p.work.data, 0);
	del_timer_sync(&p.release_timer);
}

static void test_cancel_while_running_and_pending_drops_the_next_run(struct kunit *test)
{
	struct probe p;

	probe_init(&p, system_wq);
	p.block_first = true;
	queue_work(system_wq, &p.work);
	KUNIT_ASSERT_TRUE(test, waits_ms(&p.started, 1000));
	KUNIT_EXPECT_TRUE(test, queue_work(system_wq, &p.work));  /* pending behind itself */
	probe_release_when_asleep(&p);
	KUNIT_EXPECT_TRUE(test, cancel_work_sync(&p.work));
	KUNIT_EXPECT_EQ(test, p.finished, 1);
	msleep(20);
	KUNIT_EXPECT_EQ(test, p.runs, 1);                       /* the queued run was dropped */
	KUNIT_EXPECT_TRUE(test, queue_work(system_wq, &p.work)); /* and it can be used again */
	flush_work(&p.work);
	KUNIT_EXPECT_EQ(test, p.runs, 2);
	del_timer_sync(&p.release_timer);
}

/* A second thread calling cancel_work_sync() on a work item. */
struct canceller {
	struct probe *probe;
	bool calling, returned;
	int ret;
	int finished_at_return;
};

static int cancel_thread(void *arg)
{
	struct canceller *c = arg;

	WRITE_ONCE(c->calling, true);
	c->ret = cancel_work_sync(&c->probe->work);
	c->finished_at_return = c->probe->finished;
	WRITE_ONCE(c->returned, true);
	return 0;
}

static bool wait_until_canceling(struct work_struct *work)
{
	for (int i = 0; i < 100; i++) {
		if (READ_ONCE(work->data) & WORK_OFFQ_CANCELING)
			return true;
		msleep(1);
	}
	return false;
}

/* While a cancel waits for the running instance, queueing fails: an item that queues
 * itself again from its function is stopped too. */
static void test_queueing_fails_while_cancel_waits(struct kunit *test)
{
	struct canceller c = { 0 };
	struct task_struct *t;
	struct probe p;
	bool queued;

	probe_init(&p, system_wq);
	p.block = true;
	p.requeue = 5;
	c.probe = &p;
	queue_work(system_wq, &p.work);
	KUNIT_ASSERT_TRUE(test, waits_ms(&p.started, 1000));
	t = kthread_run(cancel_thread, &c, "ktest-cancel");
	KUNIT_ASSERT_TRUE(test, t != NULL);
	KUNIT_EXPECT_TRUE(test, wait_until_canceling(&p.work));
	queued = queue_work(system_wq, &p.work);
	KUNIT_EXPECT_FALSE(test, queued);
	/* Wrongly queued, that run would wait for a second release that never comes, in a
	 * kworker, on this stack frame after it is gone: the suite would hang. */
	if (queued)
		p.block = false;
	KUNIT_EXPECT_FALSE(test, READ_ONCE(c.returned));
	complete(&p.release);
	kthread_stop(t);
	KUNIT_EXPECT_TRUE(test, c.returned);
	KUNIT_EXPECT_EQ(test, c.ret, 0);
	KUNIT_EXPECT_EQ(test, c.finished_at_return, 1);
	msleep(20);
	KUNIT_EXPECT_EQ(test, p.runs, 1);       /* its own requeue failed as well */
	KUNIT_EXPECT_FALSE(test, work_pending(&p.work));
}

/* Two threads cancel the same item while it runs and is queued again: the first takes
 * it off the queue (true), the second waits for the first to finish, then finds it
 * idle (false). Neither returns before the running instance does. */
static void test_two_concurrent_cancel_waiters(struct kunit *test)
{
	struct canceller c1 = { 0 }, c2 = { 0 };
	struct task_struct *t1, *t2;
	struct probe p;

	probe_init(&p, system_wq);
	p.block = true;
	c1.probe = c2.probe = &p;
	queue_work(system_wq, &p.work);
	KUNIT_ASSERT_TRUE(test, waits_ms(&p.started, 1000));
	queue_work(system_wq, &p.work);
	t1 = kthread_run(cancel_thread, &c1, "ktest-cancel1");
	KUNIT_ASSERT_TRUE(test, t1 != NULL);
	KUNIT_EXPECT_TRUE(test, wait_until_canceling(&p.work));
	t2 = kthread_run(cancel_thread, &c2, "ktest-cancel2");
	KUNIT_ASSERT_TRUE(test, t2 != NULL);
	/* The second canceller is running: it has called, and is held. */
	for (int ms = 0; ms < 1000 && !READ_ONCE(c2.calling); ms++)
		msleep(1);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(c2.calling));
	KUNIT_EXPECT_FALSE(test, READ_ONCE(c1.returned) || READ_ONCE(c2.returned));
	p.block = false;
	complete(&p.release);
	kthread_stop(t1);
	kthread_stop(t2);
	KUNIT_EXPECT_EQ(test, c1.ret, 1);
	KUNIT_EXPECT_EQ(test, c2.ret, 0);
	KUNIT_EXPECT_EQ(test, c1.finished_at_return, 1);
	KUNIT_EXPECT_EQ(test, c2.finished_at_return, 1);
	KUNIT_EXPECT_EQ(test, p.runs, 1);
	KUNIT_EXPECT_EQ(test, p.work.data, 0);
	KUNIT_EXPECT_TRUE(test, queue_work(system_wq, &p.work));
	flush_work(&p.work);
	KUNIT_EXPECT_EQ(test, p.runs, 2);
}

/* flush_work() waits for the run queued before it, even behind a running one. */
static void test_flush_waits_for_the_run_queued_before_it(struct kunit *test)
{
	struct probe p;

	probe_init(&p, system_wq);
	p.block_first = true;
	queue_work(system_wq, &p.work);
	KUNIT_ASSERT_TRUE(test, waits_ms(&p.started, 1000));
	queue_work(system_wq, &p.work);
	probe_release_when_asleep(&p);
	KUNIT_EXPECT_TRUE(test, flush_work(&p.work));
	KUNIT_EXPECT_EQ(test, p.finished, 2);
	del_timer_sync(&p.release_timer);
}

static struct probe chain;
static bool chain_keep;

static void chain_fn(struct work_struct *work)
{
	chain.runs++;
	if (READ_ONCE(chain_keep) && chain.runs < 1000000)
		queue_work(chain.wq, work);
}

/* An item that keeps queueing itself never lets a flush see it idle; the flush must
 * still end: it waits for the run queued when it was called, not for a quiet moment. */
static void test_flush_racing_with_a_self_queueing_item(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("ktest_chain", 0, 0);
	int runs;

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	probe_init(&chain, wq);
	INIT_WORK(&chain.work, chain_fn);
	chain_keep = true;
	queue_work(wq, &chain.work);
	msleep(2);
	KUNIT_EXPECT_TRUE(test, flush_work(&chain.work));
	runs = chain.runs;
	flush_workqueue(wq);
	KUNIT_EXPECT_GE(test, runs, 1);
	KUNIT_EXPECT_LT(test, chain.runs, 1000000);     /* the flushes returned mid-chain */
	WRITE_ONCE(chain_keep, false);
	cancel_work_sync(&chain.work);
	runs = chain.runs;
	msleep(10);
	KUNIT_EXPECT_EQ(test, chain.runs, runs);
	destroy_workqueue(wq);
}

static int destroy_thread(void *arg)
{
	destroy_workqueue(arg);
	return 0;
}

/* While a queue drains, its own items may queue more on it; anyone else is refused. */
static void test_drain_refuses_queueing_from_outside(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("ktest_drain", 0, 0);
	struct probe a, b;
	struct task_struct *t;
	u32 warns = warn_count;

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	probe_init(&a, wq);
	probe_init(&b, wq);
	a.block_first = true;
	a.requeue = 2;                  /* chained: allowed */
	queue_work(wq, &a.work);
	KUNIT_ASSERT_TRUE(test, waits_ms(&a.started, 1000));
	t = kthread_run(destroy_thread, wq, "ktest-destroy");
	KUNIT_ASSERT_TRUE(test, t != NULL);
	for (int i = 0; i < 100 && !(READ_ONCE(wq->flags) & __WQ_DRAINING); i++)
		msleep(1);
	KUNIT_EXPECT_FALSE(test, queue_work(wq, &b.work));
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
	KUNIT_EXPECT_FALSE(test, work_pending(&b.work));
	complete(&a.release);
	kthread_stop(t);
	KUNIT_EXPECT_EQ(test, a.runs, 3);
	KUNIT_EXPECT_EQ(test, b.runs, 0);
	/* Refused, b belongs to nobody: another queue takes it, and it runs there. */
	KUNIT_EXPECT_TRUE(test, queue_work(system_wq, &b.work));
	KUNIT_EXPECT_TRUE(test, waits_ms(&b.started, 1000));
	flush_work(&b.work);
	KUNIT_EXPECT_EQ(test, b.runs, 1);
}

/* A delayed item still armed when its queue is destroyed is the caller's bug. irqlab
 * reports it and disarms it; its timer never fires into the freed queue. */
static void test_destroy_with_delayed_work_armed(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("ktest_armed", 0, 0);
	u32 warns = warn_count, slab_errors = kmalloc_errors;
	struct probe d, w;

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	probe_init(&d, wq);
	probe_init(&w, wq);
	KUNIT_EXPECT_TRUE(test, queue_delayed_work(wq, &d.dwork, 10));
	KUNIT_EXPECT_TRUE(test, queue_work(wq, &w.work));
	destroy_workqueue(wq);
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
	KUNIT_EXPECT_EQ(test, w.runs, 1);                       /* pending work ran */
	KUNIT_EXPECT_FALSE(test, timer_pending(&d.dwork.timer));
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&d.dwork));
	msleep(110);                                            /* past its expiry */
	KUNIT_EXPECT_EQ(test, d.runs, 0);
	KUNIT_EXPECT_EQ(test, kmalloc_check(), 0);
	KUNIT_EXPECT_EQ(test, kmalloc_errors, slab_errors);
	KUNIT_EXPECT_TRUE(test, queue_delayed_work(system_wq, &d.dwork, 0));
	flush_delayed_work(&d.dwork);
	KUNIT_EXPECT_EQ(test, d.runs, 1);
}

static struct kunit_case workqueue_races_cases[] = {
	KUNIT_CASE(test_cancel_while_running_waits_and_says_not_pending),
	KUNIT_CASE(test_cancel_while_running_and_pending_drops_the_next_run),
	KUNIT_CASE(test_queueing_fails_while_cancel_waits),
	KUNIT_CASE(test_two_concurrent_cancel_waiters),
	KUNIT_CASE(test_flush_waits_for_the_run_queued_before_it),
	KUNIT_CASE(test_flush_racing_with_a_self_queueing_item),
	KUNIT_CASE(test_drain_refuses_queueing_from_outside),
	KUNIT_CASE(test_destroy_with_delayed_work_armed),
	{}
};
kunit_test_suite(workqueue_races, workqueue_races_cases);
