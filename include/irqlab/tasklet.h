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

enum {
	TASKLET_STATE_SCHED,    /* queued, waiting to run */
	TASKLET_STATE_RUN,      /* running right now */
};

struct tasklet_struct {
	struct tasklet_struct *next;
	unsigned long state;                    /* BIT(TASKLET_STATE_SCHED) | BIT(..._RUN) */
	int count;                              /* > 0: disabled */
	bool use_callback;
	union {
		void (*func)(unsigned long data);
		void (*callback)(struct tasklet_struct *t);
	};
	unsigned long data;
};

#define DECLARE_TASKLET(name, _callback)                                        \
	struct tasklet_struct name = { .count = 0, .use_callback = true, .callback = _callback }
#define DECLARE_TASKLET_DISABLED(name, _callback)                               \
	struct tasklet_struct name = { .count = 1, .use_callback = true, .callback = _callback }
#define DECLARE_TASKLET_OLD(name, _func)                                        \
	struct tasklet_struct name = { .count = 0, .func = _func }
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
