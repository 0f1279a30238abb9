/* kernel/workqueue/flush.c - waiting for a work item: flush_work() and work_busy().
 *
 * flush_work() does not poll: it queues a barrier - a work item on the flusher's stack
 * whose function completes a completion - right behind the item (linked to it, so the
 * two are taken together), or at the head of the list of the worker running the item,
 * on whichever CPU's pool that is. When the barrier runs, the item has finished.
 */
#include <irqlab/export.h>
#include <irqlab/panic.h>
#include <irqlab/sched.h>
#include "internal.h"

struct wq_barrier {
	struct work_struct work;
	struct completion done;
};

static void wq_barrier_func(struct work_struct *work)
{
	struct wq_barrier *barr = container_of(work, struct wq_barrier, work);

	complete(&barr->done);
}

bool work_is_barrier(struct work_struct *work)
{
	return work->func == wq_barrier_func;
}

/* Queues barr to run right after target: behind it on its list (and linked, so the
 * worker that takes target takes barr too), or first in the list of worker, which is
 * running target. It does not count against max_active. pool->lock held. */
static void insert_wq_barrier(struct pool_workqueue *pwq, struct wq_barrier *barr,
			      struct work_struct *target, struct worker *worker)
{
	unsigned long extra = WORK_STRUCT_INACTIVE;
	struct list_head *head;
	unsigned int color;

	INIT_WORK(&barr->work, wq_barrier_func);
	init_completion(&barr->done);
	if (worker) {
		head = worker->scheduled.next;
		color = worker->current_color;
	} else {
		head = target->entry.next;
		extra |= target->data & WORK_STRUCT_LINKED;     /* a chain of barriers */
		color = get_work_color(target->data);
		target->data |= WORK_STRUCT_LINKED;
	}
	pwq->nr_in_flight[color]++;
	insert_work(pwq, &barr->work, head, extra | (color ? WORK_STRUCT_COLOR : 0));
}

/* True if a barrier was queued behind work (queued or running), false if it is idle.
 * work->pool is read before its lock is taken: if the item moved to another pool in
 * between (it ran and was queued again elsewhere), look there. */
static bool start_flush_work(struct work_struct *work, struct wq_barrier *barr)
{
	struct worker_pool *pool;
	struct pool_workqueue *pwq;
	struct worker *worker;
	unsigned long flags;

	local_irq_save(flags);
	for (;;) {
		pool = get_work_pool(work);
		if (!pool)
			break;
		spin_lock(&pool->lock);
		worker = NULL;
		if (READ_ONCE(work->data) & WORK_STRUCT_PWQ) {
			pwq = READ_ONCE(work->pwq);
			if (unlikely(pwq->pool != pool)) {
				spin_unlock(&pool->lock);
				continue;
			}
		} else {
			worker = find_worker_executing_work(pool, work);
			pwq = worker ? worker->current_pwq : NULL;
		}
		if (pwq)
			insert_wq_barrier(pwq, barr, work, worker);
		spin_unlock(&pool->lock);
		local_irq_restore(flags);
		return pwq;
	}
	local_irq_restore(flags);
	return false;
}

bool flush_work(struct work_struct *work)
{
	struct worker *self = current_wq_worker();
	struct wq_barrier barr;

	if (!wq_may_sleep())
		return false;
	if (WARN(self && self->current_work == work,
		 "flush_work() of %s from its own function would wait forever\n",
		 wq_func_name(work->func)))
		return false;
	if (!start_flush_work(work, &barr))
		return false;
	wait_for_completion(&barr.done);
	return true;
}
EXPORT_SYMBOL_GPL(flush_work);

unsigned int work_busy(struct work_struct *work)
{
	unsigned int ret = work_pending(work) ? WORK_BUSY_PENDING : 0;
	struct worker_pool *pool;
	unsigned long flags;

	local_irq_save(flags);
	pool = get_work_pool(work);
	if (pool) {
		spin_lock(&pool->lock);
		if (find_worker_executing_work(pool, work))
			ret |= WORK_BUSY_RUNNING;
		spin_unlock(&pool->lock);
	}
	local_irq_restore(flags);
	return ret;
}
EXPORT_SYMBOL_GPL(work_busy);
