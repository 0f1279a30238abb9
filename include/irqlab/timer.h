/* include/irqlab/timer.h - kernel timers (timer_list), Linux's API.
 *
 * A timer runs its function once, in TIMER_SOFTIRQ context (softirq: may not sleep),
 * at the first tick at or after 'expires' (in jiffies), on the CPU it is queued on:
 * the one that called mod_timer()/add_timer(), or the one add_timer_on() named. */
#ifndef IRQLAB_TIMER_H
#define IRQLAB_TIMER_H

#include <irqlab/list.h>
#include <irqlab/percpu.h>
#include <irqlab/time.h>

struct timer_list {
	struct list_head entry;         /* on its CPU's timer list while pending */
	unsigned long expires;
	void (*function)(struct timer_list *t);
	u32 flags;                      /* TIMER_*; the low bits: the CPU of its base */
	/* Who called timer_setup(), for rmmod's leak report; 0 for DEFINE_TIMER. Written
	 * at setup only. */
	unsigned long caller;
};

/* timer_setup() flags. TIMER_IRQSAFE: the function runs with interrupts off, so no
 * hard-IRQ handler can see its object between "timer fired" and what the function does
 * (delayed work: the item is off the timer but not yet on its queue). Linux's value. */
#define TIMER_IRQSAFE   0x00200000
/* Kept by the timer code (Linux's values): the CPU whose base the timer is on, and
 * "moving to another base": wait before believing the CPU bits. */
#define TIMER_CPUMASK   0x0003ffff
#define TIMER_MIGRATING 0x00040000
#define TIMER_BASEMASK  (TIMER_CPUMASK | TIMER_MIGRATING)

#define from_timer(var, timer, field) container_of(timer, __typeof__(*var), field)

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags);
#define DEFINE_TIMER(name, fn) \
	struct timer_list name = { .entry = LIST_HEAD_INIT(name.entry), .function = fn }

/* (Re)arms t for 'expires' on this CPU (moving it here from another CPU's list, unless
 * its function is running there now). Returns true if it was pending. Any context. */
bool mod_timer(struct timer_list *t, unsigned long expires);
void add_timer(struct timer_list *t);
/* Arms t (not pending) for t->expires on cpu, which must be online. Any context. */
void add_timer_on(struct timer_list *t, int cpu);
/* Disarms t. Returns true if it was pending. Any context; the function may be running,
 * here or on another CPU. */
bool del_timer(struct timer_list *t);
/* Disarms t and waits until its function is not running, on any CPU. Not from the
 * timer's own function, and not from hard-IRQ context (it warns and does del_timer()
 * only). */
bool del_timer_sync(struct timer_list *t);
/* del_timer() unless t's function is running: then -1 and nothing done. Any context. */
int try_to_del_timer_sync(struct timer_list *t);
bool timer_pending(const struct timer_list *t);

void init_timers(void);
/* Sets up cpu's timer base, before cpu comes online (start_secondary). */
void timers_prepare_cpu(unsigned int cpu);
/* From each CPU's tick (hard-IRQ): raises TIMER_SOFTIRQ there when one of its timers
 * is due. */
void run_local_timers(void);
/* Timers queued on cpu (online), counted under its lock, with the list's links checked:
 * for tests. Any context. */
unsigned int timers_queued_on(unsigned int cpu);

/* Sleeping and busy-waiting. msleep(): process context, sleeps at least ms. In atomic
 * context it reports the bug (might_sleep) and busy-waits instead, so the kernel goes
 * on. mdelay()/udelay(): any context; they never schedule. udelay spins; so does
 * mdelay, except that a delay of more than two ticks with interrupts on waits in HLT
 * until two ticks before its end (see mdelay() in kernel/time/sleep.c). */
void msleep(unsigned int ms);
void mdelay(unsigned int ms);
void udelay(unsigned int us);
void calibrate_delay(void);

/* The architecture's part of mdelay(): may this CPU wait in HLT, with interrupts on,
 * and be sure an interrupt ends the wait within a tick? Any context. */
bool arch_delay_may_halt(void);
/* HLTs mdelay() made: each CPU's own count (per-CPU, so no lock), and their sum. For
 * the tests. */
DECLARE_PER_CPU(unsigned long, delay_halt_count);
unsigned long delay_halts(void);

#endif
