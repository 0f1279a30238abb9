/* kernel/bench/bench_wq.c - work items, queued from a hard-IRQ handler as a driver
 * queues them, to the first line of the work function:
 *
 *   workqueue_queue_to_run          system_wq: a normal-priority kworker must be woken
 *                                   and scheduled (here, when the queueing thread waits)
 *   workqueue_highpri_queue_to_run  system_highpri_wq: a nice -20 kworker, which
 *                                   preempts on the way out of the interrupt
 *   bh_workqueue_queue_to_run       system_bh_wq: run from the softirq at irq_exit,
 *                                   no thread at all
 *   queue_work_on_remote            queue_work_on(1, system_wq) from a thread on CPU 0
 *                                   to the first line of the function in kworker/1:N:
 *                                   CPU 1's pool lock, the wake-up of its idle kworker
 *                                   through the reschedule IPI, CPU 1 leaving HLT and
 *                                   switching to it. Each sample waits until that
 *                                   kworker is asleep again, so each takes the whole
 *                                   path. Needs a second CPU (skipped on one).
 */
#include <irqlab/cpumask.h>
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/sched.h>
#include <irqlab/workqueue.h>
#include "bench.h"

#define BENCH_IRQ 10

static struct workqueue_struct *target_wq;
static irqreturn_t bench_wq_irq(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	bench_queue_work(target_wq);
	return IRQ_HANDLED;
}

static int run_wq_bench(u32 *s, int n, struct workqueue_struct *wq)
{
	static int dev;
	int ret = request_irq(BENCH_IRQ, bench_wq_irq, 0, "bench-wq", &dev);

	if (ret)
		return ret;
	target_wq = wq;
	for (int i = 0; i < n && !ret; i++) {
		bench_work_reset();
		bench_t1 = 0;
		ret = irq_inject(BENCH_IRQ);
		if (!ret && !bench_work_wait())
			ret = -1;       /* the item never ran: a broken path, not a number */
		s[i] = (u32)(bench_t1 - bench_t0);
	}
	free_irq(BENCH_IRQ, &dev);
	return ret ? ret : n;
}

static struct task_struct *remote_worker;
static volatile int remote_ran;

static void bench_remote_fn(struct work_struct *w)
{
	(void)w;
	bench_mark_end();
	remote_worker = current;
	WRITE_ONCE(remote_ran, 1);
}

static DECLARE_WORK(remote_work, bench_remote_fn);

static bool worker_asleep(struct task_struct *t)
{
	return READ_ONCE(t->state) != TASK_RUNNING && !READ_ONCE(t->on_cpu);
}

static int bench_queue_work_on_remote(u32 *s, int n)
{
	if (!cpu_online(1))
		return -ENXIO;
	for (int i = 0; i < n; i++) {
		WRITE_ONCE(remote_ran, 0);
		bench_t0 = rdtsc();
		queue_work_on(1, system_wq, &remote_work);
		while (!READ_ONCE(remote_ran))
			cpu_relax();
		s[i] = (u32)(bench_t1 - bench_t0);
		while (work_busy(&remote_work) || !worker_asleep(remote_worker))
			cpu_relax();
	}
	return n;
}

static int bench_wq(u32 *s, int n)         { return run_wq_bench(s, n, system_wq); }
static int bench_wq_highpri(u32 *s, int n) { return run_wq_bench(s, n, system_highpri_wq); }
static int bench_wq_bh(u32 *s, int n)      { return run_wq_bench(s, n, system_bh_wq); }
DEFINE_BENCH(workqueue_queue_to_run, 70, "workqueue_queue_to_run", bench_wq);
DEFINE_BENCH(workqueue_highpri_queue_to_run, 80, "workqueue_highpri_queue_to_run", bench_wq_highpri);
DEFINE_BENCH(bh_workqueue_queue_to_run, 90, "bh_workqueue_queue_to_run", bench_wq_bh);
DEFINE_BENCH(queue_work_on_remote, 95, "queue_work_on_remote", bench_queue_work_on_remote);
