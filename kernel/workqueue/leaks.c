/* kernel/workqueue/leaks.c - the module leak checker's look at the work queues
 * (include/irqlab/modleak.h): queues a module made and did not destroy, and its work
 * items still queued, held back, armed or running.
 *
 * Locks, in the order the rest of kernel/workqueue/ takes them: workqueues_lock, then
 * one pool's lock at a time (internal.h), or a queue's armed_lock alone. */
#include <irqlab/modleak.h>
#include <irqlab/vsprintf.h>
#include "internal.h"

/* api: how such an item is set up; an item found armed is a delayed one. */
static void work_scan_one(struct mod_leak_scan *s, struct work_struct *work,
			  work_func_t fn, const char *state, const char *where, const char *api)
{
	struct mod_leak *l;

	if ((!mod_leak_within(s, work) && !mod_leak_within(s, fn)) || !(l = mod_leak_add(s)))
		return;
	snprintf(l->what, sizeof(l->what), "work item");
	l->fn = (unsigned long)fn;
	if (work->caller) {
		l->api = api;
		l->caller = work->caller;
	}
	snprintf(l->state, sizeof(l->state), "%s %s", state, where);
}

/* Items on a pool's worklist, on its workers' scheduled lists, and running. pool->lock
 * held. */
static void pool_scan(struct mod_leak_scan *s, struct worker_pool *pool)
{
	struct work_struct *work;
	struct worker *worker;

	list_for_each_entry(work, &pool->worklist, entry)
		work_scan_one(s, work, work->func, "queued on", pool->flags & POOL_BH ?
			      "a BH pool" : "a pool's worklist", "INIT_WORK");
	list_for_each_entry(worker, &pool->workers, node) {
		list_for_each_entry(work, &worker->scheduled, entry)
			work_scan_one(s, work, work->func, "scheduled on", worker->desc,
				      "INIT_WORK");
		if (worker->current_work)
			work_scan_one(s, worker->current_work, worker->current_func,
				      "running on", worker->desc, "INIT_WORK");
	}
}

/* The module's queue itself, and the items any queue holds back (max_active) or has
 * armed a timer for. workqueues_lock held. */
static void wq_scan(struct mod_leak_scan *s, struct workqueue_struct *wq)
{
	struct delayed_work *dwork;
	struct work_struct *work;
	struct mod_leak *l;
	unsigned long flags;

	if (mod_leak_within(s, (void *)wq->caller) && (l = mod_leak_add(s))) {
		snprintf(l->what, sizeof(l->what), "workqueue");
		snprintf(l->name, sizeof(l->name), "%s", wq->name);
		snprintf(l->state, sizeof(l->state), "allocated");
		l->api = "alloc_workqueue";
		l->caller = wq->caller;
	}
	for (int i = 0; i < wq_nr_pwqs(wq); i++) {
		struct pool_workqueue *pwq = &wq->pwqs[i];

		spin_lock_irqsave(&pwq->pool->lock, flags);
		list_for_each_entry(work, &pwq->inactive_works, entry)
			work_scan_one(s, work, work->func, "held back on", wq->name,
				      "INIT_WORK");
		spin_unlock_irqrestore(&pwq->pool->lock, flags);
	}
	spin_lock_irqsave(&wq->armed_lock, flags);
	list_for_each_entry(dwork, &wq->armed_dworks, armed)
		work_scan_one(s, &dwork->work, dwork->work.func, "delayed on", wq->name,
			      "INIT_DELAYED_WORK");
	spin_unlock_irqrestore(&wq->armed_lock, flags);
}

void workqueue_scan_module_leaks(struct mod_leak_scan *s)
{
	struct workqueue_struct *wq;
	unsigned long flags;

	spin_lock_irqsave(&workqueues_lock, flags);
	list_for_each_entry(wq, &workqueues, list)
		wq_scan(s, wq);
	spin_unlock_irqrestore(&workqueues_lock, flags);
	for (int id = 0; id < nr_worker_pools(); id++) {
		struct worker_pool *pool = get_worker_pool(id);

		spin_lock_irqsave(&pool->lock, flags);
		pool_scan(s, pool);
		spin_unlock_irqrestore(&pool->lock, flags);
	}
}
