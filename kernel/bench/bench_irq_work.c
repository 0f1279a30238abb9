/* kernel/bench/bench_irq_work.c - the bottom halves started from an irq_work function,
 * which is how Linux's reference benchmark (../shared/linux-bh, bhbench.ko) starts them:
 * the same trigger on both sides, so that `make bench LINUX=...` compares like with like.
 *
 * An irq_work runs on IRQ_WORK_VECTOR, a LAPIC system vector: the self-IPI, the entry,
 * sysvec_irq_work() with its EOI first, the function - no irq_desc, no flow handler, no
 * line lock, no EOI after the handler. bench_irq.c and bench_wq.c start the same
 * bottom halves from a device line (IRQ 10 through the IOAPIC), the way a driver does;
 * those figures show what the line's flow costs on top of these.
 *
 *   irq_work_queue_to_func            irq_work_queue() with interrupts on, to the first
 *                                     line of its function (Linux: irqwork)
 *   tasklet_schedule_irq_work         the tasklet_schedule() call, in the irq_work
 *                                     function (Linux: tasklet_irq cost)
 *   tasklet_irq_work_to_run           tasklet_schedule() there, to the first line of
 *                                     the tasklet (Linux: tasklet_irq latency)
 *   workqueue_irq_work_to_run         queue_work(system_wq) there, to the first line of
 *                                     the work function (Linux: wq_system_irq)
 *   workqueue_highpri_irq_work_to_run the same on system_highpri_wq (Linux:
 *                                     wq_highpri_irq, a WQ_HIGHPRI queue)
 *
 * Needs the LAPIC's IPI: with the 8259 an irq_work waits for the next tick, and these are
 * reported as skipped. */
#include <irqlab/errno.h>
#include <irqlab/irq_work.h>
#include <irqlab/sched.h>
#include <irqlab/workqueue.h>
#include "bench.h"

/* Bounds the wait for a tasklet that should have run before irq_work_queue() returned:
 * counted in loops, not time, so a slow host cannot make it fail. */
#define TASKLET_WAIT_LOOPS      10000000

enum { MODE_FUNC, MODE_TASKLET, MODE_TASKLET_COST, MODE_WORK };
static int mode;
static u64 schedule_cost;
static struct workqueue_struct *target_wq;
static void bench_irq_work_fn(struct irq_work *w)
{
	(void)w;
	bench_stamp(BS_HANDLER);
	if (mode == MODE_FUNC) {
		bench_mark_end();
	} else if (mode == MODE_WORK) {
		bench_queue_work(target_wq);
	} else {
		bench_schedule_tasklet(mode == MODE_TASKLET_COST ? &schedule_cost : NULL);
	}
}

static struct irq_work bench_irq_work = IRQ_WORK_INIT(bench_irq_work_fn);

static int run_irq_work_bench(u32 *s, int n, int which, struct workqueue_struct *wq)
{
	if (!arch_irq_work_has_interrupt())
		return -ENODEV;
	mode = which;
	target_wq = wq;
	for (int i = 0; i < n; i++) {
		int loops = 0;

		bench_work_reset();
		bench_t1 = 0;
		bench_breakdown_begin();
		if (which == MODE_FUNC)
			bench_t0 = rdtsc();
		irq_work_queue(&bench_irq_work);
		bench_breakdown_end();
		if (which == MODE_WORK) {
			if (!bench_work_wait())
				return -1;      /* the item never ran: a broken path, not a number */
		} else {
			/* The self-IPI is taken at once; the tasklet ran at its irq_exit. */
			while (!bench_t1 && loops++ < TASKLET_WAIT_LOOPS)
				cpu_relax();
			if (!bench_t1)
				return -1;
		}
		s[i] = which == MODE_TASKLET_COST ? (u32)schedule_cost : (u32)(bench_t1 - bench_t0);
	}
	return n;
}

static int bench_irq_work_func(u32 *s, int n)
{
	return run_irq_work_bench(s, n, MODE_FUNC, NULL);
}

static int bench_tasklet_schedule_irq_work(u32 *s, int n)
{
	return run_irq_work_bench(s, n, MODE_TASKLET_COST, NULL);
}

static int bench_tasklet_irq_work(u32 *s, int n)
{
	return run_irq_work_bench(s, n, MODE_TASKLET, NULL);
}

static int bench_wq_irq_work(u32 *s, int n)
{
	return run_irq_work_bench(s, n, MODE_WORK, system_wq);
}

static int bench_wq_highpri_irq_work(u32 *s, int n)
{
	return run_irq_work_bench(s, n, MODE_WORK, system_highpri_wq);
}

DEFINE_BENCH(irq_work_queue_to_func, 32, "irq_work_queue_to_func", bench_irq_work_func);
DEFINE_BENCH(tasklet_schedule_irq_work, 52, "tasklet_schedule_irq_work",
	     bench_tasklet_schedule_irq_work);
DEFINE_BENCH(tasklet_irq_work_to_run, 62, "tasklet_irq_work_to_run", bench_tasklet_irq_work);
DEFINE_BENCH(workqueue_irq_work_to_run, 72, "workqueue_irq_work_to_run", bench_wq_irq_work);
DEFINE_BENCH(workqueue_highpri_irq_work_to_run, 82, "workqueue_highpri_irq_work_to_run",
	     bench_wq_highpri_irq_work);
