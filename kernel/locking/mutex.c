/* kernel/locking/mutex.c - mutexes and semaphores (include/irqlab/mutex.h).
 *
 * Both are a count or an owner guarded by their wait queue's lock, and a wait queue of
 * exclusive waiters: unlocking wakes one, which then tries again. */
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/mutex.h>
#include <irqlab/panic.h>
#include <irqlab/sched.h>

#define ETIME 62

void mutex_init(struct mutex *m)
{
	m->owner = NULL;
	init_waitqueue_head(&m->wait);
}
EXPORT_SYMBOL(mutex_init);

bool mutex_trylock(struct mutex *m)
{
	unsigned long flags;
	bool taken = false;

	spin_lock_irqsave(&m->wait.lock, flags);
	if (!m->owner) {
		m->owner = current;
		taken = true;
	}
	spin_unlock_irqrestore(&m->wait.lock, flags);
	return taken;
}
EXPORT_SYMBOL(mutex_trylock);

void mutex_lock(struct mutex *m)
{
	struct wait_queue_entry w;

	might_sleep();
	if (WARN(m->owner == current, "mutex_lock(): %s already holds this mutex (deadlock)\n",
		 current->comm))
		return;
	init_wait_entry(&w);
	while (!mutex_trylock(m)) {
		prepare_to_wait_exclusive(&m->wait, &w, TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(m->owner))
			schedule();
		finish_wait(&m->wait, &w);
	}
}
EXPORT_SYMBOL(mutex_lock);

void mutex_unlock(struct mutex *m)
{
	unsigned long flags;

	spin_lock_irqsave(&m->wait.lock, flags);
	if (WARN(m->owner != current, "mutex_unlock() by %s, which does not hold it\n",
		 current->comm)) {
		spin_unlock_irqrestore(&m->wait.lock, flags);
		return;
	}
	m->owner = NULL;
	spin_unlock_irqrestore(&m->wait.lock, flags);
	wake_up(&m->wait);
}
EXPORT_SYMBOL(mutex_unlock);

bool mutex_is_locked(struct mutex *m)
{
	return READ_ONCE(m->owner) != NULL;
}
EXPORT_SYMBOL(mutex_is_locked);

void sema_init(struct semaphore *sem, unsigned int count)
{
	sem->count = count;
	init_waitqueue_head(&sem->wait);
}
EXPORT_SYMBOL(sema_init);

int down_trylock(struct semaphore *sem)
{
	unsigned long flags;
	int busy = 1;

	spin_lock_irqsave(&sem->wait.lock, flags);
	if (sem->count) {
		sem->count--;
		busy = 0;
	}
	spin_unlock_irqrestore(&sem->wait.lock, flags);
	return busy;
}
EXPORT_SYMBOL(down_trylock);

int down_timeout(struct semaphore *sem, long timeout)
{
	struct wait_queue_entry w;

	might_sleep();
	init_wait_entry(&w);
	while (down_trylock(sem)) {
		prepare_to_wait_exclusive(&sem->wait, &w, TASK_UNINTERRUPTIBLE);
		if (!READ_ONCE(sem->count))
			timeout = schedule_timeout(timeout);
		finish_wait(&sem->wait, &w);
		if (!timeout)
			return down_trylock(sem) ? -ETIME : 0;
	}
	return 0;
}
EXPORT_SYMBOL(down_timeout);

void down(struct semaphore *sem)
{
	down_timeout(sem, MAX_SCHEDULE_TIMEOUT);
}
EXPORT_SYMBOL(down);

void up(struct semaphore *sem)
{
	unsigned long flags;

	spin_lock_irqsave(&sem->wait.lock, flags);
	sem->count++;
	spin_unlock_irqrestore(&sem->wait.lock, flags);
	wake_up(&sem->wait);
}
EXPORT_SYMBOL(up);
