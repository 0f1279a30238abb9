/* kernel/tests/ktest_sched_smp.h - for the suites that run threads on one CPU or on
 * several (sched, sched_nice, sched_smp, sched_smp_preempt): a thread kept on the
 * test's CPU, skipping a case on one CPU, naming a CPU other than the test's own, and
 * waiting until a thread is asleep and off its CPU. Tests only. */
#ifndef KERNEL_TESTS_KTEST_SCHED_SMP_H
#define KERNEL_TESTS_KTEST_SCHED_SMP_H

#include <irqlab/cpumask.h>
#include <irqlab/kthread.h>
#include <irqlab/sched.h>
#include <irqlab/timer.h>
#include "kunit.h"

/* A thread for the cases about one CPU's scheduling: created stopped and kept on this
 * CPU (the test's own), where an unbound thread might be placed elsewhere. */
static inline struct task_struct *thread_here(int (*fn)(void *data), void *data,
					      const char *name)
{
	struct task_struct *t = kthread_create(fn, data, "%s", name);

	if (t)
		(void)set_cpus_allowed_ptr(t, BIT(smp_processor_id()));
	return t;
}

static inline bool need_two_cpus(struct kunit *test)
{
	if (num_online_cpus() >= 2)
		return true;
	kunit_skip_case(test, "one CPU online (boot with -smp 2 or more)");
	return false;
}

/* The highest-numbered online CPU: with two or more, never CPU 0, which runs the test. */
static inline unsigned int last_cpu(void)
{
	unsigned int cpu, last = 0;

	for_each_online_cpu(cpu)
		last = cpu;
	return last;
}

/* Waits, sleeping, until t sleeps and is off its CPU. */
static inline void wait_until_asleep(struct task_struct *t)
{
	while (READ_ONCE(t->state) == TASK_RUNNING || READ_ONCE(t->on_cpu))
		msleep(1);
}

#endif
