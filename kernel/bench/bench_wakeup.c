/* kernel/bench/bench_wakeup.c - a wake-up across CPUs, from the waker's call to the
 * woken thread running on the other CPU.
 *
 *   wakeup_remote_to_run  from just before wake_up_process() on CPU 0 to the first
 *                         instruction of a thread bound to CPU 1 after its schedule()
 *                         returns: try_to_wake_up() queues it on CPU 1's run queue and,
 *                         CPU 1 idling in HLT, sends it the reschedule IPI (RES); CPU 1
 *                         takes the IPI, leaves the idle loop and switches to the thread.
 *
 * Each sample starts only once the thread is fully asleep (switched out, on_cpu clear),
 * so every wake-up takes the whole path, never the "still running, just set it
 * TASK_RUNNING" shortcut. Needs a second CPU: on one, the line says it was skipped. */
#include <irqlab/cpumask.h>
#include <irqlab/errno.h>
#include <irqlab/kthread.h>
#include <irqlab/sched.h>
#include "bench.h"

static volatile int wake_pending;

static int wake_target(void *data)
{
	(void)data;
	while (!kthread_should_stop()) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (!READ_ONCE(wake_pending)) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		bench_mark_end();
		WRITE_ONCE(wake_pending, 0);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static bool asleep(struct task_struct *t)
{
	return READ_ONCE(t->state) != TASK_RUNNING && !READ_ONCE(t->on_cpu);
}

static int bench_wakeup_remote_to_run(u32 *s, int n)
{
	struct task_struct *t;

	if (!cpu_online(1))
		return -ENXIO;
	t = kthread_create_on_cpu(wake_target, NULL, 1, "bench-wake/%u");
	if (!t)
		return -ENOMEM;
	wake_up_process(t);
	for (int i = 0; i < n; i++) {
		while (!asleep(t))
			cpu_relax();
		WRITE_ONCE(wake_pending, 1);
		bench_t0 = rdtsc();
		wake_up_process(t);
		while (READ_ONCE(wake_pending))
			cpu_relax();
		s[i] = (u32)(bench_t1 - bench_t0);
	}
	kthread_stop(t);
	return n;
}
DEFINE_BENCH(wakeup_remote_to_run, 115, "wakeup_remote_to_run", bench_wakeup_remote_to_run);
