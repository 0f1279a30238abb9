/* include/irqlab/wait.h - wait queues and completions, Linux's API.
 *
 * A sleeping thread puts an entry on a wait queue head and calls schedule(); whoever
 * makes its condition true calls wake_up() on the head. The condition is checked again
 * after every wake-up (wait_event), so spurious or early wake-ups are harmless.
 * Sleeping: process context only. Waking: any context, including hard-IRQ handlers. */
#ifndef IRQLAB_WAIT_H
#define IRQLAB_WAIT_H

#include <irqlab/list.h>
#include <irqlab/spinlock.h>

struct task_struct;

#define WQ_FLAG_EXCLUSIVE       0x01    /* wake_up() wakes one exclusive waiter */

/* An entry is on its head's list under the head's lock. */
struct wait_queue_entry {
	unsigned int flags;
	struct task_struct *task;
	struct list_head entry;
};

/* lock covers head (the waiters' entries); it is taken with interrupts off, since
 * handlers wake, and wake-ups take the tasks' pi_lock and rq->lock under it. */
struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};
typedef struct wait_queue_head wait_queue_head_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) {                                   \
	.lock = __SPIN_LOCK_UNLOCKED(name.lock),                                \
	.head = LIST_HEAD_INIT(name.head) }
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void init_waitqueue_head(struct wait_queue_head *wq);
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w, int state);
void prepare_to_wait_exclusive(struct wait_queue_head *wq, struct wait_queue_entry *w, int state);
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *w);
void init_wait_entry(struct wait_queue_entry *w);

void __wake_up(struct wait_queue_head *wq, int nr_exclusive);
#define wake_up(wq)             __wake_up(wq, 1)
#define wake_up_all(wq)         __wake_up(wq, 0)
#define wake_up_interruptible(wq) __wake_up(wq, 1)
static inline bool waitqueue_active(struct wait_queue_head *wq) { return !list_empty(&wq->head); }

void __might_sleep(const char *file, int line);
#define might_sleep() __might_sleep(__FILE__, __LINE__)
#define might_sleep_if(cond) do { if (cond) might_sleep(); } while (0)

long schedule_timeout(long timeout);
void schedule(void);

#define ___wait_event(wq, condition, state, timeout_expr) ({                    \
	struct wait_queue_entry __w;                                            \
	long __ret = 1;                                                         \
	init_wait_entry(&__w);                                                  \
	for (;;) {                                                              \
		prepare_to_wait(wq, &__w, state);                               \
		if (condition)                                                  \
			break;                                                  \
		__ret = timeout_expr;                                           \
		if (!__ret)                                                     \
			break;                                                  \
	}                                                                       \
	finish_wait(wq, &__w);                                                  \
	__ret;                                                                  \
})

/* Sleeps until condition is true. */
#define wait_event(wq, condition) do {                                          \
	might_sleep();                                                          \
	if (!(condition))                                                       \
		___wait_event(&(wq), condition, TASK_UNINTERRUPTIBLE, (schedule(), 1)); \
} while (0)
#define wait_event_interruptible(wq, condition) ({                              \
	wait_event(wq, condition);                                              \
	0;                                                                      \
})
/* Sleeps until condition is true or timeout jiffies pass. Returns 0 on timeout, else
 * the jiffies left (at least 1). */
#define wait_event_timeout(wq, condition, timeout) ({                           \
	long __t = (timeout);                                                   \
	might_sleep();                                                          \
	if (!(condition)) {                                                     \
		__t = ___wait_event(&(wq), condition, TASK_UNINTERRUPTIBLE,     \
				    (__t = schedule_timeout(__t)));             \
		if (__t == 0 && (condition))                                    \
			__t = 1;                                                \
	}                                                                       \
	__t;                                                                    \
})

/* A completion: "this has happened", counted, so complete() before the wait is not lost.
 * done is under wait.lock (read without it by completion_done(), a hint). */
struct completion {
	unsigned int done;
	struct wait_queue_head wait;
};

#define COMPLETION_INITIALIZER(name) { 0, __WAIT_QUEUE_HEAD_INITIALIZER(name.wait) }
#define DECLARE_COMPLETION(name) struct completion name = COMPLETION_INITIALIZER(name)

void init_completion(struct completion *x);
void reinit_completion(struct completion *x);
void complete(struct completion *x);            /* any context: releases one waiter */
void complete_all(struct completion *x);        /* any context: releases all, for good */
void wait_for_completion(struct completion *x); /* process context */
/* Returns 0 on timeout, else the jiffies left. */
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);

#endif
