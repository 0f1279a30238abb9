/* kernel/sched/completion.c - "it has happened", counted (include/irqlab/wait.h). */
#include <irqlab/export.h>
#include <irqlab/sched.h>
#include <irqlab/wait.h>

#define COMPLETE_ALL_DONE (~0u >> 1)    /* complete_all(): every wait succeeds from now on */

void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}
EXPORT_SYMBOL(init_completion);

void reinit_completion(struct completion *x)
{
	x->done = 0;
}
EXPORT_SYMBOL(reinit_completion);

void complete(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done != COMPLETE_ALL_DONE)
		x->done++;
	spin_unlock_irqrestore(&x->wait.lock, flags);
	wake_up(&x->wait);
}
EXPORT_SYMBOL(complete);

void complete_all(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	x->done = COMPLETE_ALL_DONE;
	spin_unlock_irqrestore(&x->wait.lock, flags);
	wake_up_all(&x->wait);
}
EXPORT_SYMBOL(complete_all);

bool try_wait_for_completion(struct completion *x)
{
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done) {
		if (x->done != COMPLETE_ALL_DONE)
			x->done--;
		ok = true;
	}
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return ok;
}
EXPORT_SYMBOL(try_wait_for_completion);

bool completion_done(struct completion *x)
{
	return READ_ONCE(x->done) != 0;
}
EXPORT_SYMBOL(completion_done);

unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	struct wait_queue_entry w;
	long left = (long)timeout;

	might_sleep();
	init_wait_entry(&w);
	while (!try_wait_for_completion(x)) {
		prepare_to_wait_exclusive(&x->wait, &w, TASK_UNINTERRUPTIBLE);
		if (completion_done(x)) {
			finish_wait(&x->wait, &w);
			continue;
		}
		left = schedule_timeout(left);
		finish_wait(&x->wait, &w);
		if (!left)
			return try_wait_for_completion(x) ? 1 : 0;
	}
	return left ? (unsigned long)left : 1;
}
EXPORT_SYMBOL(wait_for_completion_timeout);

void wait_for_completion(struct completion *x)
{
	wait_for_completion_timeout(x, MAX_SCHEDULE_TIMEOUT);
}
EXPORT_SYMBOL(wait_for_completion);
