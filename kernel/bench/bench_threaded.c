/* kernel/bench/bench_threaded.c - threaded_irq_to_thread_fn: an interrupt whose primary
 * handler returns IRQ_WAKE_THREAD, to the first line of thread_fn in its irq/N-name
 * thread (SCHED_FIFO 50, switched to on the way out of the interrupt). */
#include <irqlab/interrupt.h>
#include <irqlab/sched.h>
#include "bench.h"

#define BENCH_IRQ 10

static DECLARE_COMPLETION(thread_ran);

static irqreturn_t bench_primary(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	bench_t0 = rdtsc();
	return IRQ_WAKE_THREAD;
}

static irqreturn_t bench_thread_fn(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	bench_mark_end();
	complete(&thread_ran);
	return IRQ_HANDLED;
}

static int bench_threaded_irq(u32 *s, int n)
{
	static int dev;
	int ret = request_threaded_irq(BENCH_IRQ, bench_primary, bench_thread_fn, IRQF_ONESHOT,
				       "bench", &dev);

	if (ret)
		return ret;
	for (int i = 0; i < n && !ret; i++) {
		reinit_completion(&thread_ran);
		bench_t1 = 0;
		ret = irq_inject(BENCH_IRQ);
		if (!ret && !wait_for_completion_timeout(&thread_ran, HZ))
			ret = -1;
		s[i] = (u32)(bench_t1 - bench_t0);
	}
	free_irq(BENCH_IRQ, &dev);
	return ret ? ret : n;
}
DEFINE_BENCH(threaded_irq_to_thread_fn, 100, "threaded_irq_to_thread_fn", bench_threaded_irq);
