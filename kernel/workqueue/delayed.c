/* kernel/workqueue/delayed.c - delayed work: a work item with a timer in front.
 *
 * queue_delayed_work() arms the item's timer_list; when it fires (TIMER_SOFTIRQ) the
 * timer function queues the item like queue_work() would. While the timer is armed the
 * item is PENDING, so queueing it again is a no-op, and cancelling takes it off the
 * timer (try_to_grab_pending() in workqueue.c). Each queue keeps a list of the items
 * armed for it, for destroy_workqueue() to find the ones its caller forgot (under
 * wq->armed_lock: the timer may fire on one CPU while another arms or cancels).
 *
 * The timer fires on whichever CPU runs it; the item then goes to the pool of the CPU
 * it was queued for (dwork->cpu), as queue_work_on() would put it.
 */
#include <irqlab/export.h>
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/panic.h>
#include <irqlab/sched.h>
#include "internal.h"

static void dwork_armed(struct workqueue_struct *wq, struct delayed_work *dwork)
{
	spin_lock(&wq->armed_lock);
	list_add_tail(&dwork->armed, &wq->armed_dworks);
	spin_unlock(&wq->armed_lock);
}

/* Its timer was disarmed, or has fired, by the caller, who holds PENDING. Interrupts
 * off. */
void dwork_disarmed(struct delayed_work *dwork)
{
	struct workqueue_struct *wq = dwork->wq;

	spin_lock(&wq->armed_lock);
	list_del_init(&dwork->armed);
	spin_unlock(&wq->armed_lock);
}

/* TIMER_SOFTIRQ, interrupts off (TIMER_IRQSAFE): no hard-IRQ handler on this CPU can
 * find the item off its timer and not yet on its queue (another CPU can, and then
 * tries again: try_to_grab_pending's -EAGAIN). */
void delayed_work_timer_fn(struct timer_list *t)
{
	struct delayed_work *dwork = from_timer(dwork, t, timer);

	dwork_disarmed(dwork);
	if (!__queue_work(dwork->cpu, dwork->wq, &dwork->work))
		dwork->work.data &= ~WORK_STRUCT_PENDING;
}
EXPORT_SYMBOL(delayed_work_timer_fn);

/* PENDING held by the caller; interrupts off. */
bool __queue_delayed_work(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			  unsigned long delay)
{
	WARN_ON_ONCE(dwork->timer.function != delayed_work_timer_fn);
	/* Armed already: a caller that holds PENDING without owning the item. Refused, as
	 * __queue_work() refuses an item already on a list: arming it twice would put its
	 * node on the armed list twice. */
	if (WARN_ON_ONCE(timer_pending(&dwork->timer)))
		return false;
	if (!delay)
		return __queue_work(cpu, wq, &dwork->work);
	if (wq_refuses(wq, &dwork->work))
		return false;
	dwork->wq = wq;
	dwork->cpu = cpu;
	dwork_armed(wq, dwork);         /* destroy_workqueue() checks */
	mod_timer(&dwork->timer, jiffies + delay);
	return true;
}

bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			   unsigned long delay)
{
	return try_queue_work(cpu, wq, &dwork->work, dwork, delay);
}
EXPORT_SYMBOL(queue_delayed_work_on);

bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			 unsigned long delay)
{
	unsigned long flags;
	int ret;

	preempt_disable();
	local_irq_save(flags);
	ret = try_to_grab_pending(&dwork->work, true);
	if (ret >= 0 && !__queue_delayed_work(cpu, wq, dwork, delay))
		dwork->work.data = 0;
	local_irq_restore(flags);
	preempt_enable();
	/* Being cancelled (-ENOENT) counts as pending, as in Linux: it was, and it will
	 * not run. */
	return ret == 1 || ret == -ENOENT;
}
EXPORT_SYMBOL_GPL(mod_delayed_work_on);

bool flush_delayed_work(struct delayed_work *dwork)
{
	unsigned long flags;

	preempt_disable();
	local_irq_save(flags);
	if (del_timer(&dwork->timer)) {
		dwork_disarmed(dwork);
		if (!__queue_work(dwork->cpu, dwork->wq, &dwork->work))
			dwork->work.data &= ~WORK_STRUCT_PENDING;
	}
	local_irq_restore(flags);
	preempt_enable();
	return flush_work(&dwork->work);
}
EXPORT_SYMBOL(flush_delayed_work);
