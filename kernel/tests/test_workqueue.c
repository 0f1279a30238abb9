/* kernel/tests/test_workqueue.c - the rules of include/irqlab/workqueue.h, checked:
 * queueing, where and how items run, reentrancy, flushing, destroying, the arguments
 * of alloc_workqueue(), /proc/workqueues. How a pool shares its workers (max_active,
 * concurrency management, reaping idle workers) is test_workqueue_concurrency.c. */
#include <irqlab/interrupt.h>
#include <irqlab/panic.h>
#include "arch/x86/cpu.h"
#include "kunit.h"
#include "ktest_wq.h"

#define TEST_IRQ 10     /* a line nothing uses on QEMU's pc machine (also test_irq_core) */

static void test_queue_work_runs_once_in_a_kworker(struct kunit *test)
{
	struct probe p;

	probe_init(&p, system_wq);
	p.block = true;                 /* flush_work() below finds it queued or running */
	preempt_disable();              /* both calls before the worker can run */
	KUNIT_EXPECT_TRUE(test, queue_work(system_wq, &p.work));
	KUNIT_EXPECT_TRUE(test, work_pending(&p.work));
	KUNIT_EXPECT_FALSE(test, queue_work(system_wq, &p.work));
	preempt_enable();
	probe_release_when_asleep(&p);
	KUNIT_EXPECT_TRUE(test, flush_work(&p.work));
	del_timer_sync(&p.release_timer);
	KUNIT_EXPECT_EQ(test, p.runs, 1);
	KUNIT_EXPECT_FALSE(test, work_pending(&p.work));
	KUNIT_EXPECT_TRUE(test, p.in_task);
	KUNIT_EXPECT_TRUE(test, comm_is(p.comm[0], "kworker/0:", ""));
	KUNIT_EXPECT_EQ(test, p.policy, SCHED_NORMAL);
	KUNIT_EXPECT_EQ(test, p.nice, 0);
	KUNIT_EXPECT_FALSE(test, flush_work(&p.work));  /* idle: nothing to wait for */
}

static void test_each_pool_runs_its_own_kworkers(struct kunit *test)
{
	struct probe hi, unbound, on0;

	probe_init(&hi, system_highpri_wq);
	probe_init(&unbound, system_unbound_wq);
	probe_init(&on0, system_wq);
	/* A nice -20 kworker preempts this nice-0 thread as soon as it is woken. */
	KUNIT_EXPECT_TRUE(test, queue_work(system_highpri_wq, &hi.work));
	KUNIT_EXPECT_EQ(test, hi.runs, 1);
	KUNIT_EXPECT_TRUE(test, comm_is(hi.comm[0], "kworker/0:", "H"));
	KUNIT_EXPECT_EQ(test, hi.policy, SCHED_NORMAL);
	KUNIT_EXPECT_EQ(test, hi.nice, HIGHPRI_NICE_LEVEL);
	KUNIT_EXPECT_TRUE(test, queue_work(system_unbound_wq, &unbound.work));
	KUNIT_EXPECT_TRUE(test, queue_work_on(0, system_wq, &on0.work));
	flush_work(&unbound.work);
	flush_work(&on0.work);
	KUNIT_EXPECT_TRUE(test, comm_is(unbound.comm[0], unbound_prefix(false), ""));
	KUNIT_EXPECT_TRUE(test, comm_is(on0.comm[0], "kworker/0:", ""));
	KUNIT_EXPECT_TRUE(test, unbound.in_task && on0.in_task && hi.in_task);
	flush_work(&hi.work);
}

/* alloc_ordered_workqueue(): unbound, max_active 1, items in queueing order. */
static void test_ordered_workqueue_runs_items_in_order(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_ordered_workqueue("ktest_ordered", 0);
	struct probe p[3];

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	for (int i = 0; i < 3; i++) {
		probe_init(&p[i], wq);
		p[i].sleep_ms = i == 0 ? 10 : 0;
		queue_work(wq, &p[i].work);
	}
	flush_workqueue(wq);
	KUNIT_EXPECT_LT(test, p[0].last_end, p[1].first_start);
	KUNIT_EXPECT_LT(test, p[1].last_end, p[2].first_start);
	KUNIT_EXPECT_TRUE(test, comm_is(p[0].comm[0], unbound_prefix(false), ""));
	destroy_workqueue(wq);
}

/* The unbound high-priority pool (id 3 on one CPU) gets its first worker when a queue first
 * uses it, as Linux makes unbound pools on demand. */
static void test_unbound_highpri_pool_starts_on_first_use(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("ktest_ubh", WQ_UNBOUND | WQ_HIGHPRI, 0);
	struct probe p;

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	KUNIT_EXPECT_EQ(test, wq_pool(wq)->id, unbound_pool_id(true));
	KUNIT_EXPECT_GE(test, wq_pool(wq)->nr_workers, 1);
	probe_init(&p, wq);
	queue_work(wq, &p.work);
	flush_work(&p.work);
	KUNIT_EXPECT_TRUE(test, comm_is(p.comm[0], unbound_prefix(true), ""));
	KUNIT_EXPECT_EQ(test, p.policy, SCHED_NORMAL);
	KUNIT_EXPECT_EQ(test, p.nice, -20);
	destroy_workqueue(wq);
}

/* Queued again while it sleeps in its first run: an idle worker is woken for it, finds
 * it running, and hands it to the worker running it, to run afterwards. */
static void test_requeued_while_running_runs_after_on_the_same_worker(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("ktest_reent", 0, 4);
	struct probe p;

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	probe_init(&p, wq);
	p.block_first = true;
	queue_work(wq, &p.work);
	KUNIT_ASSERT_TRUE(test, waits_ms(&p.started, 1000));
	KUNIT_EXPECT_TRUE(test, queue_work(wq, &p.work));
	msleep(30);
	KUNIT_EXPECT_EQ(test, p.runs, 1);
	complete(&p.release);
	KUNIT_EXPECT_TRUE(test, flush_work(&p.work));
	KUNIT_EXPECT_EQ(test, p.runs, 2);
	KUNIT_EXPECT_EQ(test, p.max_concurrent, 1);
	KUNIT_EXPECT_STREQ(test, p.comm[0], p.comm[1]);
	destroy_workqueue(wq);
}

static void test_requeue_from_its_own_function(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("ktest_requeue", 0, 2);
	struct probe p;

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	probe_init(&p, wq);
	p.requeue = 3;
	queue_work(wq, &p.work);
	drain_workqueue(wq);            /* waits for the chain, not just the first run */
	KUNIT_EXPECT_EQ(test, p.runs, 4);
	KUNIT_EXPECT_EQ(test, p.max_concurrent, 1);
	destroy_workqueue(wq);
}

static struct probe irq_probe;

static irqreturn_t queue_from_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	queue_work(system_highpri_wq, &irq_probe.work);
	return IRQ_HANDLED;
}

/* A driver's top half queues the bottom half: the item runs after the handler, in a
 * kworker. A high-priority one runs before the interrupted thread goes on: a device's
 * interrupt (or APIC mode's self-IPI) arrives with interrupts on, and its exit switches
 * to the nice -20 kworker it woke; the 8259's injection is a software INT raised with
 * interrupts off, so there the switch comes at the next preemption point, cond_resched(). */
static void test_queued_from_hardirq_runs_in_a_kworker(struct kunit *test)
{
	static int dev;
	struct probe p;
	unsigned long flags;
	u64 t0;

	probe_init(&p, system_wq);
	p.block = true;                 /* flush_work() below finds it queued or running */
	local_irq_save(flags);
	irq_enter();
	KUNIT_EXPECT_TRUE(test, queue_work(system_wq, &p.work));
	irq_exit();
	local_irq_restore(flags);
	probe_release_when_asleep(&p);
	KUNIT_EXPECT_TRUE(test, flush_work(&p.work));
	del_timer_sync(&p.release_timer);
	KUNIT_EXPECT_TRUE(test, p.in_task);
	KUNIT_EXPECT_TRUE(test, comm_is(p.comm[0], "kworker/0:", ""));

	probe_init(&irq_probe, system_highpri_wq);
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, queue_from_handler, 0, "ktest-wq", &dev), 0);
	t0 = ktime_get_ns();
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	cond_resched();
	KUNIT_EXPECT_EQ(test, irq_probe.runs, 1);
	KUNIT_EXPECT_TRUE(test, comm_is(irq_probe.comm[0], "kworker/0:", "H"));
	if (irq_probe.runs && tsc_khz)
		kunit_info(test, "injected IRQ to highpri work function: %llu ns",
			   irq_probe.start_ns - t0);
	free_irq(TEST_IRQ, &dev);
	flush_work(&irq_probe.work);
}

static void test_flush_workqueue_waits_for_what_was_queued(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("ktest_flush", 0, 0);
	struct probe a, b;

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	probe_init(&a, wq);
	probe_init(&b, wq);
	a.sleep_ms = 20;
	queue_work(wq, &a.work);
	queue_work(wq, &b.work);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, a.finished, 1);
	KUNIT_EXPECT_EQ(test, b.finished, 1);
	destroy_workqueue(wq);
}

static void test_destroy_workqueue_runs_pending_items_first(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("ktest_destroy", 0, 1);
	struct probe a, b, c;

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	probe_init(&a, wq);
	probe_init(&b, wq);
	probe_init(&c, wq);
	a.sleep_ms = 10;
	queue_work(wq, &a.work);
	queue_work(wq, &b.work);
	queue_work(wq, &c.work);        /* held back by max_active 1 */
	destroy_workqueue(wq);
	KUNIT_EXPECT_EQ(test, a.finished + b.finished + c.finished, 3);
	KUNIT_EXPECT_LT(test, b.last_end, c.last_start);
}

static void test_alloc_workqueue_checks_its_arguments(struct kunit *test)
{
	u32 warns = warn_count;
	struct workqueue_struct *wq;

	KUNIT_EXPECT_NULL(test, alloc_workqueue("ktest_bad", WQ_BH, 1));
	KUNIT_EXPECT_NULL(test, alloc_workqueue("ktest_bad", WQ_BH | WQ_UNBOUND, 0));
	KUNIT_EXPECT_NULL(test, alloc_workqueue("ktest_bad", 1u << 3, 0));
	KUNIT_EXPECT_EQ(test, warn_count, warns + 3);
	wq = alloc_workqueue("ktest_%s", 0, 1000, "big");
	KUNIT_ASSERT_TRUE(test, wq != NULL);
	KUNIT_EXPECT_STREQ(test, wq->name, "ktest_big");
	KUNIT_EXPECT_EQ(test, wq->pwqs[0].max_active, WQ_MAX_ACTIVE);
	destroy_workqueue(wq);
}

static void test_proc_workqueues_shows_pending_and_running(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("ktest_proc", 0, 1);
	const char *text, *row;
	struct probe a, b;

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	KUNIT_ASSERT_TRUE(test, probe_pair_start(&a, &b, wq));
	msleep(10);                     /* a is asleep in its function by now */
	text = render_proc_workqueues();
	row = find_row(text, "ktest_proc");
	KUNIT_EXPECT_TRUE(test, row != NULL);
	if (row) {
		KUNIT_EXPECT_EQ(test, row_int(row, 2), 1);              /* max_active */
		KUNIT_EXPECT_EQ(test, row_int(row, 3), wq_pool(wq)->id);
		KUNIT_EXPECT_EQ(test, row_int(row, 4), 1);              /* pending: b */
		KUNIT_EXPECT_EQ(test, row_int(row, 5), 1);              /* running: a */
	}
	row = find_row(text, a.comm[0]);
	KUNIT_EXPECT_TRUE(test, row && ktest_strstr(row, " sleeping  probe_work_fn "));
	complete(&a.release);
	destroy_workqueue(wq);
}

static void flush_self(struct work_struct *work);
static DECLARE_WORK(self_flusher, flush_self);
static bool self_flush_ret = true;

static void flush_self(struct work_struct *work)
{
	self_flush_ret = flush_work(work);
}

static void test_flush_work_from_its_own_function_warns(struct kunit *test)
{
	u32 warns = warn_count;

	schedule_work(&self_flusher);
	flush_work(&self_flusher);
	KUNIT_EXPECT_FALSE(test, self_flush_ret);
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
}

static struct kunit_case workqueue_cases[] = {
	KUNIT_CASE(test_queue_work_runs_once_in_a_kworker),
	KUNIT_CASE(test_each_pool_runs_its_own_kworkers),
	KUNIT_CASE(test_ordered_workqueue_runs_items_in_order),
	KUNIT_CASE(test_unbound_highpri_pool_starts_on_first_use),
	KUNIT_CASE(test_requeued_while_running_runs_after_on_the_same_worker),
	KUNIT_CASE(test_requeue_from_its_own_function),
	KUNIT_CASE(test_queued_from_hardirq_runs_in_a_kworker),
	KUNIT_CASE(test_flush_workqueue_waits_for_what_was_queued),
	KUNIT_CASE(test_destroy_workqueue_runs_pending_items_first),
	KUNIT_CASE(test_alloc_workqueue_checks_its_arguments),
	KUNIT_CASE(test_proc_workqueues_shows_pending_and_running),
	KUNIT_CASE(test_flush_work_from_its_own_function_warns),
	{}
};
kunit_test_suite(workqueue, workqueue_cases);
