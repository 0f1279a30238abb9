/* kernel/workqueue/bh.c - WQ_BH: work items that run in softirq context.
 *
 * Linux 6.9 added BH work queues to take over from tasklets: the work queue API (queue,
 * flush, cancel, max_active 0 only), with the items run in softirq context, as a
 * tasklet is - no thread switch, and no sleeping (might_sleep() reports it) - on the CPU
 * that queued them, or the one queue_work_on() names. Only a CPU can raise its own
 * softirqs: another CPU's pool is kicked with an irq_work, whose IPI raises the softirq
 * there in hard-IRQ context, for that interrupt's exit to run (Linux: kick_bh_pool()). Each CPU has two BH pools: the normal one runs from TASKLET_SOFTIRQ, the
 * high-priority one from HI_SOFTIRQ, each before that vector's tasklets
 * (kernel/tasklet.c calls workqueue_softirq_action()). A BH pool's one worker is a
 * struct worker without a thread: the softirq is its thread, so the pool code that
 * picks, runs and flushes items is the same as for kworkers.
 */
#include <irqlab/panic.h>
#include <irqlab/softirq.h>
#include <irqlab/vsprintf.h>
#include "internal.h"

/* One softirq round runs at most this many items or for this long, then raises the
 * softirq again: a flood of BH work shares the CPU like a flood of softirqs does. */
#define BH_WORKER_RESTARTS      10
#define BH_WORKER_JIFFIES       msecs_to_jiffies(2)

/* Indexed by CPU, as the thread pools are (pool.c says why). */
static struct worker_pool bh_worker_pools[NR_CPUS][NR_STD_WORKER_POOLS];

struct worker_pool *bh_pool(int cpu, bool highpri)
{
	return &bh_worker_pools[cpu][highpri];
}

static void raise_bh_softirq(struct worker_pool *pool)
{
	raise_softirq_irqoff((pool->flags & POOL_HIGHPRI) ? HI_SOFTIRQ : TASKLET_SOFTIRQ);
}

/* pool->bh_kick's function: on the pool's CPU, in hard-IRQ context. */
static void bh_pool_kick_irq_work(struct irq_work *work)
{
	raise_bh_softirq(container_of(work, struct worker_pool, bh_kick));
}

static void init_bh_pool_worker(struct worker_pool *pool)
{
	if (!pool->nr_workers && !create_worker(pool))
		panic("workqueue: cannot set up the BH pool %s", pool->name);
}

/* Every CPU's BH pools exist from here; the boot CPU's get their worker now (boot code
 * may queue BH work), the others' in register_bh_pools(), once those CPUs are up. Until
 * then a CPU's softirq passes its BH pools by: nothing there queues BH work before. */
void init_bh_pools(void)
{
	char name[24];

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		for (int highpri = 0; highpri < NR_STD_WORKER_POOLS; highpri++) {
			snprintf(name, sizeof(name), "cpu%d-bh%s", cpu, highpri ? "-highpri" : "");
			init_worker_pool(bh_pool(cpu, highpri), cpu,
					 POOL_BH | (highpri ? POOL_HIGHPRI : 0), name);
			init_irq_work(&bh_pool(cpu, highpri)->bh_kick, bh_pool_kick_irq_work);
		}
	}
	for (int highpri = 0; highpri < NR_STD_WORKER_POOLS; highpri++)
		init_bh_pool_worker(bh_pool((int)smp_processor_id(), highpri));
}

void register_bh_pools(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		for (int highpri = 0; highpri < NR_STD_WORKER_POOLS; highpri++) {
			register_worker_pool(bh_pool((int)cpu, highpri));
			init_bh_pool_worker(bh_pool((int)cpu, highpri));
		}
	}
}

/* pool->lock held (interrupts off). */
void kick_bh_pool(struct worker_pool *pool)
{
	if (pool->cpu == (int)smp_processor_id())
		raise_bh_softirq(pool);
	else
		irq_work_queue_on(&pool->bh_kick, (unsigned int)pool->cpu);
}

/* worker_thread() without the thread: softirq context, interrupts on. */
static void bh_worker(struct worker *worker)
{
	struct worker_pool *pool = worker->pool;

	spin_lock_irq(&pool->lock);
	worker_leave_idle(worker);
	if (need_more_worker(pool))
		worker_process_worklist(worker, BH_WORKER_RESTARTS, jiffies + BH_WORKER_JIFFIES);
	worker_enter_idle(worker);
	kick_pool(pool);        /* items left over: raise the softirq for another round */
	spin_unlock_irq(&pool->lock);
}

void workqueue_softirq_action(bool highpri)
{
	struct worker_pool *pool = bh_pool((int)smp_processor_id(), highpri);

	/* Its worker is added once, before nr_workers counts it (under pool->lock). */
	if (READ_ONCE(pool->nr_workers) && need_more_worker(pool))
		bh_worker(list_first_entry(&pool->workers, struct worker, node));
}
