/* kernel/workqueue/wq.c - the queues themselves: creating, flushing, draining and
 * destroying them; the system queues; bringing work queues up at boot.
 *
 * A queue is light: a name, flags, and one pool_workqueue per pool it feeds, which
 * holds its max_active limit and its flush counts. The threads belong to the pools,
 * which every queue of the same kind shares (pool.c).
 */
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/panic.h>
#include <irqlab/printk.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "internal.h"

struct workqueue_struct *system_wq;
EXPORT_SYMBOL(system_wq);
struct workqueue_struct *system_highpri_wq;
struct workqueue_struct *system_unbound_wq;
struct workqueue_struct *system_bh_wq;
struct workqueue_struct *system_bh_highpri_wq;

DEFINE_SPINLOCK(workqueues_lock);
LIST_HEAD(workqueues);
static bool wq_online;          /* kworkers can be created (workqueue_init() ran) */

static struct worker_pool *pool_for(unsigned int flags, int cpu)
{
	bool highpri = flags & WQ_HIGHPRI;

	if (flags & WQ_BH)
		return bh_pool(cpu, highpri);
	if (flags & WQ_UNBOUND)
		return unbound_pool(highpri);
	return cpu_pool(cpu, highpri);
}

/* Linux's wq_clamp_max_active(), with its warning. */
static int wq_clamp_max_active(int max_active, const char *name)
{
	if (max_active >= 1 && max_active <= WQ_MAX_ACTIVE)
		return max_active;
	pr_warn("workqueue: max_active %d requested for %s is out of range, clamping between "
		"%d and %d\n", max_active, name, 1, WQ_MAX_ACTIVE);
	return max_active < 1 ? 1 : WQ_MAX_ACTIVE;
}

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...)
{
	const unsigned int known = WQ_BH | WQ_UNBOUND | WQ_HIGHPRI | WQ_CPU_INTENSIVE | WQ_SYSFS |
				   __WQ_ORDERED;
	struct workqueue_struct *wq;
	unsigned long irqflags;
	va_list ap;

	if (WARN(flags & ~known, "alloc_workqueue(%s): unknown flags 0x%x\n", fmt, flags & ~known))
		return NULL;
	/* Linux's rules for BH queues: they run on the CPU that queued (never unbound), and
	 * a softirq runs one item at a time anyway, so max_active is not theirs to set. */
	if (flags & WQ_BH) {
		if (WARN(flags & ~(WQ_BH | WQ_HIGHPRI), "alloc_workqueue(%s): WQ_BH allows only "
			 "WQ_HIGHPRI besides\n", fmt) ||
		    WARN(max_active, "alloc_workqueue(%s): WQ_BH needs max_active 0\n", fmt))
			return NULL;
	}
	/* Linux's rule: an ordered queue's max_active is its order; it may not be shown
	 * where it could be changed. */
	if (WARN((flags & (WQ_SYSFS | __WQ_ORDERED)) == (WQ_SYSFS | __WQ_ORDERED),
		 "alloc_workqueue(%s): WQ_SYSFS on an ordered queue\n", fmt))
		return NULL;
	wq = kzalloc(sizeof(*wq), GFP_KERNEL);
	if (!wq)
		return NULL;
	va_start(ap, max_active);
	vsnprintf(wq->name, sizeof(wq->name), fmt, ap);
	va_end(ap);
	max_active = wq_clamp_max_active(max_active ? max_active : WQ_DFL_ACTIVE, wq->name);
	wq->flags = flags;
	wq->caller = (unsigned long)__builtin_return_address(0);
	wq->saved_max_active = max_active;
	mutex_init(&wq->flush_mutex);
	init_waitqueue_head(&wq->flush_wait);
	spin_lock_init(&wq->armed_lock);
	INIT_LIST_HEAD(&wq->armed_dworks);
	INIT_LIST_HEAD(&wq->list);
	for (int cpu = 0; cpu < wq_nr_pwqs(wq); cpu++) {
		struct pool_workqueue *pwq = &wq->pwqs[cpu];

		pwq->pool = pool_for(flags, cpu);
		pwq->wq = wq;
		pwq->max_active = max_active;
		pwq->flush_color = -1;
		INIT_LIST_HEAD(&pwq->inactive_works);
		/* A pool first used now (the unbound high-priority one) gets its first
		 * worker now, as Linux creates unbound pools on demand. */
		if (wq_online && pwq->pool->id >= 0 && !(pwq->pool->flags & POOL_BH) &&
		    !READ_ONCE(pwq->pool->nr_workers))
			create_worker(pwq->pool);
	}
	/* As Linux: no directory (its name is taken), no queue. Nothing can be queued on
	 * it yet, so it goes as it came. */
	if ((flags & WQ_SYSFS) && workqueue_sysfs_register(wq)) {
		pr_err("workqueue: failed to register %s for sysfs\n", wq->name);
		kfree(wq);
		return NULL;
	}
	spin_lock_irqsave(&workqueues_lock, irqflags);
	list_add_tail(&wq->list, &workqueues);
	spin_unlock_irqrestore(&workqueues_lock, irqflags);
	return wq;
}
EXPORT_SYMBOL(alloc_workqueue);

/* Serialises the writers of saved_max_active and the pwqs' max_active (each pwq's is
 * also written under its pool's lock, where __queue_work() reads it). */
static DEFINE_MUTEX(wq_max_active_mutex);

void workqueue_set_max_active(struct workqueue_struct *wq, int max_active)
{
	unsigned long flags;

	if (WARN(wq->flags & (__WQ_ORDERED | WQ_BH),
		 "workqueue_set_max_active(%s): an ordered or BH queue's limit is fixed\n",
		 wq->name))
		return;
	max_active = wq_clamp_max_active(max_active, wq->name);
	mutex_lock(&wq_max_active_mutex);
	WRITE_ONCE(wq->saved_max_active, max_active);
	for (int cpu = 0; cpu < wq_nr_pwqs(wq); cpu++) {
		struct pool_workqueue *pwq = &wq->pwqs[cpu];

		spin_lock_irqsave(&pwq->pool->lock, flags);
		pwq->max_active = max_active;
		pwq_activate_held_back(pwq);
		spin_unlock_irqrestore(&pwq->pool->lock, flags);
	}
	mutex_unlock(&wq_max_active_mutex);
}
EXPORT_SYMBOL_GPL(workqueue_set_max_active);

/* Sum of one flush colour over the queue's pwqs. */
static int nr_in_flight(struct workqueue_struct *wq, unsigned int color)
{
	unsigned long flags;
	int n = 0;

	for (int i = 0; i < wq_nr_pwqs(wq); i++) {
		struct pool_workqueue *pwq = &wq->pwqs[i];

		spin_lock_irqsave(&pwq->pool->lock, flags);
		n += pwq->nr_in_flight[color];
		spin_unlock_irqrestore(&pwq->pool->lock, flags);
	}
	return n;
}

/* Switches each pwq's new items to the other colour, pool by pool; returns the old
 * one. An item queued on a pool not yet switched gets the old colour and is waited
 * for too: it was queued before flush_workqueue() returned, which is all it promises. */
static unsigned int flip_work_color(struct workqueue_struct *wq)
{
	unsigned int color = wq->pwqs[0].work_color;    /* all alike between flushes */
	unsigned long flags;

	for (int i = 0; i < wq_nr_pwqs(wq); i++) {
		struct pool_workqueue *pwq = &wq->pwqs[i];

		spin_lock_irqsave(&pwq->pool->lock, flags);
		pwq->flush_color = (int)color;
		pwq->work_color = color ^ 1;
		spin_unlock_irqrestore(&pwq->pool->lock, flags);
	}
	return color;
}

static void end_flush(struct workqueue_struct *wq)
{
	unsigned long flags;

	for (int i = 0; i < wq_nr_pwqs(wq); i++) {
		struct pool_workqueue *pwq = &wq->pwqs[i];

		spin_lock_irqsave(&pwq->pool->lock, flags);
		pwq->flush_color = -1;
		spin_unlock_irqrestore(&pwq->pool->lock, flags);
	}
}

/* New items take the other colour from now on; wait until none of the old one is left.
 * The item a self-queueing function queues gets the new colour, so this ends. */
void flush_workqueue(struct workqueue_struct *wq)
{
	struct worker *self = current_wq_worker();
	unsigned int color;

	if (!wq_may_sleep())
		return;
	if (WARN(self && self->current_pwq && self->current_pwq->wq == wq,
		 "flush_workqueue(%s) from one of its own items would wait forever\n", wq->name))
		return;
	mutex_lock(&wq->flush_mutex);
	color = flip_work_color(wq);
	wait_event(wq->flush_wait, nr_in_flight(wq, color) == 0);
	end_flush(wq);
	mutex_unlock(&wq->flush_mutex);
}
EXPORT_SYMBOL(flush_workqueue);

static bool wq_is_empty(struct workqueue_struct *wq, bool with_barriers)
{
	unsigned long flags;
	bool empty = true;

	for (int i = 0; i < wq_nr_pwqs(wq); i++) {
		struct pool_workqueue *pwq = &wq->pwqs[i];

		spin_lock_irqsave(&pwq->pool->lock, flags);
		if (pwq->nr_active || !list_empty(&pwq->inactive_works) ||
		    (with_barriers && (pwq->nr_in_flight[0] || pwq->nr_in_flight[1])))
			empty = false;
		spin_unlock_irqrestore(&pwq->pool->lock, flags);
	}
	return empty;
}

void drain_workqueue(struct workqueue_struct *wq)
{
	unsigned int flush_cnt = 0;
	unsigned long flags;

	if (!wq_may_sleep())
		return;
	spin_lock_irqsave(&workqueues_lock, flags);
	if (!wq->nr_drainers++)
		wq->flags |= __WQ_DRAINING;
	spin_unlock_irqrestore(&workqueues_lock, flags);
	for (;;) {
		flush_workqueue(wq);
		if (wq_is_empty(wq, false))
			break;
		/* Its items keep queueing more on it: say so now and then, as Linux does. */
		if (++flush_cnt == 10 || (flush_cnt % 100 == 0 && flush_cnt <= 1000))
			pr_warn("workqueue %s: drain_workqueue() isn't complete after %u tries\n",
				wq->name, flush_cnt);
	}
	spin_lock_irqsave(&workqueues_lock, flags);
	if (!--wq->nr_drainers)
		wq->flags &= ~__WQ_DRAINING;
	spin_unlock_irqrestore(&workqueues_lock, flags);
}
EXPORT_SYMBOL_GPL(drain_workqueue);

/* A delayed item still armed for wq: its timer would queue it on freed memory. */
static void cancel_armed_dworks(struct workqueue_struct *wq)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->armed_lock, flags);
	while (!list_empty(&wq->armed_dworks)) {
		struct delayed_work *dwork = list_first_entry(&wq->armed_dworks,
							      struct delayed_work, armed);

		/* Failing: its timer is firing on another CPU, which takes it off the
		 * list in a moment (needing the lock we let go of meanwhile). */
		if (!del_timer(&dwork->timer)) {
			spin_unlock_irqrestore(&wq->armed_lock, flags);
			cpu_relax();
			spin_lock_irqsave(&wq->armed_lock, flags);
			continue;
		}
		list_del_init(&dwork->armed);
		dwork->work.data = 0;
		spin_unlock_irqrestore(&wq->armed_lock, flags);
		WARN(1, "destroy_workqueue(%s): delayed work %s is still armed (a bug: "
		     "cancel_delayed_work_sync() it first); cancelled\n", wq->name,
		     wq_func_name(dwork->work.func));
		spin_lock_irqsave(&wq->armed_lock, flags);
	}
	spin_unlock_irqrestore(&wq->armed_lock, flags);
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	unsigned long flags;

	if (!wq_may_sleep())
		return;
	cancel_armed_dworks(wq);        /* first, so none fires into the drain */
	drain_workqueue(wq);
	cancel_armed_dworks(wq);        /* armed by its own items while draining */
	spin_lock_irqsave(&workqueues_lock, flags);
	wq->flags |= __WQ_DESTROYING;
	spin_unlock_irqrestore(&workqueues_lock, flags);
	/* Someone still flushing one of its items, say: leaking the queue is better than
	 * freeing memory a worker will write to. */
	if (WARN(!wq_is_empty(wq, true), "destroy_workqueue(%s): still busy; not freed\n",
		 wq->name))
		return;
	workqueue_sysfs_unregister(wq);
	spin_lock_irqsave(&workqueues_lock, flags);
	list_del_init(&wq->list);
	spin_unlock_irqrestore(&workqueues_lock, flags);
	kfree(wq);
}
EXPORT_SYMBOL(destroy_workqueue);

/* No kworker yet, but the queues exist: boot code may queue items from here on; they
 * run once workqueue_init() has created the workers. */
void workqueue_init_early(void)
{
	init_thread_pools();
	init_bh_pools();
	system_wq = alloc_workqueue("events", 0, 0);
	system_highpri_wq = alloc_workqueue("events_highpri", WQ_HIGHPRI, 0);
	system_unbound_wq = alloc_workqueue("events_unbound", WQ_UNBOUND, WQ_MAX_ACTIVE);
	system_bh_wq = alloc_workqueue("events_bh", WQ_BH, 0);
	system_bh_highpri_wq = alloc_workqueue("events_bh_highpri", WQ_BH | WQ_HIGHPRI, 0);
	if (!system_wq || !system_highpri_wq || !system_unbound_wq || !system_bh_wq ||
	    !system_bh_highpri_wq)
		panic("workqueue: cannot create the system work queues");
}

/* After smp_init(): the pools of every CPU that came up get their ids, then each pool
 * a queue uses gets its first worker: kworker/0:0, kworker/0:0H and kworker/u2:0 on one
 * CPU; with two, kworker/1:0 and kworker/1:0H too, bound to CPU 1, and kworker/u4:0.
 * Process context, interrupts on. */
void workqueue_init(void)
{
	register_thread_pools();
	register_bh_pools();
	for (int id = 0; id < nr_worker_pools(); id++) {
		struct worker_pool *pool = get_worker_pool(id);
		struct workqueue_struct *wq;
		bool used = false;
		unsigned long flags;

		if (pool->flags & POOL_BH)
			continue;
		spin_lock_irqsave(&workqueues_lock, flags);
		list_for_each_entry(wq, &workqueues, list)
			for (int i = 0; i < wq_nr_pwqs(wq); i++)
				used |= wq->pwqs[i].pool == pool;
		spin_unlock_irqrestore(&workqueues_lock, flags);
		if (used && !create_worker(pool))
			panic("workqueue: cannot create the first worker of pool %d", id);
		/* Items queued for it before it had a worker. */
		spin_lock_irqsave(&pool->lock, flags);
		kick_pool(pool);
		spin_unlock_irqrestore(&pool->lock, flags);
	}
	wq_online = true;
}
