/* kernel/workqueue/concurrency.c - concurrency management: how many of a pool's
 * workers are running, and waking another when the running one blocks.
 *
 * A pool wants exactly one runnable worker while it has items. pool->nr_running counts
 * the workers that could run items now; a worker leaves that count when it is not
 * running items (WORKER_NOT_RUNNING flags) or when it sleeps inside one - the scheduler
 * tells the pool through wq_worker_sleeping()/wq_worker_running(), called from
 * schedule() (kernel/sched/core.c). When the count drops to zero with items waiting,
 * kick_pool() wakes an idle worker, so an item that sleeps does not stall the others.
 */
#include <irqlab/sched.h>
#include <irqlab/spinlock.h>
#include "internal.h"

/* --- worker states; pool->lock held ------------------------------------------------- */

void worker_set_flags(struct worker *worker, unsigned int flags)
{
	if ((flags & WORKER_NOT_RUNNING) && !(worker->flags & WORKER_NOT_RUNNING))
		worker->pool->nr_running--;
	worker->flags |= flags;
}

void worker_clr_flags(struct worker *worker, unsigned int flags)
{
	unsigned int oflags = worker->flags;

	worker->flags &= ~flags;
	if ((oflags & WORKER_NOT_RUNNING) && !(worker->flags & WORKER_NOT_RUNNING))
		worker->pool->nr_running++;
}

static struct worker *first_idle_worker(struct worker_pool *pool)
{
	return list_empty(&pool->idle_list) ? NULL :
	       list_first_entry(&pool->idle_list, struct worker, entry);
}

/* Wakes an idle worker if the pool needs one. True if it did. pool->lock held. */
bool kick_pool(struct worker_pool *pool)
{
	struct worker *worker = first_idle_worker(pool);

	if (!need_more_worker(pool) || !worker)
		return false;
	if (pool->flags & POOL_BH) {
		kick_bh_pool(pool);
		return true;
	}
	wake_up_process(worker->task);
	return true;
}

/* --- the scheduler's two hooks (kernel/sched/core.c: schedule()) --------------------- */

/* task, a worker, is about to sleep: if it was the pool's only running worker and
 * items wait, wake an idle one to take them. Preemption is off. */
void wq_worker_sleeping(struct task_struct *task)
{
	struct worker *worker = task->data;
	struct worker_pool *pool = worker->pool;
	unsigned long flags;

	if (worker->flags & WORKER_NOT_RUNNING || READ_ONCE(worker->sleeping))
		return;
	WRITE_ONCE(worker->sleeping, true);
	spin_lock_irqsave(&pool->lock, flags);
	pool->nr_running--;
	kick_pool(pool);
	spin_unlock_irqrestore(&pool->lock, flags);
}

/* task, a worker, is running again after sleeping (or after a sleep that did not
 * happen: a wake-up came before the switch). */
void wq_worker_running(struct task_struct *task)
{
	struct worker *worker = task->data;
	unsigned long flags;

	if (!READ_ONCE(worker->sleeping))
		return;
	spin_lock_irqsave(&worker->pool->lock, flags);
	if (!(worker->flags & WORKER_NOT_RUNNING))
		worker->pool->nr_running++;
	WRITE_ONCE(worker->sleeping, false);
	spin_unlock_irqrestore(&worker->pool->lock, flags);
}
