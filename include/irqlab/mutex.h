/* include/irqlab/mutex.h - sleeping locks: mutexes and counting semaphores.
 *
 * Both sleep when they cannot be taken, so both are for process context only
 * (might_sleep() reports any other use). A mutex has an owner: only the thread that
 * locked it may unlock it (irqlab warns otherwise). A semaphore has no owner and counts:
 * up() may come from any context, including interrupt handlers. */
#ifndef IRQLAB_MUTEX_H
#define IRQLAB_MUTEX_H

#include <irqlab/wait.h>

struct mutex {
	struct task_struct *owner;
	struct wait_queue_head wait;
};

#define __MUTEX_INITIALIZER(name) { NULL, __WAIT_QUEUE_HEAD_INITIALIZER(name.wait) }
#define DEFINE_MUTEX(name) struct mutex name = __MUTEX_INITIALIZER(name)

void mutex_init(struct mutex *m);
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);    /* true when taken; any context but hard-IRQ */
void mutex_unlock(struct mutex *m);
bool mutex_is_locked(struct mutex *m);

struct semaphore {
	unsigned int count;
	struct wait_queue_head wait;
};

#define __SEMAPHORE_INITIALIZER(name, n) { n, __WAIT_QUEUE_HEAD_INITIALIZER(name.wait) }
#define DEFINE_SEMAPHORE(name, n) struct semaphore name = __SEMAPHORE_INITIALIZER(name, n)

void sema_init(struct semaphore *sem, unsigned int count);
void down(struct semaphore *sem);
int down_trylock(struct semaphore *sem);        /* 0 when taken, 1 when not (Linux's sense) */
int down_timeout(struct semaphore *sem, long timeout);  /* 0, or -ETIME */
void up(struct semaphore *sem);

#endif
