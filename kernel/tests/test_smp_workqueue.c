/* kernel/tests/test_smp_workqueue.c - work queues on two CPUs: each CPU's pools run the
 * items queued for it, an item never runs on two CPUs at once, flush and cancel wait
 * for a run on the other CPU, concurrency management counts each CPU's workers apart,
 * and both CPUs queueing the same items from threads and hard-IRQ handlers lose none.
 * The selftest thread runs on CPU 0 (it pins itself there: kernel/main.c), so "the
 * other CPU" is the one past it. Timers are armed from CPU 0 only: the items on
 * the other CPU block on completions rather than msleep(). */
#include <irqlab/atomic.h>
#include <irqlab/cpumask.h>
#include <irqlab/kthread.h>
#include <irqlab/smp.h>
#include "arch/x86/hardirq.h"
#include "cpu_work.h"
#include "kunit.h"
#include "ktest_wq.h"

static int other_cpu_or_skip(struct kunit *test)
{
	int other = ktest_other_cpu();

	if (other < 0)
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
	return other;
}

static bool comm_on_cpu(const char *comm, int cpu, const char *suffix)
{
	char prefix[16];

	snprintf(prefix, sizeof(prefix), "kworker/%d:", cpu);
	return comm_is(comm, prefix, suffix);
}

/* A BH item queued for another CPU runs there, in that CPU's softirq: only a CPU raises
 * its own softirqs, so the queueing CPU kicks the pool with an irq_work, whose IPI (IWI)
 * raises TASKLET_SOFTIRQ (HI_SOFTIRQ for the high-priority queue) over there. */
static void test_bh_queue_work_on_runs_in_that_cpus_softirq(struct kunit *test)
{
	int other = other_cpu_or_skip(test);

	if (other < 0)
		return;
	for (int highpri = 0; highpri < 2; highpri++) {
		struct workqueue_struct *wq = highpri ? system_bh_highpri_wq : system_bh_wq;
		u32 iwi = per_cpu(irq_work_count, other);
		struct probe p;

		probe_init(&p, wq);
		KUNIT_EXPECT_TRUE(test, queue_work_on(other, wq, &p.work));
		flush_work(&p.work);
		KUNIT_EXPECT_EQ(test, p.runs, 1);
		KUNIT_EXPECT_EQ(test, p.cpu[0], other);
		KUNIT_EXPECT_TRUE(test, p.in_softirq);
		KUNIT_EXPECT_GT(test, per_cpu(irq_work_count, other), iwi);
	}
}

/* queue_work_on(N) (schedule_work_on(N) for system_wq) runs in kworker/N:M (kworker/N:MH
 * for a high-priority queue) on CPU N, a thread bound there; a delayed item queued for N
 * runs there too. */
static void test_queue_work_on_runs_on_that_cpu(struct kunit *test)
{
	unsigned int cpu;

	if (other_cpu_or_skip(test) < 0)
		return;
	for_each_online_cpu(cpu) {
		struct probe p, hi, d;

		probe_init(&p, system_wq);
		probe_init(&hi, system_highpri_wq);
		probe_init(&d, system_wq);
		KUNIT_EXPECT_TRUE(test, schedule_work_on((int)cpu, &p.work));
		KUNIT_EXPECT_TRUE(test, queue_work_on((int)cpu, system_highpri_wq, &hi.work));
		KUNIT_EXPECT_TRUE(test, queue_delayed_work_on((int)cpu, system_wq, &d.dwork, 2));
		flush_work(&p.work);
		flush_work(&hi.work);            /* a nice -20 kworker may be done already */
		wait_for_completion(&d.done);   /* its timer fired, here on CPU 0 */
		KUNIT_EXPECT_EQ(test, p.runs + hi.runs + d.runs, 3);
		KUNIT_EXPECT_EQ(test, p.cpu[0], (int)cpu);
		KUNIT_EXPECT_TRUE(test, comm_on_cpu(p.comm[0], (int)cpu, ""));
		KUNIT_EXPECT_EQ(test, hi.cpu[0], (int)cpu);
		KUNIT_EXPECT_TRUE(test, comm_on_cpu(hi.comm[0], (int)cpu, "H"));
		KUNIT_EXPECT_EQ(test, hi.policy, SCHED_NORMAL);
		KUNIT_EXPECT_EQ(test, hi.nice, -20);
		KUNIT_EXPECT_EQ(test, d.cpu[0], (int)cpu);
		KUNIT_EXPECT_TRUE(test, comm_on_cpu(d.comm[0], (int)cpu, ""));
		/* The pools' workers are bound to their CPU. */
		KUNIT_EXPECT_EQ(test, cpu_pool((int)cpu, false)->cpu, (int)cpu);
		KUNIT_EXPECT_FALSE(test, list_empty(&cpu_pool((int)cpu, false)->workers));
	}
}

/* An item running on CPU 1 and queued again on CPU 0 runs again after, on CPU 1: never
 * on both at once (Linux's "last pool" rule in __queue_work). */
static void test_item_running_on_one_cpu_queued_on_another_runs_after_there(struct kunit *test)
{
	int other = other_cpu_or_skip(test);
	struct probe p;

	if (other < 0)
		return;
	probe_init(&p, system_wq);
	p.block_first = true;
	KUNIT_ASSERT_TRUE(test, queue_work_on(other, system_wq, &p.work));
	wait_for_completion(&p.started);
	KUNIT_EXPECT_TRUE(test, queue_work_on(0, system_wq, &p.work));
	KUNIT_EXPECT_TRUE(test, work_pending(&p.work));
	KUNIT_EXPECT_EQ(test, p.runs, 1);
	/* Released only once this thread sleeps in the flush: released at once, the other
	 * CPU could finish both runs before this vCPU, held back by the host, got there. */
	probe_release_when_asleep(&p);
	KUNIT_EXPECT_TRUE(test, flush_work(&p.work));
	del_timer_sync(&p.release_timer);
	KUNIT_EXPECT_EQ(test, p.runs, 2);
	KUNIT_EXPECT_EQ(test, p.max_concurrent, 1);
	KUNIT_EXPECT_GT(test, p.last_start, p.first_end);
	KUNIT_EXPECT_EQ(test, p.cpu[0], other);
	KUNIT_EXPECT_EQ(test, p.cpu[1], other);
	KUNIT_EXPECT_TRUE(test, comm_on_cpu(p.comm[1], other, ""));
	/* Idle again: queued on CPU 0 now, it runs there. */
	KUNIT_EXPECT_TRUE(test, queue_work_on(0, system_wq, &p.work));
	flush_work(&p.work);
	KUNIT_EXPECT_EQ(test, p.runs, 3);
	KUNIT_EXPECT_EQ(test, p.last_cpu, 0);
}

/* From CPU 0: flush_work() and cancel_work_sync() return only after the run on CPU 1
 * has ended (released by a timer on CPU 0 while they wait); flush_workqueue() waits for
 * the items of every CPU. The release waits for the test thread to sleep in the call,
 * so the call always finds the run it must wait for. */
static void test_flush_and_cancel_wait_for_a_run_on_another_cpu(struct kunit *test)
{
	int other = other_cpu_or_skip(test);
	struct workqueue_struct *wq;
	struct probe p, q[2];

	if (other < 0)
		return;
	probe_init(&p, system_wq);
	p.block = true;
	KUNIT_ASSERT_TRUE(test, queue_work_on(other, system_wq, &p.work));
	wait_for_completion(&p.started);
	probe_release_when_asleep(&p);
	KUNIT_EXPECT_TRUE(test, flush_work(&p.work));
	KUNIT_EXPECT_EQ(test, p.finished, 1);
	del_timer_sync(&p.release_timer);

	probe_init(&p, system_wq);
	p.block_first = true;
	KUNIT_ASSERT_TRUE(test, queue_work_on(other, system_wq, &p.work));
	wait_for_completion(&p.started);
	KUNIT_EXPECT_TRUE(test, queue_work_on(other, system_wq, &p.work));     /* pending */
	probe_release_when_asleep(&p);
	KUNIT_EXPECT_TRUE(test, cancel_work_sync(&p.work));
	KUNIT_EXPECT_EQ(test, p.finished, 1);
	KUNIT_EXPECT_EQ(test, p.runs, 1);       /* the pending run was cancelled */
	KUNIT_EXPECT_FALSE(test, work_pending(&p.work));
	KUNIT_EXPECT_FALSE(test, flush_work(&p.work));
	del_timer_sync(&p.release_timer);

	wq = alloc_workqueue("ktest_smp_flush", 0, 0);
	KUNIT_ASSERT_TRUE(test, wq != NULL);
	for (int i = 0; i < 2; i++) {
		probe_init(&q[i], wq);
		q[i].block = true;
		queue_work_on(i ? other : 0, wq, &q[i].work);
		probe_release_later(&q[i], 2);
	}
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, q[0].finished + q[1].finished, 2);
	KUNIT_EXPECT_EQ(test, q[1].cpu[0], other);
	for (int i = 0; i < 2; i++)
		del_timer_sync(&q[i].release_timer);
	destroy_workqueue(wq);
}

/* Spins, without sleeping, until released: it keeps its pool's nr_running at 1. */
struct spinner {
	struct work_struct work;
	atomic_t started;
	int end_seq;
	volatile int release;
};

static void spin_fn(struct work_struct *work)
{
	struct spinner *s = container_of(work, struct spinner, work);

	atomic_inc(&s->started);
	while (!READ_ONCE(s->release))
		cpu_relax();
	s->end_seq = ++ktest_wq_seq;
}

static int nr_running(struct worker_pool *pool)
{
	unsigned long flags;
	int n;

	spin_lock_irqsave(&pool->lock, flags);
	n = pool->nr_running;
	spin_unlock_irqrestore(&pool->lock, flags);
	return n;
}

/* Each CPU's pool counts its own running workers: an item busy on CPU 1 holds back the
 * next item queued there (no other kworker is woken while it does not sleep), and not
 * one queued on CPU 0. An item that sleeps on CPU 1 lets the next one there run. */
static void test_concurrency_management_is_per_cpu(struct kunit *test)
{
	int other = other_cpu_or_skip(test);
	int here = other == 0 ? 1 : 0;  /* not "this CPU": the test thread may move */
	struct spinner s = { .release = 0 };
	struct probe b, c, sleeper, next;

	if (other < 0)
		return;
	INIT_WORK(&s.work, spin_fn);
	atomic_set(&s.started, 0);
	probe_init(&b, system_wq);
	probe_init(&c, system_wq);
	KUNIT_ASSERT_TRUE(test, queue_work_on(other, system_wq, &s.work));
	while (!atomic_read(&s.started))
		msleep(1);
	KUNIT_EXPECT_TRUE(test, queue_work_on(other, system_wq, &b.work));
	KUNIT_EXPECT_TRUE(test, queue_work_on(here, system_wq, &c.work));
	KUNIT_EXPECT_TRUE(test, flush_work(&c.work));
	KUNIT_EXPECT_EQ(test, c.cpu[0], here);
	KUNIT_EXPECT_EQ(test, b.runs, 0);               /* held back on CPU 1 */
	KUNIT_EXPECT_EQ(test, nr_running(cpu_pool(other, false)), 1);
	KUNIT_EXPECT_EQ(test, nr_running(cpu_pool(here, false)), 0);
	WRITE_ONCE(s.release, 1);
	KUNIT_EXPECT_TRUE(test, flush_work(&b.work));
	KUNIT_EXPECT_GT(test, b.first_start, s.end_seq);
	KUNIT_EXPECT_EQ(test, b.cpu[0], other);
	flush_work(&s.work);

	probe_init(&sleeper, system_wq);
	probe_init(&next, system_wq);
	sleeper.block = true;
	KUNIT_ASSERT_TRUE(test, queue_work_on(other, system_wq, &sleeper.work));
	wait_for_completion(&sleeper.started);
	KUNIT_EXPECT_TRUE(test, queue_work_on(other, system_wq, &next.work));
	KUNIT_EXPECT_TRUE(test, waits_ms(&next.done, 5000));    /* while sleeper sleeps */
	KUNIT_EXPECT_EQ(test, sleeper.finished, 0);
	KUNIT_EXPECT_EQ(test, next.cpu[0], other);
	KUNIT_EXPECT_TRUE(test, strcmp(next.comm[0], sleeper.comm[0]) != 0);
	complete(&sleeper.release);
	flush_work(&sleeper.work);
	flush_work(&next.work);
}

/* --- both CPUs at once ------------------------------------------------------------- */

#define STRESS_ROUNDS   1200
#define STRESS_IPI_EVERY 8      /* one round in 8 also queues from the other CPU's IPI */

/* Every request is counted before its queue_work(); a run takes all those counted so
 * far. PENDING taken atomically means each request is served by one run that starts
 * after it, and each successful queue_work() by exactly one run. */
struct stress_item {
	struct work_struct work;
	atomic_t requests;      /* counted, not yet taken by a run */
	atomic_t queued;        /* queue_work*() calls that returned true */
	u32 served;             /* requests the runs took: written only inside a run */
	u32 runs;               /* a plain increment: two concurrent runs lose one */
	atomic_t runs_atomic;
	int in_run;
	atomic_t overlaps;      /* runs that found another run of the item inside */
	atomic_t ran_on;        /* bit per CPU */
};

static struct stress_item shared_items[2], own_items[2];
static atomic_t total_requests, stress_arrived;

static void stress_fn(struct work_struct *work)
{
	struct stress_item *s = container_of(work, struct stress_item, work);

	if (READ_ONCE(s->in_run))
		atomic_inc(&s->overlaps);
	WRITE_ONCE(s->in_run, 1);
	s->served += (u32)atomic_xchg(&s->requests, 0);
	s->runs++;
	for (int i = 0; i < 3000; i++)  /* long enough for the other CPU to collide */
		barrier();
	atomic_inc(&s->runs_atomic);
	__atomic_fetch_or(&s->ran_on.counter, (int)BIT(smp_processor_id()), __ATOMIC_SEQ_CST);
	WRITE_ONCE(s->in_run, 0);
}

/* The shared items go on the high-priority queue: its nice -20 kworker runs an item
 * as soon as it is queued on the queueing thread's own CPU, so the items are idle, and
 * both CPUs race to take PENDING, as often as they are pending. */
static void request(struct stress_item *s, int cpu)
{
	bool shared = s == &shared_items[0] || s == &shared_items[1];

	atomic_inc(&s->requests);
	atomic_inc(&total_requests);
	if (queue_work_on(cpu, shared ? system_highpri_wq : system_wq, &s->work))
		atomic_inc(&s->queued);
}

/* The other CPU's function call IPI: hard-IRQ context. */
static void request_from_hardirq(void *info)
{
	request(info, WORK_CPU_UNBOUND);
}

static int stress_thread(void *arg)
{
	int cpu = (int)smp_processor_id(), other = (int)(unsigned long)arg;

	atomic_inc(&stress_arrived);
	while (atomic_read(&stress_arrived) < 2)
		cpu_relax();
	for (unsigned int i = 0; i < STRESS_ROUNDS; i++) {
		struct stress_item *s = &shared_items[(i >> 1) & 1];

		request(s, (i & 1) ? other : WORK_CPU_UNBOUND);
		request(&own_items[cpu ? 1 : 0], WORK_CPU_UNBOUND);
		if (i % STRESS_IPI_EVERY == 0)
			smp_call_function_single((unsigned int)other, request_from_hardirq,
						 &shared_items[i & 1], true);
		if ((i & 63) == 0)
			cond_resched();
	}
	return 0;
}

static void test_two_cpus_queue_the_same_items_from_threads_and_hardirqs(struct kunit *test)
{
	int other = other_cpu_or_skip(test);
	struct stress_item *all[4] = { &shared_items[0], &shared_items[1], &own_items[0],
				       &own_items[1] };
	struct task_struct *t[2];
	u32 served = 0, runs = 0;
	u64 start = get_jiffies_64();

	if (other < 0)
		return;
	for (int i = 0; i < 4; i++) {
		*all[i] = (struct stress_item){ .in_run = 0 };
		INIT_WORK(&all[i]->work, stress_fn);
	}
	atomic_set(&total_requests, 0);
	atomic_set(&stress_arrived, 0);
	t[0] = kthread_create_on_cpu(stress_thread, (void *)(unsigned long)other, 0, "ktest_wq/%u");
	t[1] = kthread_create_on_cpu(stress_thread, (void *)0, (unsigned int)other, "ktest_wq/%u");
	KUNIT_ASSERT_TRUE(test, t[0] && t[1]);
	wake_up_process(t[0]);
	wake_up_process(t[1]);
	kthread_stop(t[0]);
	kthread_stop(t[1]);
	for (int i = 0; i < 4; i++)
		flush_work(&all[i]->work);
	kunit_info(test, "%d requests, %u ms", atomic_read(&total_requests),
		   jiffies_to_msecs((unsigned long)(get_jiffies_64() - start)));
	for (int i = 0; i < 4; i++) {
		struct stress_item *s = all[i];

		KUNIT_EXPECT_EQ(test, atomic_read(&s->overlaps), 0);
		KUNIT_EXPECT_EQ(test, s->runs, (u32)atomic_read(&s->runs_atomic));
		KUNIT_EXPECT_EQ(test, s->runs, (u32)atomic_read(&s->queued));
		KUNIT_EXPECT_EQ(test, atomic_read(&s->requests), 0);
		KUNIT_EXPECT_GT(test, s->runs, 0);
		KUNIT_EXPECT_FALSE(test, work_pending(&s->work));
		served += s->served;
		runs += s->runs;
	}
	for (int i = 0; i < 4; i++)
		kunit_info(test, "item %d: %u runs, on CPUs 0x%x", i, all[i]->runs,
			   atomic_read(&all[i]->ran_on));
	/* A thread's own item, queued only by it, ran only on its CPU. */
	KUNIT_EXPECT_EQ(test, atomic_read(&own_items[0].ran_on), (int)BIT(0));
	KUNIT_EXPECT_EQ(test, atomic_read(&own_items[1].ran_on), (int)BIT(other));
	KUNIT_EXPECT_EQ(test, served, (u32)atomic_read(&total_requests));
	KUNIT_EXPECT_EQ(test, atomic_read(&total_requests),
			2 * (2 * STRESS_ROUNDS + STRESS_ROUNDS / STRESS_IPI_EVERY));
	KUNIT_EXPECT_LE(test, runs, served);
}

static struct kunit_case smp_workqueue_cases[] = {
	KUNIT_CASE(test_queue_work_on_runs_on_that_cpu),
	KUNIT_CASE(test_bh_queue_work_on_runs_in_that_cpus_softirq),
	KUNIT_CASE(test_item_running_on_one_cpu_queued_on_another_runs_after_there),
	KUNIT_CASE(test_flush_and_cancel_wait_for_a_run_on_another_cpu),
	KUNIT_CASE(test_concurrency_management_is_per_cpu),
	KUNIT_CASE(test_two_cpus_queue_the_same_items_from_threads_and_hardirqs),
	{}
};
kunit_test_suite(smp_workqueue, smp_workqueue_cases);
