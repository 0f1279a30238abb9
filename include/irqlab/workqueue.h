/* include/irqlab/workqueue.h - work queues: deferred functions that run in a thread.
 *
 * A work item is a function to call later. queue_work() puts it on a work queue and
 * returns; a kernel thread of the queue's worker pool (a "kworker") calls it soon after,
 * in process context, so unlike a softirq or tasklet it may sleep: take a mutex, wait
 * for a completion, msleep(). Linux's API and rules, which irqlab's tests check:
 *   - queueing an item that is still pending does nothing and returns false;
 *   - an item is never run concurrently with itself; queueing it from its own function
 *     (or while it runs) runs it again afterwards;
 *   - it runs on a worker of the pool of the CPU it was queued on (bound queues: each
 *     CPU has its own kworkers, bound to it), or of the unbound pool (WQ_UNBOUND);
 *   - a queue runs at most max_active of its items at once (1: one after the other);
 *   - when a worker sleeps inside an item, its pool lets another worker take the next
 *     item (concurrency management), so one sleeping item does not stall the rest;
 *   - WQ_HIGHPRI items run in SCHED_FIFO workers; WQ_BH items run in softirq context
 *     (HI_SOFTIRQ / TASKLET_SOFTIRQ, as Linux 6.9 does) and may not sleep.
 *
 *     static void my_work_fn(struct work_struct *work) { ... may sleep ... }
 *     static DECLARE_WORK(my_work, my_work_fn);
 *     ...
 *     schedule_work(&my_work);             // from any context, hard-IRQ included
 *     cancel_work_sync(&my_work);          // before the code or data goes away
 *
 * Contexts: queue_*, mod_delayed_work*, cancel_work and cancel_delayed_work may be called
 * from any context (hard-IRQ handlers included). flush_*, cancel_*_sync, drain_,
 * alloc_ and destroy_workqueue sleep: process context only.
 */
#ifndef IRQLAB_WORKQUEUE_H
#define IRQLAB_WORKQUEUE_H

#include <irqlab/list.h>
#include <irqlab/percpu.h>
#include <irqlab/timer.h>

struct work_struct;
struct workqueue_struct;
struct pool_workqueue;
struct worker_pool;
typedef void (*work_func_t)(struct work_struct *work);

/* work_struct.data: what state the item is in. */
enum {
	WORK_STRUCT_PENDING_BIT  = 0,   /* queued, timer armed, or held by a canceller */
	WORK_STRUCT_INACTIVE_BIT = 1,   /* waiting for max_active (or a barrier: not counted) */
	WORK_STRUCT_PWQ_BIT      = 2,   /* on a list of work->pwq's pool */
	WORK_STRUCT_LINKED_BIT   = 3,   /* the next entry is a flush barrier that goes with it */
	WORK_STRUCT_COLOR_BIT    = 4,   /* flush colour: which flush_workqueue() waits for it */
	WORK_OFFQ_CANCELING_BIT  = 5,   /* cancel_work_sync() in progress */
};
#define WORK_STRUCT_PENDING     BIT(WORK_STRUCT_PENDING_BIT)
#define WORK_STRUCT_INACTIVE    BIT(WORK_STRUCT_INACTIVE_BIT)
#define WORK_STRUCT_PWQ         BIT(WORK_STRUCT_PWQ_BIT)
#define WORK_STRUCT_LINKED      BIT(WORK_STRUCT_LINKED_BIT)
#define WORK_STRUCT_COLOR       BIT(WORK_STRUCT_COLOR_BIT)
#define WORK_OFFQ_CANCELING     BIT(WORK_OFFQ_CANCELING_BIT)

/* Linux packs the pool_workqueue pointer (while queued) or the last pool's id (while
 * not) into data's upper bits; irqlab keeps them as two fields a student can print. */
struct work_struct {
	unsigned long data;             /* WORK_STRUCT_* bits */
	struct list_head entry;         /* on a pool's worklist, a pwq's inactive list, or a
					 * worker's scheduled list */
	work_func_t func;
	struct pool_workqueue *pwq;     /* where it is queued, while WORK_STRUCT_PWQ */
	struct worker_pool *pool;       /* last queued on: where to look for it running */
	/* Where INIT_WORK()/INIT_DELAYED_WORK() ran, for rmmod's leak report; 0 for
	 * DECLARE_WORK. Written at setup only. */
	unsigned long caller;
};

#define __WORK_INITIALIZER(n, f) {                                              \
	.data = 0, .entry = LIST_HEAD_INIT((n).entry), .func = (f),             \
	.pwq = NULL, .pool = NULL }
#define DECLARE_WORK(n, f) struct work_struct n = __WORK_INITIALIZER(n, f)

static inline void __init_work(struct work_struct *work, work_func_t func,
			       unsigned long caller)
{
	work->data = 0;
	INIT_LIST_HEAD(&work->entry);
	work->func = func;
	work->pwq = NULL;
	work->pool = NULL;
	work->caller = caller;
}
/* Macros, as Linux's, so that the item remembers the code that set it up. */
#define INIT_WORK(work, func)   __init_work((work), (func), _THIS_IP_)

/* True from queue_work() until the function starts (it is cleared just before the call,
 * so that queueing from the function itself queues it again). */
#define work_pending(work)      (READ_ONCE((work)->data) & WORK_STRUCT_PENDING)

/* A work item with a timer in front: queued when the timer fires, in TIMER_SOFTIRQ. */
struct delayed_work {
	struct work_struct work;
	struct timer_list timer;        /* TIMER_IRQSAFE: see delayed_work_timer_fn() */
	struct workqueue_struct *wq;    /* queue to put it on when the timer fires */
	int cpu;
	struct list_head armed;         /* on wq->armed_dworks while the timer is armed */
};

void delayed_work_timer_fn(struct timer_list *t);

#define __DELAYED_WORK_INITIALIZER(n, f) {                                      \
	.work = __WORK_INITIALIZER((n).work, (f)),                              \
	.timer = { .entry = LIST_HEAD_INIT((n).timer.entry),                    \
		   .function = delayed_work_timer_fn, .flags = TIMER_IRQSAFE },  \
	.wq = NULL, .cpu = 0, .armed = LIST_HEAD_INIT((n).armed) }
#define DECLARE_DELAYED_WORK(n, f) struct delayed_work n = __DELAYED_WORK_INITIALIZER(n, f)

static inline void __init_delayed_work(struct delayed_work *dwork, work_func_t func,
				       unsigned long caller)
{
	__init_work(&dwork->work, func, caller);
	timer_setup(&dwork->timer, delayed_work_timer_fn, TIMER_IRQSAFE);
	dwork->timer.caller = caller;
	dwork->wq = NULL;
	dwork->cpu = 0;
	INIT_LIST_HEAD(&dwork->armed);
}
#define INIT_DELAYED_WORK(dwork, func) __init_delayed_work((dwork), (func), _THIS_IP_)

static inline struct delayed_work *to_delayed_work(struct work_struct *work)
{
	return container_of(work, struct delayed_work, work);
}
#define delayed_work_pending(dw) work_pending(&(dw)->work)

/* alloc_workqueue() flags (Linux's values). */
enum {
	WQ_BH                   = 1 << 0,       /* run in softirq context; max_active must be 0 */
	WQ_UNBOUND              = 1 << 1,       /* the unbound pool, no concurrency management */
	WQ_HIGHPRI              = 1 << 4,       /* the high-priority (SCHED_FIFO) pool */
	WQ_CPU_INTENSIVE        = 1 << 5,       /* items do not count against concurrency */
	WQ_SYSFS                = 1 << 6,       /* /sys/devices/virtual/workqueue/NAME/ */

	__WQ_DESTROYING         = 1 << 15,      /* internal: destroy_workqueue() under way */
	__WQ_DRAINING           = 1 << 16,      /* internal: only chained queueing allowed */
	__WQ_ORDERED            = 1 << 17,      /* internal: alloc_ordered_workqueue() */

	WQ_MAX_ACTIVE           = 512,
	WQ_DFL_ACTIVE           = WQ_MAX_ACTIVE / 2,
};

/* queue_work_on(WORK_CPU_UNBOUND, ...): this CPU for a bound queue. */
#define WORK_CPU_UNBOUND        NR_CPUS

/* The system's queues, as Linux names them: "events", "events_highpri",
 * "events_unbound", "events_bh", "events_bh_highpri". */
extern struct workqueue_struct *system_wq;
extern struct workqueue_struct *system_highpri_wq;
extern struct workqueue_struct *system_unbound_wq;
extern struct workqueue_struct *system_bh_wq;
extern struct workqueue_struct *system_bh_highpri_wq;

/* A new queue named by fmt. max_active: how many of its items may run at once on a CPU
 * (0: WQ_DFL_ACTIVE; out of 1..WQ_MAX_ACTIVE it is clamped, with a warning). NULL on
 * bad flags (WQ_BH with WQ_UNBOUND or a max_active, unknown bits) or no memory.
 * Process context. */
struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags,
					 int max_active, ...) __printf(1, 4);
/* One item at a time, in queueing order. */
#define alloc_ordered_workqueue(fmt, flags, ...) \
	alloc_workqueue(fmt, WQ_UNBOUND | __WQ_ORDERED | (flags), 1, ##__VA_ARGS__)

/* Changes how many of wq's items may run at once (clamped to 1..WQ_MAX_ACTIVE, with a
 * warning, as alloc_workqueue does); items held back start now if the new limit allows.
 * Not for an ordered queue or a BH one (a WARN, nothing changed). Process context. */
void workqueue_set_max_active(struct workqueue_struct *wq, int max_active);

/* Runs every item still queued (drain_workqueue), then frees the queue. A delayed item
 * whose timer is still armed is a caller bug (it should have been cancelled): it is
 * reported with a WARN naming its function, and cancelled. Process context. */
void destroy_workqueue(struct workqueue_struct *wq);

/* Queues work on wq, for cpu's pool (WORK_CPU_UNBOUND: this CPU's; ignored by
 * WQ_UNBOUND queues, and by WQ_BH ones, whose items run on the queueing CPU). An item
 * still running on another CPU is queued behind itself there instead: never two runs at
 * once. Returns false if it was already pending (then nothing changes). Any context. */
bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work);
/* The same, after delay jiffies (0: now). Any context. */
bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			   unsigned long delay);
/* Like queue_delayed_work_on(), but a pending item is moved to the new delay instead
 * of left alone. Returns true if it was pending. Any context. */
bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			 unsigned long delay);

static inline bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, wq, work);
}
static inline bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
				      unsigned long delay)
{
	return queue_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}
static inline bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
				    unsigned long delay)
{
	return mod_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}
static inline bool schedule_work(struct work_struct *work)
{
	return queue_work(system_wq, work);
}
static inline bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work(system_wq, dwork, delay);
}
static inline bool schedule_work_on(int cpu, struct work_struct *work)
{
	return queue_work_on(cpu, system_wq, work);
}
static inline bool schedule_delayed_work_on(int cpu, struct delayed_work *dwork,
					    unsigned long delay)
{
	return queue_delayed_work_on(cpu, system_wq, dwork, delay);
}

/* Waits until the last queueing of work has finished running. Returns true if it
 * waited, false if work was idle. An item queued again meanwhile is not waited for.
 * Process context; not from work's own function (that would wait forever: it warns). */
bool flush_work(struct work_struct *work);
/* Fires the timer now if armed, then flush_work(). */
bool flush_delayed_work(struct delayed_work *dwork);
/* Waits until every item queued on wq before the call has finished. Process context. */
void flush_workqueue(struct workqueue_struct *wq);
/* Waits until wq is empty; meanwhile only its own items may queue more on it. */
void drain_workqueue(struct workqueue_struct *wq);

/* Takes work off its queue (or its timer). Returns true if it was pending. A running
 * instance keeps running. Any context. */
bool cancel_work(struct work_struct *work);
bool cancel_delayed_work(struct delayed_work *dwork);
/* The same, and then waits for a running instance to finish; while this runs, queueing
 * work fails (returns false), so an item that queues itself is stopped too. Several
 * cancellers may wait at once: the first returns whether it was pending, the others
 * false. Process context. */
bool cancel_work_sync(struct work_struct *work);
bool cancel_delayed_work_sync(struct delayed_work *dwork);

/* WORK_BUSY_PENDING and/or WORK_BUSY_RUNNING: a snapshot, for reports; it may be stale
 * by the time the caller looks. Any context. */
#define WORK_BUSY_PENDING       BIT(0)
#define WORK_BUSY_RUNNING       BIT(1)
unsigned int work_busy(struct work_struct *work);

/* The item the calling kworker is running, or NULL outside a work item. */
struct work_struct *current_work(void);

/* BH work: TASKLET_SOFTIRQ (highpri: HI_SOFTIRQ) calls this first (kernel/tasklet.c). */
void workqueue_softirq_action(bool highpri);

/* Boot (kernel/main.c): pools and system queues (items may be queued from then on),
 * then the first kworkers. Process context, interrupts on. */
void workqueue_init_early(void);
void workqueue_init(void);

#endif
