/* kernel/tests/test_sched.c - threads, sleeping and waking, completions, mutexes,
 * semaphores, and the two scheduling classes. */
#include <irqlab/errno.h>
#include <irqlab/kthread.h>
#include <irqlab/mutex.h>
#include <irqlab/sched.h>
#include <irqlab/timer.h>
#include "kunit.h"
#include "ktest_sched_smp.h"

static int counter;

static int count_until_stopped(void *data)
{
	int *n = data;

	while (!kthread_should_stop()) {
		(*n)++;
		msleep(10);
	}
	return 42;
}

static void test_kthread_run_and_stop(struct kunit *test)
{
	int n = 0;
	struct task_struct *t = kthread_run(count_until_stopped, &n, "ktest/%d", 1);

	KUNIT_ASSERT_TRUE(test, t != NULL);
	KUNIT_EXPECT_STREQ(test, t->comm, "ktest/1");
	/* Until it has counted 3 (its own ticks, not ours: a fixed sleep races with how
	 * soon it is scheduled), or a second of this thread's sleeps. */
	for (int i = 0; i < 100 && READ_ONCE(n) <= 2; i++)
		msleep(10);
	KUNIT_EXPECT_GT(test, n, 2);
	KUNIT_EXPECT_EQ(test, kthread_stop(t), 42);
}

static int return_at_once(void *data)
{
	(void)data;
	return 7;
}

static void test_kthread_created_stopped_until_woken(struct kunit *test)
{
	struct task_struct *t = kthread_create(return_at_once, NULL, "ktest-idle");

	KUNIT_ASSERT_TRUE(test, t != NULL);
	msleep(30);
	KUNIT_EXPECT_FALSE(test, completion_done(&t->exited));  /* never ran */
	wake_up_process(t);
	KUNIT_EXPECT_EQ(test, kthread_stop(t), 7);
}

static DECLARE_COMPLETION(done);

static int complete_after_sleep(void *data)
{
	(void)data;
	msleep(20);
	counter = 1;
	complete(&done);
	return 0;
}

static void test_completion_waits_for_the_thread(struct kunit *test)
{
	struct task_struct *t;

	counter = 0;
	reinit_completion(&done);
	t = kthread_run(complete_after_sleep, NULL, "ktest-complete");
	KUNIT_ASSERT_TRUE(test, t != NULL);
	wait_for_completion(&done);
	KUNIT_EXPECT_EQ(test, counter, 1);
	kthread_stop(t);
}

static void test_completion_before_wait_is_not_lost(struct kunit *test)
{
	struct completion c;

	init_completion(&c);
	complete(&c);
	complete(&c);
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&c, 1) > 0, 1);
	KUNIT_EXPECT_TRUE(test, try_wait_for_completion(&c));
	KUNIT_EXPECT_FALSE(test, try_wait_for_completion(&c));
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&c, msecs_to_jiffies(30)), 0);
}

static void test_msleep_sleeps_long_enough(struct kunit *test)
{
	u64 start = get_jiffies_64();

	msleep(50);
	KUNIT_EXPECT_GE(test, get_jiffies_64() - start, msecs_to_jiffies(50));
	KUNIT_EXPECT_LT(test, get_jiffies_64() - start, msecs_to_jiffies(50) + 10);
}

static DECLARE_WAIT_QUEUE_HEAD(wq);
static int flag;

static void set_flag_timer(struct timer_list *t)
{
	(void)t;
	flag = 1;
	wake_up(&wq);
}

static void test_wait_event_woken_from_softirq(struct kunit *test)
{
	struct timer_list t;

	flag = 0;
	timer_setup(&t, set_flag_timer, 0);
	mod_timer(&t, jiffies + 3);
	wait_event(wq, flag == 1);
	KUNIT_EXPECT_EQ(test, flag, 1);
	KUNIT_EXPECT_EQ(test, wait_event_timeout(wq, flag == 2, msecs_to_jiffies(20)), 0);
	del_timer_sync(&t);
}

static DEFINE_MUTEX(test_mutex);
static int inside, max_inside;

static int mutex_worker(void *data)
{
	(void)data;
	for (int i = 0; i < 5; i++) {
		mutex_lock(&test_mutex);
		inside++;
		if (inside > max_inside)
			max_inside = inside;
		msleep(5);              /* sleep while holding it: the others must wait */
		inside--;
		mutex_unlock(&test_mutex);
	}
	return 0;
}

static void test_mutex_excludes_sleeping_holders(struct kunit *test)
{
	struct task_struct *a, *b;

	inside = max_inside = 0;
	a = kthread_run(mutex_worker, NULL, "ktest-mutex-a");
	b = kthread_run(mutex_worker, NULL, "ktest-mutex-b");
	KUNIT_ASSERT_TRUE(test, a && b);
	mutex_worker(NULL);
	kthread_stop(a);
	kthread_stop(b);
	KUNIT_EXPECT_EQ(test, max_inside, 1);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&test_mutex));
	KUNIT_EXPECT_TRUE(test, mutex_trylock(&test_mutex));
	KUNIT_EXPECT_FALSE(test, mutex_trylock(&test_mutex));
	mutex_unlock(&test_mutex);
}

static void test_semaphore_counts(struct kunit *test)
{
	struct semaphore sem;

	sema_init(&sem, 2);
	KUNIT_EXPECT_EQ(test, down_trylock(&sem), 0);
	KUNIT_EXPECT_EQ(test, down_trylock(&sem), 0);
	KUNIT_EXPECT_EQ(test, down_trylock(&sem), 1);
	KUNIT_EXPECT_NE(test, down_timeout(&sem, msecs_to_jiffies(20)), 0);
	up(&sem);
	KUNIT_EXPECT_EQ(test, down_timeout(&sem, msecs_to_jiffies(20)), 0);
}

static volatile int rt_ran_before_me;

static int rt_marker(void *data)
{
	(void)data;
	rt_ran_before_me = 1;
	return 0;
}

static void test_fifo_thread_preempts_normal(struct kunit *test)
{
	struct task_struct *t = thread_here(rt_marker, NULL, "ktest-rt");

	KUNIT_ASSERT_TRUE(test, t != NULL);
	KUNIT_EXPECT_EQ(test, sched_setscheduler(t, SCHED_FIFO, 50), 0);
	KUNIT_EXPECT_EQ(test, sched_setscheduler(t, SCHED_FIFO, 100), -EINVAL);
	rt_ran_before_me = 0;
	wake_up_process(t);
	/* Waking a FIFO thread from a normal one switches to it at once. */
	KUNIT_EXPECT_EQ(test, rt_ran_before_me, 1);
	kthread_stop(t);
}

static volatile u64 spins;

/* Keeps the CPU, never sleeping, until this CPU's tick has advanced jiffies n times.
 * Counted in ticks, not in TSC time: a loaded host can stop QEMU for longer than a
 * slice, after which the TSC has jumped ahead with no tick delivered in between. */
static void busy_wait_ticks(unsigned long n)
{
	unsigned long end = jiffies + n;

	while (time_before(jiffies, end))
		cpu_relax();
}

static int spin_forever(void *data)
{
	(void)data;
	while (!kthread_should_stop())
		spins++;
	return 0;
}

static void test_normal_threads_share_by_time_slice(struct kunit *test)
{
	struct task_struct *t = thread_here(spin_forever, NULL, "ktest-spin");
	u64 before;

	KUNIT_ASSERT_TRUE(test, t != NULL);
	wake_up_process(t);
	/* A thread that never sleeps still gets preempted at its slice's end: this test
	 * thread gets the CPU back and sees the spinner's progress. */
	before = spins;
	busy_wait_ticks(2 * SCHED_TIMESLICE_TICKS + 1);   /* more than two slices */
	KUNIT_EXPECT_GT(test, spins, before);
	KUNIT_EXPECT_GT(test, t->nivcsw, 0);
	kthread_stop(t);
}

static struct kunit_case sched_cases[] = {
	KUNIT_CASE(test_kthread_run_and_stop),
	KUNIT_CASE(test_kthread_created_stopped_until_woken),
	KUNIT_CASE(test_completion_waits_for_the_thread),
	KUNIT_CASE(test_completion_before_wait_is_not_lost),
	KUNIT_CASE(test_msleep_sleeps_long_enough),
	KUNIT_CASE(test_wait_event_woken_from_softirq),
	KUNIT_CASE(test_mutex_excludes_sleeping_holders),
	KUNIT_CASE(test_semaphore_counts),
	KUNIT_CASE(test_fifo_thread_preempts_normal),
	KUNIT_CASE(test_normal_threads_share_by_time_slice),
	{}
};
kunit_test_suite(sched, sched_cases);
