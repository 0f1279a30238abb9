/* kernel/bench/bench_sched.c - context_switch: from one thread's schedule() to the next
 * thread running. Two SCHED_FIFO threads of equal priority hand the CPU to each other:
 * each wakes the other (no preemption: same priority), takes t0 and sleeps in
 * schedule(); the other's schedule() returns and takes t1. */
#include <irqlab/kthread.h>
#include <irqlab/sched.h>
#include "bench.h"

static struct task_struct *ping, *pong;
static u32 *out;
static volatile int left, taken, skipped;
static DECLARE_COMPLETION(bench_done);

static int pingpong(void *data)
{
	struct task_struct **other = data;

	while (!kthread_should_stop()) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (left <= 0) {
			schedule();
			continue;
		}
		left--;
		wake_up_process(*other);
		bench_t0 = rdtsc();
		schedule();
		bench_mark_end();
		/* The first switch-in measures from no hand-over at all: not a sample. */
		if (!skipped)
			skipped = 1;
		else if (taken < BENCH_SAMPLES)
			out[taken++] = (u32)(bench_t1 - bench_t0);
		if (left <= 0)
			complete(&bench_done);
	}
	return 0;
}

static int bench_context_switch(u32 *s, int n)
{
	out = s;
	taken = 0;
	skipped = 0;
	left = n + 1;
	reinit_completion(&bench_done);
	ping = kthread_create(pingpong, &pong, "bench-ping");
	pong = kthread_create(pingpong, &ping, "bench-pong");
	if (!ping || !pong)
		return -1;
	/* Both on the bench's CPU: a switch on one CPU, not a wake-up across two. */
	(void)set_cpus_allowed_ptr(ping, BIT(smp_processor_id()));
	(void)set_cpus_allowed_ptr(pong, BIT(smp_processor_id()));
	sched_setscheduler(ping, SCHED_FIFO, 60);
	sched_setscheduler(pong, SCHED_FIFO, 60);
	wake_up_process(ping);
	wait_for_completion(&bench_done);
	left = 0;
	kthread_stop(ping);
	kthread_stop(pong);
	return taken;
}
DEFINE_BENCH(context_switch, 110, "context_switch", bench_context_switch);
