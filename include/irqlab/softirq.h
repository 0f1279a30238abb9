/* include/irqlab/softirq.h - softirqs: the fixed set of deferred-work vectors.
 *
 * A softirq is raised (a bit in this CPU's pending mask) from any context, typically
 * a hard-IRQ handler, and runs later with interrupts enabled, in softirq context: on the
 * way out of the interrupt (irq_exit), when bottom halves are re-enabled
 * (local_bh_enable), or in the ksoftirqd/N thread when they keep coming. Lower numbers
 * run first. A softirq handler may not sleep. */
#ifndef IRQLAB_SOFTIRQ_H
#define IRQLAB_SOFTIRQ_H

#include <irqlab/interrupt.h>

/* Linux's vectors, in Linux's order (which is also the order they run in). */
enum {
	HI_SOFTIRQ = 0,         /* high-priority tasklets */
	TIMER_SOFTIRQ,          /* timer_list */
	NET_TX_SOFTIRQ,
	NET_RX_SOFTIRQ,
	BLOCK_SOFTIRQ,
	IRQ_POLL_SOFTIRQ,
	TASKLET_SOFTIRQ,        /* normal tasklets */
	SCHED_SOFTIRQ,
	HRTIMER_SOFTIRQ,
	RCU_SOFTIRQ,
	NR_SOFTIRQS
};

extern const char *const softirq_to_name[NR_SOFTIRQS];

struct softirq_action {
	void (*action)(struct softirq_action *);
};

/* Installs the handler of vector nr. Boot time, process context. */
void open_softirq(int nr, void (*action)(struct softirq_action *));

/* Marks nr pending. __raise_softirq_irqoff() only sets the bit (interrupts must be off);
 * raise_softirq_irqoff() also wakes ksoftirqd when called outside interrupt context, so
 * the softirq runs soon even with no interrupt exit coming; raise_softirq() is safe
 * anywhere. */
void __raise_softirq_irqoff(unsigned int nr);
void raise_softirq_irqoff(unsigned int nr);
void raise_softirq(unsigned int nr);

u32 local_softirq_pending(void);

/* Runs what is pending now, unless called in interrupt context, whose exit runs them
 * (irq_exit). local_bh_enable() calls it; irq_exit and ksoftirqd, already in the right
 * state, go straight to __do_softirq(). Any context. */
void do_softirq(void);

/* Restart limits for one run at irq_exit, as Linux's __do_softirq(): after this many
 * rounds or this long, what is still pending goes to ksoftirqd. */
#define MAX_SOFTIRQ_RESTART     10
/* Linux's: 2 ms, in jiffies (rounded up: one tick at HZ 100). The deadline is read from
 * jiffies, a single load, as Linux's __do_softirq() does: no clock read, and no 64-bit
 * division converting one, on the way out of every interrupt. */
#define MAX_SOFTIRQ_TIME        msecs_to_jiffies(2)

/* For /proc/softirqs and the tests. */
u32 softirq_count_of(unsigned int cpu, unsigned int nr);
extern u32 softirq_restart_limit_hits;          /* how often the limit handed over */

struct task_struct;
struct task_struct *ksoftirqd_task(void);
struct task_struct *ksoftirqd_of(unsigned int cpu);     /* NULL before it is spawned */
void softirq_init(void);

#endif
