/* kernel/tests/test_bh_workqueue.c - WQ_BH work queues: items run in softirq context,
 * from HI_SOFTIRQ (highpri) or TASKLET_SOFTIRQ, may not sleep, and can be flushed and
 * cancelled like any work item. */
#include <irqlab/interrupt.h>
#include <irqlab/softirq.h>
#include <irqlab/tasklet.h>
#include "kunit.h"
#include "ktest_wq.h"

extern u32 might_sleep_reports;

/* Pending softirqs run here, as at the end of any bh-disabled section. */
static void run_softirqs(void)
{
	local_bh_disable();
	local_bh_enable();
}

static void test_bh_item_runs_in_softirq_context(struct kunit *test)
{
	struct probe p;

	probe_init(&p, system_bh_wq);
	local_bh_disable();
	KUNIT_EXPECT_TRUE(test, queue_work(system_bh_wq, &p.work));
	KUNIT_EXPECT_FALSE(test, queue_work(system_bh_wq, &p.work));
	KUNIT_EXPECT_EQ(test, p.runs, 0);
	local_bh_enable();              /* runs TASKLET_SOFTIRQ, and the item in it */
	KUNIT_EXPECT_EQ(test, p.runs, 1);
	KUNIT_EXPECT_TRUE(test, p.in_softirq);
	KUNIT_EXPECT_FALSE(test, p.in_task);
	KUNIT_EXPECT_STREQ(test, p.comm[0], current->comm);     /* no thread of its own */
	KUNIT_EXPECT_FALSE(test, work_pending(&p.work));
}

static void test_bh_item_queued_in_hardirq_runs_at_irq_exit(struct kunit *test)
{
	unsigned long flags;
	struct probe p;
	int runs_in_handler;

	probe_init(&p, system_bh_wq);
	local_irq_save(flags);
	irq_enter();
	queue_work(system_bh_wq, &p.work);
	runs_in_handler = p.runs;
	irq_exit();
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, runs_in_handler, 0);
	KUNIT_EXPECT_EQ(test, p.runs, 1);
	KUNIT_EXPECT_TRUE(test, p.in_softirq);
}

static int order[4], norder;

static void note_normal_bh(struct work_struct *w)  { (void)w; order[norder++] = 1; }
static void note_highpri_bh(struct work_struct *w) { (void)w; order[norder++] = 2; }
static void note_tasklet(struct tasklet_struct *t) { (void)t; order[norder++] = 3; }

/* HI_SOFTIRQ runs before TASKLET_SOFTIRQ; in each, BH work before the tasklets. */
static void test_bh_highpri_runs_first_and_bh_work_before_tasklets(struct kunit *test)
{
	struct work_struct normal, highpri;
	struct tasklet_struct t;

	INIT_WORK(&normal, note_normal_bh);
	INIT_WORK(&highpri, note_highpri_bh);
	tasklet_setup(&t, note_tasklet);
	norder = 0;
	local_bh_disable();
	tasklet_schedule(&t);
	queue_work(system_bh_wq, &normal);
	queue_work(system_bh_highpri_wq, &highpri);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, norder, 3);
	KUNIT_EXPECT_EQ(test, order[0], 2);
	KUNIT_EXPECT_EQ(test, order[1], 1);
	KUNIT_EXPECT_EQ(test, order[2], 3);
}

static void sleepy_bh(struct work_struct *w)
{
	(void)w;
	msleep(1);
}

static void test_bh_item_may_not_sleep(struct kunit *test)
{
	struct work_struct w;
	u32 before = might_sleep_reports;

	INIT_WORK(&w, sleepy_bh);
	queue_work(system_bh_wq, &w);
	flush_work(&w);
	KUNIT_EXPECT_EQ(test, might_sleep_reports, before + 1);
}

static void test_flush_bh_item_from_process_context(struct kunit *test)
{
	struct probe p;

	probe_init(&p, system_bh_highpri_wq);
	queue_work(system_bh_highpri_wq, &p.work);
	KUNIT_EXPECT_TRUE(test, flush_work(&p.work) || p.runs == 1);
	KUNIT_EXPECT_EQ(test, p.runs, 1);
	KUNIT_EXPECT_TRUE(test, p.in_softirq);
	KUNIT_EXPECT_FALSE(test, flush_work(&p.work));
}

static void test_cancel_bh_item(struct kunit *test)
{
	struct probe p;
	bool ret;

	probe_init(&p, system_bh_wq);
	local_bh_disable();
	queue_work(system_bh_wq, &p.work);
	KUNIT_EXPECT_TRUE(test, cancel_work(&p.work));
	KUNIT_EXPECT_FALSE(test, cancel_work(&p.work));
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, p.runs, 0);
	/* Queued from a thread, the softirq comes at the next interrupt's exit or in
	 * ksoftirqd: cancel_work_sync() finds it pending or already run, and says which. */
	queue_work(system_bh_wq, &p.work);
	ret = cancel_work_sync(&p.work);
	run_softirqs();
	KUNIT_EXPECT_EQ(test, p.runs, ret ? 0 : 1);
	KUNIT_EXPECT_FALSE(test, work_pending(&p.work));
	KUNIT_EXPECT_FALSE(test, cancel_work_sync(&p.work));
}

static void test_bh_item_requeues_itself(struct kunit *test)
{
	struct probe p;

	probe_init(&p, system_bh_wq);
	p.requeue = 3;
	queue_work(system_bh_wq, &p.work);
	run_softirqs();
	msleep(20);                     /* later rounds may fall to ksoftirqd */
	KUNIT_EXPECT_EQ(test, p.runs, 4);
	KUNIT_EXPECT_EQ(test, p.max_concurrent, 1);
}

static void test_own_bh_queue_drains_on_destroy(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("ktest_bh", WQ_BH, 0);
	struct probe a, b;

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	KUNIT_EXPECT_TRUE(test, wq_pool(wq)->flags & POOL_BH);
	probe_init(&a, wq);
	probe_init(&b, wq);
	local_bh_disable();
	queue_work(wq, &a.work);
	queue_work(wq, &b.work);
	local_bh_enable();
	destroy_workqueue(wq);
	KUNIT_EXPECT_EQ(test, a.runs + b.runs, 2);
	KUNIT_EXPECT_TRUE(test, a.in_softirq && b.in_softirq);
}

static struct kunit_case bh_workqueue_cases[] = {
	KUNIT_CASE(test_bh_item_runs_in_softirq_context),
	KUNIT_CASE(test_bh_item_queued_in_hardirq_runs_at_irq_exit),
	KUNIT_CASE(test_bh_highpri_runs_first_and_bh_work_before_tasklets),
	KUNIT_CASE(test_bh_item_may_not_sleep),
	KUNIT_CASE(test_flush_bh_item_from_process_context),
	KUNIT_CASE(test_cancel_bh_item),
	KUNIT_CASE(test_bh_item_requeues_itself),
	KUNIT_CASE(test_own_bh_queue_drains_on_destroy),
	{}
};
kunit_test_suite(bh_workqueue, bh_workqueue_cases);
