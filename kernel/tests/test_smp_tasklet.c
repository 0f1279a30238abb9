/* kernel/tests/test_smp_tasklet.c - two CPUs scheduling the same tasklets at once.
 *
 * Each CPU schedules two shared tasklets over and over, each time after counting a
 * request, and lets its own softirqs run; a tasklet run takes every request counted so
 * far. SCHED set by LOCKed test-and-set means each request is served by exactly one run
 * that starts after it; RUN means a tasklet found on both CPUs' lists runs on one of them
 * at a time. With plain read-modify-writes both CPUs can queue one tasklet, and run it at
 * once: the run sees its in_run flag already set, or loses a plain increment. The
 * last case makes the second of those deterministic: a run held open on one CPU while
 * the other finds the tasklet on its list. */
#include <irqlab/atomic.h>
#include <irqlab/sched.h>
#include <irqlab/tasklet.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include "cpu_work.h"
#include "kunit.h"

#define HAMMER_ROUNDS   100000
#define DRAIN_TICKS     (10 * HZ)       /* the other CPU runs what is left at its tick */

struct shared_tasklet {
	struct tasklet_struct t;
	atomic_t requests;      /* counted before each tasklet_schedule(), taken by runs */
	u32 served;             /* requests the runs took: written only inside a run */
	u32 runs;               /* a plain increment: a concurrent run loses one */
	atomic_t runs_atomic;
	int in_run;             /* set for the length of a run */
	atomic_t overlaps;      /* runs that found in_run set */
};

static struct shared_tasklet shared[2];
static atomic_t total_requests;

static void shared_tasklet_fn(struct tasklet_struct *t)
{
	struct shared_tasklet *s = from_tasklet(s, t, t);

	if (READ_ONCE(s->in_run))
		atomic_inc(&s->overlaps);
	WRITE_ONCE(s->in_run, 1);
	s->served += (u32)atomic_xchg(&s->requests, 0);
	s->runs++;
	for (int i = 0; i < 20; i++)    /* a run long enough for the other CPU to collide */
		barrier();
	atomic_inc(&s->runs_atomic);
	WRITE_ONCE(s->in_run, 0);
}

static void hammer_tasklets(void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < HAMMER_ROUNDS; i++) {
		struct shared_tasklet *s = &shared[(i & 7) == 7];

		local_bh_disable();
		atomic_inc(&s->requests);
		atomic_inc(&total_requests);
		if (i & 2)
			tasklet_hi_schedule(&s->t);
		else
			tasklet_schedule(&s->t);
		local_bh_enable();      /* this CPU's softirqs run here */
	}
}

static u32 served(void)
{
	return shared[0].served + shared[1].served;
}

static void test_two_cpus_schedule_the_same_tasklets(struct kunit *test)
{
	u64 start;

	for (int i = 0; i < 2; i++) {
		shared[i] = (struct shared_tasklet){ 0 };
		tasklet_setup(&shared[i].t, shared_tasklet_fn);
	}
	atomic_set(&total_requests, 0);
	if (!ktest_race(hammer_tasklets, NULL)) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return;
	}
	/* Requests left on the other CPU's list run at its next tick. */
	start = get_jiffies_64();
	while (served() != (u32)atomic_read(&total_requests) &&
	       get_jiffies_64() - start < DRAIN_TICKS)
		msleep(10);
	for (int i = 0; i < 2; i++) {
		struct shared_tasklet *s = &shared[i];

		tasklet_kill(&s->t);
		KUNIT_EXPECT_EQ(test, atomic_read(&s->overlaps), 0);
		KUNIT_EXPECT_EQ(test, s->runs, (u32)atomic_read(&s->runs_atomic));
		KUNIT_EXPECT_EQ(test, atomic_read(&s->requests), 0);
		KUNIT_EXPECT_EQ(test, s->t.state, 0);
		KUNIT_EXPECT_GT(test, s->runs, 0);
	}
	KUNIT_EXPECT_EQ(test, served(), 2u * HAMMER_ROUNDS);
	KUNIT_EXPECT_EQ(test, (u32)atomic_read(&total_requests), 2u * HAMMER_ROUNDS);
}

/* tasklet_disable() returns only once a run on another CPU has ended. */
static struct tasklet_struct slow;
static atomic_t slow_started, slow_finished;
static volatile int slow_release;

static void slow_fn(struct tasklet_struct *t)
{
	(void)t;
	atomic_inc(&slow_started);
	while (!READ_ONCE(slow_release))
		cpu_relax();
	atomic_inc(&slow_finished);
}

static void schedule_slow(void *arg)
{
	(void)arg;
	local_bh_disable();
	tasklet_schedule(&slow);
	local_bh_enable();              /* runs slow_fn here, until released */
}

static void release_slow(struct timer_list *t)
{
	(void)t;
	WRITE_ONCE(slow_release, 1);
}

static void test_disable_waits_for_a_run_on_another_cpu(struct kunit *test)
{
	struct timer_list release;
	int other = ktest_other_cpu();

	if (other < 0) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return;
	}
	tasklet_setup(&slow, slow_fn);
	atomic_set(&slow_started, 0);
	atomic_set(&slow_finished, 0);
	slow_release = 0;
	KUNIT_ASSERT_TRUE(test, ktest_cpu_work_start((unsigned int)other, schedule_slow, NULL));
	while (!atomic_read(&slow_started))
		msleep(1);
	/* Released by a timer on this CPU while tasklet_disable() waits. */
	timer_setup(&release, release_slow, 0);
	mod_timer(&release, jiffies + 2);
	tasklet_disable(&slow);
	KUNIT_EXPECT_EQ(test, atomic_read(&slow_finished), 1);
	tasklet_enable(&slow);
	ktest_cpu_work_wait((unsigned int)other);
	del_timer_sync(&release);
	tasklet_kill(&slow);
}

/* A tasklet scheduled here while it runs on the other CPU (SCHED is clear during a run,
 * so it is queued again) must not run here until that run ends: this CPU finds RUN held,
 * puts it back on its list and runs it later. Its function holds only its first run; a
 * second entry while the first still holds would be a run beside it. */
static struct tasklet_struct busy;
static atomic_t busy_entries;
static volatile int busy_release;
static int busy_second_cpu;

static void busy_fn(struct tasklet_struct *t)
{
	(void)t;
	if (atomic_add_return(1, &busy_entries) == 1) {
		while (!READ_ONCE(busy_release))
			cpu_relax();
	} else {
		WRITE_ONCE(busy_second_cpu, (int)smp_processor_id());
	}
}

static void schedule_busy(void *arg)
{
	(void)arg;
	local_bh_disable();
	tasklet_schedule(&busy);
	local_bh_enable();              /* runs busy_fn here, until released */
}

static void test_tasklet_running_elsewhere_is_not_run_here(struct kunit *test)
{
	int other = ktest_other_cpu();
	u64 start;
	int entries;

	if (other < 0) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return;
	}
	tasklet_setup(&busy, busy_fn);
	atomic_set(&busy_entries, 0);
	busy_release = 0;
	busy_second_cpu = -1;
	KUNIT_ASSERT_TRUE(test, ktest_cpu_work_start((unsigned int)other, schedule_busy, NULL));
	while (!atomic_read(&busy_entries))
		msleep(1);
	/* Here: this CPU's TASKLET softirq runs at local_bh_enable() and finds RUN held. */
	local_bh_disable();
	tasklet_schedule(&busy);
	local_bh_enable();
	entries = atomic_read(&busy_entries);
	KUNIT_EXPECT_EQ(test, entries, 1);
	KUNIT_EXPECT_TRUE(test, test_bit(TASKLET_STATE_SCHED, &busy.state));
	WRITE_ONCE(busy_release, 1);
	/* Still queued here: it runs here once the other CPU has dropped RUN. */
	start = get_jiffies_64();
	while (atomic_read(&busy_entries) < 2 && get_jiffies_64() - start < DRAIN_TICKS)
		msleep(1);
	KUNIT_EXPECT_EQ(test, atomic_read(&busy_entries), 2);
	KUNIT_EXPECT_EQ(test, READ_ONCE(busy_second_cpu), (int)smp_processor_id());
	ktest_cpu_work_wait((unsigned int)other);
	tasklet_kill(&busy);
	KUNIT_EXPECT_EQ(test, busy.state, 0);
}

static struct kunit_case smp_tasklet_cases[] = {
	KUNIT_CASE(test_two_cpus_schedule_the_same_tasklets),
	KUNIT_CASE(test_disable_waits_for_a_run_on_another_cpu),
	KUNIT_CASE(test_tasklet_running_elsewhere_is_not_run_here),
	{}
};
kunit_test_suite(smp_tasklet, smp_tasklet_cases);
