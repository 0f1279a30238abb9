/* kernel/tests/test_bh_smp.c - bottom halves on two CPUs: what smp_tasklet does not show.
 *
 * smp_tasklet hammers two tasklets from two CPUs and checks that no request is lost and
 * no run overlaps another; it cannot tell whether the RUN bit was ever found held. Here
 * the experiments of demo softirq-smp and demo tasklet-smp (kernel/demos/) are run and
 * judged by their counts: one softirq vector runs on two CPUs at once (each run sees the
 * other begin, and the TSC intervals intersect), while one tasklet, put on the other
 * CPU's list as it runs, is found running there (RUN held, requeued) and runs again
 * afterwards, never at once with itself, every run counted exactly. Last, tasklet_kill()
 * on this CPU waits for the tasklet's run on the other, both when the run is under way and
 * when it is still queued there (smp_tasklet covers tasklet_disable()). */
#include <irqlab/atomic.h>
#include <irqlab/sched.h>
#include <irqlab/softirq.h>
#include <irqlab/tasklet.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include "kernel/demos/bh_smp.h"
#include "cpu_work.h"
#include "kunit.h"

#define TASKLET_ROUNDS  50

static void test_one_softirq_runs_on_two_cpus_at_once(struct kunit *test)
{
	struct softirq_smp_result r;

	if (!softirq_smp_run(&r)) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return;
	}
	for (unsigned int s = 0; s < 2; s++) {
		/* Each CPU ran NET_RX once, and while it ran, the other's run began. */
		KUNIT_EXPECT_EQ(test, r.net_rx_after[s] - r.net_rx_before[s], 1u);
		KUNIT_EXPECT_TRUE(test, r.saw_other[s]);
		KUNIT_EXPECT_LT(test, r.start[s], r.end[s]);
	}
	KUNIT_EXPECT_LT(test, MAX(r.start[0], r.start[1]), MIN(r.end[0], r.end[1]));
}

static void test_tasklet_found_running_requeues_and_runs_again(struct kunit *test)
{
	struct tasklet_smp_result r;

	if (!tasklet_smp_run(&r, TASKLET_ROUNDS)) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return;
	}
	KUNIT_EXPECT_EQ(test, r.concurrent, 0u);
	/* Every round: found running on the other CPU at least once, then run there. */
	KUNIT_EXPECT_EQ(test, r.reruns, r.rounds);
	KUNIT_EXPECT_GE(test, r.held[0] + r.held[1], r.rounds);
	/* Exact accounting: every request served; the plain count, the LOCKed count and
	 * each CPU's own tasklet counter agree; at least the two runs a round. */
	KUNIT_EXPECT_EQ(test, r.served, r.requests);
	KUNIT_EXPECT_EQ(test, r.runs[0] + r.runs[1], r.runs_atomic);
	KUNIT_EXPECT_EQ(test, (u64)r.runs[0], r.tasklet_runs[0]);
	KUNIT_EXPECT_EQ(test, (u64)r.runs[1], r.tasklet_runs[1]);
	KUNIT_EXPECT_GE(test, r.runs_atomic, 2 * r.rounds);
	KUNIT_EXPECT_LE(test, r.runs_atomic, r.requests);
}

/* tasklet_kill() on this CPU while the tasklet runs, or waits to run, on the other. */
static struct tasklet_struct kill_me;
static atomic_t kill_started, kill_finished, kill_queued;
static volatile int kill_release;

static void kill_me_fn(struct tasklet_struct *t)
{
	(void)t;
	atomic_inc(&kill_started);
	while (!READ_ONCE(kill_release))       /* running: hold RUN until released */
		cpu_relax();
	atomic_inc(&kill_finished);
}

static void schedule_and_run(void *arg)
{
	(void)arg;
	local_bh_disable();
	tasklet_schedule(&kill_me);
	local_bh_enable();              /* runs kill_me_fn here, until released */
}

static void schedule_and_hold(void *arg)
{
	(void)arg;
	local_bh_disable();
	tasklet_schedule(&kill_me);
	atomic_set(&kill_queued, 1);
	while (!READ_ONCE(kill_release))       /* queued here, bottom halves off */
		cpu_relax();
	local_bh_enable();              /* now it runs */
}

static void release_kill(struct timer_list *t)
{
	(void)t;
	WRITE_ONCE(kill_release, 1);
}

static void kill_while_on_other_cpu(struct kunit *test, void (*there)(void *arg),
				    atomic_t *ready)
{
	struct timer_list release;
	int other = ktest_other_cpu();

	if (other < 0) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return;
	}
	tasklet_setup(&kill_me, kill_me_fn);
	atomic_set(&kill_started, 0);
	atomic_set(&kill_finished, 0);
	atomic_set(&kill_queued, 0);
	kill_release = 0;
	KUNIT_ASSERT_TRUE(test, ktest_cpu_work_start((unsigned int)other, there, NULL));
	while (!atomic_read(ready))
		msleep(1);
	/* Released by a timer on this CPU while tasklet_kill() waits. */
	timer_setup(&release, release_kill, 0);
	mod_timer(&release, jiffies + 2);
	tasklet_kill(&kill_me);
	KUNIT_EXPECT_EQ(test, atomic_read(&kill_finished), 1);
	KUNIT_EXPECT_EQ(test, kill_me.state, 0);
	ktest_cpu_work_wait((unsigned int)other);
	del_timer_sync(&release);
	KUNIT_EXPECT_EQ(test, atomic_read(&kill_started), 1);  /* and not again */
}

static void test_kill_waits_for_a_run_under_way_on_another_cpu(struct kunit *test)
{
	kill_while_on_other_cpu(test, schedule_and_run, &kill_started);
}

static void test_kill_waits_for_a_run_queued_on_another_cpu(struct kunit *test)
{
	kill_while_on_other_cpu(test, schedule_and_hold, &kill_queued);
}

static struct kunit_case bh_smp_cases[] = {
	KUNIT_CASE(test_one_softirq_runs_on_two_cpus_at_once),
	KUNIT_CASE(test_tasklet_found_running_requeues_and_runs_again),
	KUNIT_CASE(test_kill_waits_for_a_run_under_way_on_another_cpu),
	KUNIT_CASE(test_kill_waits_for_a_run_queued_on_another_cpu),
	{}
};
kunit_test_suite(bh_smp, bh_smp_cases);
