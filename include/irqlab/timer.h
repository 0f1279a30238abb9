/* include/irqlab/timer.h - kernel timers (timer_list), Linux's API.
 *
 * A timer runs its function once, in TIMER_SOFTIRQ context (softirq: may not sleep),
 * at the first tick at or after 'expires' (in jiffies). */
#ifndef IRQLAB_TIMER_H
#define IRQLAB_TIMER_H

#include <irqlab/list.h>
#include <irqlab/time.h>

struct timer_list {
	struct list_head entry;         /* on this CPU's timer list while pending */
	unsigned long expires;
	void (*function)(struct timer_list *t);
	u32 flags;
};

/* timer_setup() flags. TIMER_IRQSAFE: the function runs with interrupts off, so no
 * hard-IRQ handler can see its object between "timer fired" and what the function does
 * (delayed work: the item is off the timer but not yet on its queue). Linux's value. */
#define TIMER_IRQSAFE   0x00200000

#define from_timer(var, timer, field) container_of(timer, __typeof__(*var), field)

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags);
#define DEFINE_TIMER(name, fn) \
	struct timer_list name = { .entry = LIST_HEAD_INIT(name.entry), .function = fn }

/* (Re)arms t for 'expires'. Returns true if it was pending. Any context. */
bool mod_timer(struct timer_list *t, unsigned long expires);
void add_timer(struct timer_list *t);
/* Disarms t. Returns true if it was pending. Any context; the function may be running. */
bool del_timer(struct timer_list *t);
/* Disarms t and waits until its function is not running. Not from the timer's own
 * function, and not from hard-IRQ context (it warns and does del_timer() only). */
bool del_timer_sync(struct timer_list *t);
bool timer_pending(const struct timer_list *t);

void init_timers(void);
/* From the tick (hard-IRQ): raises TIMER_SOFTIRQ when a timer is due. */
void run_local_timers(void);

/* Sleeping and busy-waiting. msleep(): process context, sleeps at least ms. In atomic
 * context it reports the bug (might_sleep) and busy-waits instead, so the kernel goes
 * on. mdelay()/udelay(): any context, they spin. */
void msleep(unsigned int ms);
void mdelay(unsigned int ms);
void udelay(unsigned int us);
void calibrate_delay(void);

#endif
