/* kernel/time/timer.c - timer_list: one sorted list per CPU, run from TIMER_SOFTIRQ.
 *
 * Linux uses a hierarchical timer wheel so that adding a timer is O(1) with hundreds of
 * thousands of them. irqlab keeps one list sorted by expiry: adding is O(n), running the
 * due ones is O(1) each, and the whole mechanism fits on a screen. (A lab can replace it
 * with a wheel and measure the difference.)
 */
#include <irqlab/interrupt.h>
#include <irqlab/panic.h>
#include <irqlab/sched.h>
#include <irqlab/softirq.h>
#include <irqlab/timer.h>

struct timer_base {
	struct list_head pending;       /* sorted by expires, earliest first */
	struct timer_list *running_timer;
};

static DEFINE_PER_CPU(struct timer_base, timer_bases);

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags)
{
	INIT_LIST_HEAD(&t->entry);
	t->function = fn;
	t->flags = flags;
	t->expires = 0;
}

bool timer_pending(const struct timer_list *t)
{
	return !list_empty(&t->entry);
}

static void enqueue_timer(struct timer_base *base, struct timer_list *t)
{
	struct timer_list *pos;

	list_for_each_entry(pos, &base->pending, entry) {
		if (time_before(t->expires, pos->expires)) {
			list_add_tail(&t->entry, &pos->entry);
			return;
		}
	}
	list_add_tail(&t->entry, &base->pending);
}

/* Takes t off its list if it is on one; says whether it was. Interrupts off. */
static bool detach_if_pending(struct timer_list *t)
{
	if (!timer_pending(t))
		return false;
	list_del_init(&t->entry);
	return true;
}

bool mod_timer(struct timer_list *t, unsigned long expires)
{
	struct timer_base *base = this_cpu_ptr(&timer_bases);
	unsigned long flags;
	bool was_pending;

	local_irq_save(flags);
	was_pending = detach_if_pending(t);
	t->expires = expires;
	enqueue_timer(base, t);
	local_irq_restore(flags);
	return was_pending;
}

void add_timer(struct timer_list *t)
{
	WARN_ON(timer_pending(t));
	mod_timer(t, t->expires);
}

bool del_timer(struct timer_list *t)
{
	unsigned long flags;
	bool was_pending;

	local_irq_save(flags);
	was_pending = detach_if_pending(t);
	local_irq_restore(flags);
	return was_pending;
}

bool del_timer_sync(struct timer_list *t)
{
	struct timer_base *base = this_cpu_ptr(&timer_bases);
	bool ret;

	if (WARN(in_hardirq(), "del_timer_sync() from hard-IRQ context\n"))
		return del_timer(t);
	if (WARN(READ_ONCE(base->running_timer) == t && in_serving_softirq(),
		 "del_timer_sync() from the timer's own function would wait forever\n"))
		return del_timer(t);
	/* On one CPU a timer function cannot be half-way through while a thread runs here
	 * (softirqs are not preempted by threads); SMP needs the wait, and it is written. */
	do {
		ret = del_timer(t);
	} while (READ_ONCE(base->running_timer) == t);
	return ret;
}

/* TIMER_SOFTIRQ: run every timer that is due, earliest first. Softirq context. */
static void run_timer_softirq(struct softirq_action *h)
{
	struct timer_base *base = this_cpu_ptr(&timer_bases);

	(void)h;
	local_irq_disable();
	while (!list_empty(&base->pending)) {
		struct timer_list *t = list_first_entry(&base->pending, struct timer_list, entry);

		if (time_before(jiffies, t->expires))
			break;
		list_del_init(&t->entry);
		base->running_timer = t;
		if (!(t->flags & TIMER_IRQSAFE))
			local_irq_enable();
		t->function(t);                 /* may re-arm itself with mod_timer() */
		local_irq_disable();
		base->running_timer = NULL;
	}
	local_irq_enable();
}

void run_local_timers(void)
{
	struct timer_base *base = this_cpu_ptr(&timer_bases);

	if (!list_empty(&base->pending) &&
	    time_after_eq(jiffies, list_first_entry(&base->pending, struct timer_list, entry)->expires))
		raise_softirq_irqoff(TIMER_SOFTIRQ);
}

void init_timers(void)
{
	INIT_LIST_HEAD(&this_cpu_ptr(&timer_bases)->pending);
	open_softirq(TIMER_SOFTIRQ, run_timer_softirq);
}
