/* kernel/sched/wait.c - wait queues (include/irqlab/wait.h). */
#include <irqlab/export.h>
#include <irqlab/sched.h>
#include <irqlab/wait.h>

void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->head);
}
EXPORT_SYMBOL(init_waitqueue_head);

void init_wait_entry(struct wait_queue_entry *w)
{
	w->flags = 0;
	w->task = current;
	INIT_LIST_HEAD(&w->entry);
}
EXPORT_SYMBOL(init_wait_entry);

static void __prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w,
			      int state, bool exclusive)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (list_empty(&w->entry)) {
		if (exclusive) {
			w->flags |= WQ_FLAG_EXCLUSIVE;
			list_add_tail(&w->entry, &wq->head);
		} else {
			list_add(&w->entry, &wq->head);
		}
	}
	/* The state is set under the lock, after the entry is queued: a wake_up() that
	 * comes between this and schedule() sets us back to TASK_RUNNING, and schedule()
	 * then returns at once instead of sleeping through it. */
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w, int state)
{
	__prepare_to_wait(wq, w, state, false);
}
EXPORT_SYMBOL(prepare_to_wait);

void prepare_to_wait_exclusive(struct wait_queue_head *wq, struct wait_queue_entry *w, int state)
{
	__prepare_to_wait(wq, w, state, true);
}
EXPORT_SYMBOL(prepare_to_wait_exclusive);

void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *w)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	spin_lock_irqsave(&wq->lock, flags);
	if (!list_empty(&w->entry))
		list_del_init(&w->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}
EXPORT_SYMBOL(finish_wait);

/* Wakes every non-exclusive waiter and up to nr_exclusive exclusive ones (0 = all). The
 * woken entries stay queued until their thread runs finish_wait(); waking one twice is
 * harmless. */
void __wake_up(struct wait_queue_head *wq, int nr_exclusive)
{
	struct wait_queue_entry *w, *next;
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_for_each_entry_safe(w, next, &wq->head, entry) {
		bool exclusive = w->flags & WQ_FLAG_EXCLUSIVE;

		if (wake_up_process(w->task) && exclusive && --nr_exclusive == 0)
			break;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}
EXPORT_SYMBOL(__wake_up);
