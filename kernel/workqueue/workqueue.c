/* kernel/workqueue/workqueue.c - work items: queueing and cancelling (flush.c waits
 * for them).
 *
 * Who owns an item is said by one bit, PENDING, in work->data. queue_work() takes it
 * with a LOCKed test-and-set (of two CPUs queueing the same idle item exactly one
 * wins) and puts the item on a list; the worker clears it just before calling the
 * function; a canceller takes it from whoever holds it (the timer, the list) and keeps
 * it while it waits, so that nobody can queue the item behind its back. The other bits
 * and the pwq/pool fields are written only by PENDING's owner, under the lock of the
 * pool the item is on.
 *
 * An item is never run by two CPUs at once: queueing one that still runs on another
 * CPU's pool puts it on that pool (the one it ran on last, work->pool), behind the
 * running instance, as Linux's __queue_work() does.
 */
#include <irqlab/atomic.h>
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/panic.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/trace.h>
#include "internal.h"

static DECLARE_WAIT_QUEUE_HEAD(cancel_waitq);

static struct pool_workqueue *pwq_for(struct workqueue_struct *wq, int cpu)
{
	/* The pwqs of every CPU exist from alloc_workqueue(): no NULL to check. */
	return (wq->flags & WQ_UNBOUND) ? &wq->pwqs[0] : &wq->pwqs[cpu];
}

/* Is the caller an item of wq (queueing more on it while it drains is allowed)? */
static bool is_chained_work(struct workqueue_struct *wq)
{
	struct worker *worker = current_wq_worker();

	return worker && worker->current_pwq && worker->current_pwq->wq == wq;
}

bool wq_refuses(struct workqueue_struct *wq, struct work_struct *work)
{
	return unlikely(wq->flags & (__WQ_DRAINING | __WQ_DESTROYING)) &&
	       WARN(!is_chained_work(wq), "workqueue %s is being %s: %s not queued\n", wq->name,
		    (wq->flags & __WQ_DESTROYING) ? "destroyed" : "drained",
		    wq_func_name(work->func));
}

/* The pool to put work on: the one of cpu (WORK_CPU_UNBOUND: this CPU), or the one
 * where it is still running. Returns that pool locked; *pwqp is wq's pwq there. One lock
 * round trip unless the item last ran on another pool. Interrupts off. */
static struct worker_pool *lock_target_pool(int cpu, struct workqueue_struct *wq,
					    struct work_struct *work,
					    struct pool_workqueue **pwqp)
{
	struct pool_workqueue *pwq = pwq_for(wq, cpu);
	struct worker_pool *last_pool = get_work_pool(work);

	if (last_pool && last_pool != pwq->pool) {
		struct worker *worker;

		spin_lock(&last_pool->lock);
		worker = find_worker_executing_work(last_pool, work);
		if (worker && worker->current_pwq->wq == wq) {
			*pwqp = worker->current_pwq;
			return last_pool;
		}
		spin_unlock(&last_pool->lock);
	}
	spin_lock(&pwq->pool->lock);
	*pwqp = pwq;
	return pwq->pool;
}

/* Puts work, whose PENDING the caller holds, on wq. Interrupts off. False if wq is
 * draining and the caller is not one of its items (the caller then clears PENDING). */
bool __queue_work(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	struct pool_workqueue *pwq;
	struct worker_pool *pool;
	unsigned long color_flag;

	if (wq_refuses(wq, work))
		return false;
	/* A CPU the machine does not have (the notes' examples default to cpu=2): Linux
	 * would index past its per-CPU queues; irqlab says so once and uses this CPU. */
	if (cpu == WORK_CPU_UNBOUND ||
	    WARN_ONCE(cpu < 0 || !cpu_possible((unsigned int)cpu),
		      "workqueue: queue_work_on() for CPU %d, which this machine does not "
		      "have: queued on CPU %u\n", cpu, smp_processor_id()))
		cpu = (int)smp_processor_id();
	pool = lock_target_pool(cpu, wq, work, &pwq);
	if (WARN_ON_ONCE(!list_empty(&work->entry))) {
		spin_unlock(&pool->lock);
		return false;
	}
	trace_event(TRACE_WORK_QUEUE, (u32)work->func, (u32)work);
	pwq->nr_in_flight[pwq->work_color]++;
	color_flag = pwq->work_color ? WORK_STRUCT_COLOR : 0;
	if (likely(pwq->nr_active < pwq->max_active)) {
		pwq->nr_active++;
		insert_work(pwq, work, &pool->worklist, color_flag);
		kick_pool(pool);
	} else {
		insert_work(pwq, work, &pwq->inactive_works, color_flag | WORK_STRUCT_INACTIVE);
	}
	spin_unlock(&pool->lock);
	return true;
}

/* queue_work_on() and queue_delayed_work_on(): queue the item only if this call is the
 * one that takes PENDING; a delayed item (dwork, else NULL) goes on its timer for delay
 * jiffies first. The preempt_disable() around the interrupts-off section: a SCHED_FIFO
 * kworker woken inside it runs at the preempt_enable(), as soon as interrupts are back
 * on, instead of at the next tick. */
bool try_queue_work(int cpu, struct workqueue_struct *wq, struct work_struct *work,
		    struct delayed_work *dwork, unsigned long delay)
{
	unsigned long flags;
	bool ret = false;

	preempt_disable();
	/* LAB 5 BEGIN queue-work: queue it only if this call is the one that takes PENDING */
	local_irq_save(flags);
	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, &work->data)) {
		ret = dwork ? __queue_delayed_work(cpu, wq, dwork, delay) :
			      __queue_work(cpu, wq, work);
		if (!ret)
			work->data &= ~WORK_STRUCT_PENDING;
	}
	local_irq_restore(flags);
	/* LAB 5 STUB
	local_irq_save(flags);
	if (list_empty(&work->entry))
		ret = dwork ? __queue_delayed_work(cpu, wq, dwork, delay) :
			      __queue_work(cpu, wq, work);
	local_irq_restore(flags);
	LAB 5 END */
	preempt_enable();
	return ret;
}

bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	return try_queue_work(cpu, wq, work, NULL, 0);
}
EXPORT_SYMBOL(queue_work_on);

/* An item left a list or a worker: count it out of max_active and of its flush colour,
 * start an item max_active held back, wake a flusher waiting for the colour. pool->lock
 * held. work_data is the item's data as it was queued (the item itself may be gone). */
static void pwq_activate_work(struct pool_workqueue *pwq, struct work_struct *work)
{
	move_linked_works(work, &pwq->pool->worklist);
	work->data &= ~WORK_STRUCT_INACTIVE;
	pwq->nr_active++;
	kick_pool(pwq->pool);
}

/* Starts the items max_active held back while the limit allows (it was raised). */
void pwq_activate_held_back(struct pool_workqueue *pwq)
{
	while (!list_empty(&pwq->inactive_works) && pwq->nr_active < pwq->max_active)
		pwq_activate_work(pwq, list_first_entry(&pwq->inactive_works,
							struct work_struct, entry));
}

void pwq_dec_nr_in_flight(struct pool_workqueue *pwq, unsigned long work_data)
{
	struct workqueue_struct *wq = pwq->wq;
	unsigned int color = get_work_color(work_data);

	/* INACTIVE on a finished item means "never counted": a barrier. */
	if (!(work_data & WORK_STRUCT_INACTIVE)) {
		pwq->nr_active--;
		pwq_activate_held_back(pwq);
	}
	if (--pwq->nr_in_flight[color] == 0 && pwq->flush_color == (int)color)
		wake_up(&wq->flush_wait);
}

/* --- cancelling ---------------------------------------------------------------------- */

/* Takes PENDING for the caller. Interrupts off. Returns 1 if work was pending (its
 * timer disarmed, or taken off its list), 0 if it was idle, -ENOENT if another thread
 * is cancelling it, -EAGAIN if it is between owners - PENDING taken by a queueing on
 * another CPU that has not yet put it on a list, or its timer firing there: the caller
 * lets interrupts in and tries again, the other CPU finishes in a moment. */
int try_to_grab_pending(struct work_struct *work, bool is_dwork)
{
	struct worker_pool *pool;

	if (is_dwork) {
		struct delayed_work *dwork = to_delayed_work(work);

		if (del_timer(&dwork->timer)) {
			dwork_disarmed(dwork);
			return 1;
		}
	}
	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, &work->data))
		return 0;
	pool = get_work_pool(work);
	if (pool) {
		spin_lock(&pool->lock);
		/* On a list of this pool? data before pwq: see get_work_pool(). */
		if ((READ_ONCE(work->data) & WORK_STRUCT_PWQ) &&
		    READ_ONCE(work->pwq)->pool == pool) {
			struct pool_workqueue *pwq = work->pwq;

			/* An item held back by max_active may have barriers linked behind
			 * it: start it first, so they move to the worklist and do not wait
			 * behind the limit. */
			if (work->data & WORK_STRUCT_INACTIVE)
				pwq_activate_work(pwq, work);
			list_del_init(&work->entry);
			pwq_dec_nr_in_flight(pwq, work->data);
			work->data = WORK_STRUCT_PENDING;
			spin_unlock(&pool->lock);
			return 1;
		}
		spin_unlock(&pool->lock);
	}
	if (READ_ONCE(work->data) & WORK_OFFQ_CANCELING)
		return -ENOENT;
	return -EAGAIN;
}

static bool __cancel_work(struct work_struct *work, bool is_dwork)
{
	unsigned long flags;
	int ret;

	for (;;) {
		local_irq_save(flags);
		ret = try_to_grab_pending(work, is_dwork);
		if (ret != -EAGAIN)
			break;
		local_irq_restore(flags);
		cpu_relax();
	}
	if (ret >= 0)
		work->data = 0;
	local_irq_restore(flags);
	return ret > 0;
}

bool cancel_work(struct work_struct *work)
{
	return __cancel_work(work, false);
}
EXPORT_SYMBOL(cancel_work);

bool cancel_delayed_work(struct delayed_work *dwork)
{
	return __cancel_work(&dwork->work, true);
}
EXPORT_SYMBOL(cancel_delayed_work);

static bool __cancel_work_sync(struct work_struct *work, bool is_dwork)
{
	unsigned long flags;
	int ret;

	if (!wq_may_sleep())
		return false;
	for (;;) {
		local_irq_save(flags);
		ret = try_to_grab_pending(work, is_dwork);
		if (ret >= 0)
			break;
		local_irq_restore(flags);
		if (ret == -ENOENT)     /* the first canceller is waiting; wait for it */
			wait_event(cancel_waitq,
				   !(READ_ONCE(work->data) & WORK_OFFQ_CANCELING));
		else
			cpu_relax();    /* -EAGAIN: another CPU is putting it on a list */
	}
	/* We hold PENDING: queue_work() fails until we let go, so an item that queues
	 * itself cannot slip past us while we wait for the running instance. */
	work->data |= WORK_OFFQ_CANCELING;
	local_irq_restore(flags);
	flush_work(work);

	local_irq_save(flags);
	work->data = 0;
	local_irq_restore(flags);
	wake_up_all(&cancel_waitq);
	return ret > 0;
}

bool cancel_work_sync(struct work_struct *work)
{
	return __cancel_work_sync(work, false);
}
EXPORT_SYMBOL_GPL(cancel_work_sync);

bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	return __cancel_work_sync(&dwork->work, true);
}
EXPORT_SYMBOL(cancel_delayed_work_sync);
