/* kernel/tests/test_workqueue_concurrency.c - how a kworker pool shares its workers:
 * max_active bounds what runs at once, a sleeping item wakes another worker for the
 * rest (concurrency management) while a CPU-bound one holds them up unless its queue
 * is WQ_CPU_INTENSIVE, and idle workers are reaped down to the two a pool keeps.
 * Queueing, flushing and destroying are test_workqueue.c. */
#include <irqlab/panic.h>
#include "kunit.h"
#include "ktest_wq.h"

static void max_active_run(struct kunit *test, int max_active, bool expect_overlap)
{
	struct workqueue_struct *wq = alloc_workqueue("ktest_max%d", 0, max_active, max_active);
	struct probe a, b;

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	KUNIT_ASSERT_TRUE(test, probe_pair_start(&a, &b, wq));
	/* a sleeps in its function; does b start meanwhile? */
	KUNIT_EXPECT_EQ(test, waits_ms(&b.started, expect_overlap ? 1000 : 30), expect_overlap);
	complete(&a.release);
	flush_work(&a.work);
	flush_work(&b.work);
	KUNIT_EXPECT_EQ(test, b.runs, 1);
	if (expect_overlap)
		KUNIT_EXPECT_LT(test, b.first_start, a.first_end);
	else
		KUNIT_EXPECT_GT(test, b.first_start, a.first_end);
	destroy_workqueue(wq);
}

static void test_max_active_1_items_never_overlap(struct kunit *test)
{
	max_active_run(test, 1, false);
}

static void test_max_active_2_items_overlap(struct kunit *test)
{
	max_active_run(test, 2, true);
}

/* workqueue_set_max_active() (a write of NAME/max_active): raising the limit starts an
 * item it held back at once, beside the running one; out of range it clamps, and an
 * ordered queue's limit does not move. */
static void test_raising_max_active_starts_held_back_items(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("ktest_setmax", 0, 1), *ordered;
	struct probe a, b;
	u32 warns;

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	KUNIT_ASSERT_TRUE(test, probe_pair_start(&a, &b, wq));
	KUNIT_EXPECT_TRUE(test, READ_ONCE(b.work.data) & WORK_STRUCT_INACTIVE);
	workqueue_set_max_active(wq, 2);
	KUNIT_EXPECT_EQ(test, READ_ONCE(wq->saved_max_active), 2);
	KUNIT_EXPECT_TRUE(test, waits_ms(&b.started, 1000));
	KUNIT_EXPECT_EQ(test, READ_ONCE(a.finished), 0);       /* a still runs */
	complete(&a.release);
	flush_workqueue(wq);
	workqueue_set_max_active(wq, 0);
	KUNIT_EXPECT_EQ(test, wq->pwqs[0].max_active, 1);
	workqueue_set_max_active(wq, WQ_MAX_ACTIVE + 1);
	KUNIT_EXPECT_EQ(test, wq->pwqs[0].max_active, WQ_MAX_ACTIVE);
	destroy_workqueue(wq);

	ordered = alloc_ordered_workqueue("ktest_setmax_ordered", 0);
	KUNIT_ASSERT_TRUE(test, ordered != NULL);
	warns = warn_count;
	workqueue_set_max_active(ordered, 4);
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
	KUNIT_EXPECT_EQ(test, ordered->pwqs[0].max_active, 1);
	destroy_workqueue(ordered);
}

/* Concurrency management: a's worker sleeps, the scheduler tells the pool, the pool
 * wakes another worker for b. */
static void test_sleeping_item_does_not_stall_its_pool(struct kunit *test)
{
	struct probe a, b;

	probe_init(&a, system_wq);
	probe_init(&b, system_wq);
	a.block = true;
	queue_work(system_wq, &a.work);
	queue_work(system_wq, &b.work);
	KUNIT_EXPECT_TRUE(test, waits_ms(&b.done, 1000));
	KUNIT_EXPECT_EQ(test, a.finished, 0);
	KUNIT_EXPECT_TRUE(test, comm_is(b.comm[0], "kworker/0:", ""));
	KUNIT_EXPECT_NE(test, strcmp(a.comm[0], b.comm[0]), 0);
	KUNIT_EXPECT_GE(test, wq_pool(system_wq)->nr_workers, 2);
	complete(&a.release);
	flush_work(&a.work);
}

static struct work_struct hog;
static bool hog_was_running;

/* Keeps its worker's CPU for more than a time slice, never sleeping. Counted in ticks:
 * under a loaded host the TSC can run a whole slice ahead while no tick is delivered,
 * and the hog would be over before the scheduler ever saw it run. */
static void busy_past_a_slice(struct work_struct *work)
{
	unsigned long end = jiffies + SCHED_TIMESLICE_TICKS + 3;

	(void)work;
	while (time_before(jiffies, end))
		cpu_relax();
}

static void note_hog(struct work_struct *work)
{
	(void)work;
	hog_was_running = work_busy(&hog) & WORK_BUSY_RUNNING;
}

/* An item that keeps the CPU without sleeping holds up the rest of its pool (that is
 * the point of counting running workers) - unless its queue says WQ_CPU_INTENSIVE:
 * then its worker is not counted, the next item gets a worker of its own, and the time
 * slice lets that worker run while the hog is still at it. */
static void cpu_hog_run(struct kunit *test, unsigned int flags, bool expect_overlap)
{
	struct workqueue_struct *wq = alloc_workqueue("ktest_hog", flags, 0);
	struct work_struct b;

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	INIT_WORK(&hog, busy_past_a_slice);
	INIT_WORK(&b, note_hog);
	hog_was_running = !expect_overlap;
	queue_work(wq, &hog);
	queue_work(system_wq, &b);
	flush_work(&b);
	flush_work(&hog);
	KUNIT_EXPECT_EQ(test, hog_was_running, expect_overlap);
	destroy_workqueue(wq);
}

static void test_cpu_bound_item_holds_up_its_pool(struct kunit *test)
{
	cpu_hog_run(test, 0, false);
}

static void test_cpu_intensive_item_does_not(struct kunit *test)
{
	cpu_hog_run(test, WQ_CPU_INTENSIVE, true);
}

struct name_count {
	const char *prefix, *suffix;
	int n;
};

static void count_named(struct task_struct *t, void *arg)
{
	struct name_count *c = arg;

	c->n += comm_is(t->comm, c->prefix, c->suffix);
}

static int count_tasks_named(const char *prefix, const char *suffix)
{
	struct name_count c = { prefix, suffix, 0 };

	for_each_task(count_named, &c);
	return c.n;
}

/* Workers idle longer than the timeout are ended, down to the two a pool keeps. */
static void test_idle_workers_are_reaped(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("ktest_reap", 0, 8);
	struct worker_pool *pool = wq_pool(system_wq);
	unsigned long saved = wq_idle_timeout;
	struct probe p[4];

	KUNIT_ASSERT_TRUE(test, wq != NULL);
	wq_set_idle_timeout(5);
	for (int i = 0; i < 4; i++) {
		probe_init(&p[i], wq);
		p[i].block = true;
		queue_work(wq, &p[i].work);
	}
	for (int i = 0; i < 4; i++)
		KUNIT_EXPECT_TRUE(test, waits_ms(&p[i].started, 1000));
	KUNIT_EXPECT_GE(test, pool->nr_workers, 5);     /* four asleep, one idle */
	for (int i = 0; i < 4; i++)
		complete(&p[i].release);
	flush_workqueue(wq);
	/* The idle timer fires 5 ticks after they went idle, then the ended ones exit. */
	for (int i = 0; i < 100 && (READ_ONCE(pool->nr_workers) > 2 ||
				    count_tasks_named("kworker/0:", "") > 2); i++)
		msleep(10);
	KUNIT_EXPECT_EQ(test, pool->nr_workers, 2);
	KUNIT_EXPECT_EQ(test, pool->nr_idle, 2);
	KUNIT_EXPECT_EQ(test, count_tasks_named("kworker/0:", ""), 2);
	wq_set_idle_timeout(saved);
	destroy_workqueue(wq);
}

static struct kunit_case workqueue_concurrency_cases[] = {
	KUNIT_CASE(test_max_active_1_items_never_overlap),
	KUNIT_CASE(test_max_active_2_items_overlap),
	KUNIT_CASE(test_raising_max_active_starts_held_back_items),
	KUNIT_CASE(test_sleeping_item_does_not_stall_its_pool),
	KUNIT_CASE(test_cpu_bound_item_holds_up_its_pool),
	KUNIT_CASE(test_cpu_intensive_item_does_not),
	KUNIT_CASE(test_idle_workers_are_reaped),
	{}
};
kunit_test_suite(workqueue_concurrency, workqueue_concurrency_cases);
