/* include/irqlab/tasklet.h - tasklets: deferred functions on top of two softirqs.
 *
 * tasklet_schedule() queues a tasklet on this CPU's TASKLET_SOFTIRQ list,
 * tasklet_hi_schedule() on the HI_SOFTIRQ list (which runs first). The rules, as Linux
 * states them and irqlab's tests check:
 *   - a scheduled tasklet runs at least once after tasklet_schedule();
 *   - scheduling it again before it has started runs it only once;
 *   - scheduling it from its own function (or while it runs) runs it again later;
 *   - it never runs concurrently with itself (TASKLET_STATE_RUN);
 *   - a disabled tasklet (count > 0) stays queued and runs after tasklet_enable().
 * The function runs in softirq context: it may not sleep. */
#ifndef IRQLAB_TASKLET_H
#define IRQLAB_TASKLET_H

#include <irqlab/types.h>
#include <irqlab/atomic.h>

enum {
	TASKLET_STATE_SCHED,    /* queued, waiting to run */
	TASKLET_STATE_RUN,      /* running right now */
};

struct tasklet_struct {
	struct tasklet_struct *next;
	unsigned long state;                    /* BIT(TASKLET_STATE_SCHED) | BIT(..._RUN) */
	atomic_t count;                         /* > 0: disabled; LOCKed inc/dec */
	bool use_callback;
	union {
		void (*func)(unsigned long data);
		void (*callback)(struct tasklet_struct *t);
	};
	unsigned long data;
	/* Who called tasklet_init()/tasklet_setup(), for rmmod's leak report; 0 for a
	 * DECLARE_TASKLET one. Written once at setup, never on the run path. */
	unsigned long caller;
};

/* Static tasklets. Linux changed DECLARE_TASKLET in 5.9: before, it took (name, func,
 * data) and func got data; since, it takes (name, callback) and the callback gets the
 * tasklet (from_tasklet() finds what contains it), the old form being renamed
 * DECLARE_TASKLET_OLD(name, func), whose data is 0. Code written for either kernel
 * builds here: the number of arguments picks the form, as the kernel it was written
 * for would have read it. DECLARE_TASKLET_DISABLED likewise; its count starts at 1. */
#define __DECLARE_TASKLET_CALLBACK(name, _count, _callback)                     \
	struct tasklet_struct name = { .count = ATOMIC_INIT(_count),            \
				       .use_callback = true, .callback = _callback }
#define __DECLARE_TASKLET_FUNC(name, _count, _func, _data)                      \
	struct tasklet_struct name = { .count = ATOMIC_INIT(_count),            \
				       .func = _func, .data = _data }
#define __TASKLET_PICK(_1, _2, _3, form, ...) form
#define DECLARE_TASKLET(name, ...)                                              \
	__TASKLET_PICK(name, ##__VA_ARGS__, __DECLARE_TASKLET_FUNC,             \
		       __DECLARE_TASKLET_CALLBACK, )(name, 0, __VA_ARGS__)
#define DECLARE_TASKLET_DISABLED(name, ...)                                     \
	__TASKLET_PICK(name, ##__VA_ARGS__, __DECLARE_TASKLET_FUNC,             \
		       __DECLARE_TASKLET_CALLBACK, )(name, 1, __VA_ARGS__)
#define DECLARE_TASKLET_OLD(name, _func) __DECLARE_TASKLET_FUNC(name, 0, _func, 0)
#define DECLARE_TASKLET_DISABLED_OLD(name, _func) __DECLARE_TASKLET_FUNC(name, 1, _func, 0)
#define from_tasklet(var, t, field) container_of(t, __typeof__(*var), field)

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data);
void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *));

/* Any context. */
void tasklet_schedule(struct tasklet_struct *t);
void tasklet_hi_schedule(struct tasklet_struct *t);

/* tasklet_disable_nosync(): any context; the tasklet may still be running on return.
 * tasklet_disable(): also waits until it is not running (not from the tasklet itself).
 * tasklet_enable(): any context; a queued tasklet runs at the next softirq. */
void tasklet_disable_nosync(struct tasklet_struct *t);
void tasklet_disable(struct tasklet_struct *t);
void tasklet_enable(struct tasklet_struct *t);

/* Waits until t is neither queued nor running, and removes it. Process context only:
 * from interrupt context it warns and does nothing. */
void tasklet_kill(struct tasklet_struct *t);

/* Counters for the tests and /proc. */
u64 tasklet_runs(void);
u64 tasklet_runs_on(unsigned int cpu);
/* Times cpu found a tasklet on its list running on another CPU (RUN held) and requeued it. */
u32 tasklet_run_held(unsigned int cpu);

void tasklet_init_softirqs(void);
/* This CPU's empty tasklet lists: each CPU other than the boot CPU, as it comes up,
 * before anything can schedule a tasklet on it. */
void tasklet_init_cpu(void);

#endif
