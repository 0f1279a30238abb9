/* kernel/tests/test_sched_nice.c - nice levels (kernel/sched/nice.c): a slice per
 * thread by Linux's weights, busy threads sharing a CPU in that ratio, and a waking
 * thread with a lower nice preempting the running one. */
#include <irqlab/timer.h>
#include <irqlab/kthread.h>
#include <irqlab/sched.h>
#include "kunit.h"
#include "ktest_sched_smp.h"

static int wait_to_stop(void *data)
{
	(void)data;
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static void test_nice_sets_the_slice_by_weight(struct kunit *test)
{
	struct task_struct *t = thread_here(wait_to_stop, NULL, "ktest-nice");

	KUNIT_ASSERT_TRUE(test, t != NULL);
	KUNIT_EXPECT_EQ(test, task_nice(t), 0);
	KUNIT_EXPECT_EQ(test, t->static_prio, 120);
	KUNIT_EXPECT_EQ(test, t->slice, SCHED_TIMESLICE_TICKS);
	/* weight 3121 / 1024 of the 5 ticks: 15 */
	set_user_nice(t, -5);
	KUNIT_EXPECT_EQ(test, task_nice(t), -5);
	KUNIT_EXPECT_EQ(test, t->slice, 15);
	set_user_nice(t, MIN_NICE);     /* 88761 / 1024 * 5 */
	KUNIT_EXPECT_EQ(test, t->static_prio, 100);
	KUNIT_EXPECT_EQ(test, t->slice, 433);
	set_user_nice(t, MAX_NICE);     /* 15 / 1024 * 5 is less than a tick: one */
	KUNIT_EXPECT_EQ(test, t->slice, 1);
	KUNIT_EXPECT_EQ(test, t->time_slice, 1);
	/* Out of range: ignored, as Linux's set_user_nice() ignores it. */
	set_user_nice(t, 20);
	set_user_nice(t, -21);
	KUNIT_EXPECT_EQ(test, task_nice(t), MAX_NICE);
	wake_up_process(t);
	kthread_stop(t);
}

static volatile int marker;

static int set_marker(void *data)
{
	(void)data;
	marker = 1;
	return wait_to_stop(NULL);
}

/* This thread runs at nice 0; a nice -10 thread woken here preempts it at the first
 * preemption point, as Linux's CFS preempts for a heavy sleeper. */
static void test_lower_nice_preempts_on_wake_up(struct kunit *test)
{
	struct task_struct *t = thread_here(set_marker, NULL, "ktest-nice-10");
	int before;

	KUNIT_ASSERT_TRUE(test, t != NULL);
	KUNIT_ASSERT_EQ(test, task_nice(current), 0);
	set_user_nice(t, -10);
	marker = 0;
	preempt_disable();
	wake_up_process(t);
	before = marker;
	preempt_enable();               /* the preemption point: it runs here */
	KUNIT_EXPECT_EQ(test, before, 0);
	KUNIT_EXPECT_EQ(test, marker, 1);
	kthread_stop(t);
}

struct spinner {
	struct task_struct *task;
	volatile u64 spins;
};

static int spin(void *data)
{
	struct spinner *s = data;

	while (!kthread_should_stop())
		s->spins++;
	return 0;
}

/* Two threads that never sleep, on one CPU, at nice -5 and nice 0: their turns are 15
 * and 5 ticks, so the CPU goes 3:1, as the weights 3121:1024 say. Counted in ticks
 * charged to each (scheduler_tick), until the nice-0 one has been preempted four times:
 * four rounds at least, however slow the host. */
static void test_busy_threads_share_a_cpu_by_weight(struct kunit *test)
{
	static struct spinner heavy, light;
	u64 h, l;

	heavy.task = thread_here(spin, &heavy, "ktest-nice-5");
	light.task = thread_here(spin, &light, "ktest-nice0");
	KUNIT_ASSERT_TRUE(test, heavy.task && light.task);
	wake_up_process(light.task);
	wake_up_process(heavy.task);
	set_user_nice(heavy.task, -5);
	/* Without weights the two would go 1:1; with the nice -5 one always first, the
	 * other would starve: the second condition ends the wait for that case. */
	while (READ_ONCE(light.task->nivcsw) < 4 && READ_ONCE(heavy.task->ticks) < 400)
		msleep(20);
	h = heavy.task->ticks;
	l = light.task->ticks;
	kthread_stop(heavy.task);
	kthread_stop(light.task);
	kunit_info(test, "ticks: nice -5 %llu, nice 0 %llu", h, l);
	KUNIT_EXPECT_GT(test, l, 0);
	/* Four or five turns of 15 against four of 5: 60..75 to 20 or so; the bounds allow
	 * for a turn cut short by a nice -20 kworker waking. */
	KUNIT_EXPECT_GE(test, h, 2 * l);
	KUNIT_EXPECT_LE(test, h, 4 * l + 15);
}

static struct kunit_case sched_nice_cases[] = {
	KUNIT_CASE(test_nice_sets_the_slice_by_weight),
	KUNIT_CASE(test_lower_nice_preempts_on_wake_up),
	KUNIT_CASE(test_busy_threads_share_a_cpu_by_weight),
	{}
};
kunit_test_suite(sched_nice, sched_nice_cases);
