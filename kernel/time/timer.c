/* kernel/time/timer.c - timer_list: one sorted list per CPU, run from TIMER_SOFTIRQ.
 *
 * Linux uses a hierarchical timer wheel so that adding a timer is O(1) with hundreds of
 * thousands of them. irqlab keeps one list sorted by expiry: adding is O(n), running the
 * due ones is O(1) each, and the whole mechanism fits on a screen. (A lab can replace it
 * with a wheel and measure the difference.)
 *
 * Several CPUs, as in Linux: each CPU has its own timer_base, under its own lock, and its
 * own tick raises TIMER_SOFTIRQ there for its own due timers, so a timer runs on the CPU
 * whose base it is queued on. mod_timer()/add_timer() queue on the calling CPU's base,
 * add_timer_on() on the named one. Which base a timer is on is kept in the low bits of
 * its flags (TIMER_CPUMASK); lock_timer_base() reads them and locks that base, and a
 * timer moving between bases is marked TIMER_MIGRATING meanwhile, so that no one locks
 * the base it is leaving and believes it is there. A timer whose function is running
 * stays on its base when re-armed (it is not migrated): del_timer_sync() then needs to
 * look at one base only to know whether the function still runs.
 */
#include <irqlab/cpumask.h>
#include <irqlab/export.h>
#include <irqlab/interrupt.h>
#include <irqlab/modleak.h>
#include <irqlab/panic.h>
#include <irqlab/sched.h>
#include <irqlab/softirq.h>
#include <irqlab/spinlock.h>
#include <irqlab/timer.h>
#include <irqlab/vsprintf.h>

/* One per CPU. lock (irqsave: timers are armed from hard-IRQ handlers too) covers the
 * list, running_timer, next_expiry, and the entry and base bits of every timer queued
 * here. Never two bases' locks at once. */
struct timer_base {
	spinlock_t lock;
	struct list_head pending;       /* sorted by expires, earliest first */
	struct timer_list *running_timer;       /* whose function this CPU runs now */
	unsigned long next_expiry;      /* of the first pending timer: read by the tick */
	bool timers_pending;            /* without the lock, so no list */
	unsigned int cpu;
};

static DEFINE_PER_CPU(struct timer_base, timer_bases);

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags)
{
	INIT_LIST_HEAD(&t->entry);
	t->function = fn;
	/* Queued on the calling CPU's base unless armed elsewhere; any base will do now. */
	t->flags = (flags & ~TIMER_BASEMASK) | smp_processor_id();
	t->expires = 0;
	t->caller = (unsigned long)__builtin_return_address(0);
}
EXPORT_SYMBOL(timer_setup);

bool timer_pending(const struct timer_list *t)
{
	return !list_empty(&t->entry);
}
EXPORT_SYMBOL(timer_pending);

/* What the tick reads: the first timer's expiry, kept beside the list. Base locked. */
static void update_next_expiry(struct timer_base *base)
{
	bool any = !list_empty(&base->pending);

	if (any)
		WRITE_ONCE(base->next_expiry,
			   list_first_entry(&base->pending, struct timer_list, entry)->expires);
	WRITE_ONCE(base->timers_pending, any);
}

static void enqueue_timer(struct timer_base *base, struct timer_list *t)
{
	struct timer_list *pos;

	list_for_each_entry(pos, &base->pending, entry) {
		if (time_before(t->expires, pos->expires)) {
			list_add_tail(&t->entry, &pos->entry);
			goto queued;
		}
	}
	list_add_tail(&t->entry, &base->pending);
queued:
	update_next_expiry(base);
}

/* Takes t off its base's list if it is on one; says whether it was. Base locked. */
static bool detach_if_pending(struct timer_base *base, struct timer_list *t)
{
	if (!timer_pending(t))
		return false;
	list_del_init(&t->entry);
	update_next_expiry(base);
	return true;
}

/* Locks the base t is on (interrupts off, flags saved) and returns it. Waits while t
 * moves between bases: its base bits are not to be believed then. */
static struct timer_base *lock_timer_base(struct timer_list *t, unsigned long *flags)
{
	for (;;) {
		u32 tf = READ_ONCE(t->flags);

		if (!(tf & TIMER_MIGRATING)) {
			struct timer_base *base = per_cpu_ptr(&timer_bases, tf & TIMER_CPUMASK);

			spin_lock_irqsave(&base->lock, *flags);
			if (READ_ONCE(t->flags) == tf)
				return base;
			spin_unlock_irqrestore(&base->lock, *flags);
		}
		cpu_relax();
	}
}

/* Arms t for expires on new_base. Returns whether it was pending. */
static bool __mod_timer(struct timer_list *t, unsigned long expires,
			struct timer_base *new_base)
{
	struct timer_base *base;
	unsigned long flags;
	bool was_pending;

	base = lock_timer_base(t, &flags);
	was_pending = detach_if_pending(base, t);
	/* A running function stays where it runs until it returns (see the header). */
	if (base != new_base && base->running_timer != t) {
		WRITE_ONCE(t->flags, t->flags | TIMER_MIGRATING);
		spin_unlock(&base->lock);       /* interrupts stay off across the move */
		base = new_base;
		spin_lock(&base->lock);
		WRITE_ONCE(t->flags, (t->flags & ~TIMER_BASEMASK) | base->cpu);
	}
	t->expires = expires;
	enqueue_timer(base, t);
	spin_unlock_irqrestore(&base->lock, flags);
	return was_pending;
}

bool mod_timer(struct timer_list *t, unsigned long expires)
{
	struct timer_base *new_base;
	unsigned long flags;
	bool ret;

	local_irq_save(flags);          /* this CPU's base stays this CPU's */
	new_base = this_cpu_ptr(&timer_bases);
	ret = __mod_timer(t, expires, new_base);
	local_irq_restore(flags);
	return ret;
}
EXPORT_SYMBOL(mod_timer);

void add_timer(struct timer_list *t)
{
	WARN_ON(timer_pending(t));
	mod_timer(t, t->expires);
}
EXPORT_SYMBOL(add_timer);

void add_timer_on(struct timer_list *t, int cpu)
{
	if (WARN(cpu < 0 || cpu >= NR_CPUS || !cpu_online((unsigned int)cpu),
		 "add_timer_on: CPU %d is not online\n", cpu))
		return;
	WARN_ON(timer_pending(t));
	__mod_timer(t, t->expires, per_cpu_ptr(&timer_bases, cpu));
}
EXPORT_SYMBOL_GPL(add_timer_on);

bool del_timer(struct timer_list *t)
{
	struct timer_base *base;
	unsigned long flags;
	bool was_pending;

	if (!timer_pending(t))
		return false;
	base = lock_timer_base(t, &flags);
	was_pending = detach_if_pending(base, t);
	spin_unlock_irqrestore(&base->lock, flags);
	return was_pending;
}
EXPORT_SYMBOL(del_timer);

/* del_timer(), but only if t's function is not running: -1 when it is (on any CPU). */
int try_to_del_timer_sync(struct timer_list *t)
{
	struct timer_base *base;
	unsigned long flags;
	int ret = -1;

	base = lock_timer_base(t, &flags);
	if (base->running_timer != t)
		ret = detach_if_pending(base, t);
	spin_unlock_irqrestore(&base->lock, flags);
	return ret;
}
EXPORT_SYMBOL(try_to_del_timer_sync);

bool del_timer_sync(struct timer_list *t)
{
	int ret;

	if (WARN(in_hardirq(), "del_timer_sync() from hard-IRQ context\n"))
		return del_timer(t);
	if (WARN(READ_ONCE(this_cpu_ptr(&timer_bases)->running_timer) == t &&
		 in_serving_softirq(),
		 "del_timer_sync() from the timer's own function would wait forever\n"))
		return del_timer(t);
	/* The function may be running on another CPU: wait until it has returned. It
	 * stays on that CPU's base meanwhile (__mod_timer does not move it). */
	while ((ret = try_to_del_timer_sync(t)) < 0)
		cpu_relax();
	return ret;
}
EXPORT_SYMBOL(del_timer_sync);

/* TIMER_SOFTIRQ: run every timer of this CPU's base that is due, earliest first.
 * Softirq context. */
static void run_timer_softirq(struct softirq_action *h)
{
	struct timer_base *base = this_cpu_ptr(&timer_bases);

	(void)h;
	spin_lock_irq(&base->lock);
	while (!list_empty(&base->pending)) {
		struct timer_list *t = list_first_entry(&base->pending, struct timer_list, entry);
		void (*fn)(struct timer_list *) = t->function;
		bool irqsafe = t->flags & TIMER_IRQSAFE;

		if (time_before(jiffies, t->expires))
			break;
		list_del_init(&t->entry);
		update_next_expiry(base);
		base->running_timer = t;
		if (irqsafe) {
			spin_unlock(&base->lock);
			fn(t);                  /* may re-arm itself with mod_timer() */
			spin_lock(&base->lock);
		} else {
			spin_unlock_irq(&base->lock);
			fn(t);
			spin_lock_irq(&base->lock);
		}
		base->running_timer = NULL;
	}
	spin_unlock_irq(&base->lock);
}

void run_local_timers(void)
{
	struct timer_base *base = this_cpu_ptr(&timer_bases);

	if (READ_ONCE(base->timers_pending) &&
	    time_after_eq(jiffies, READ_ONCE(base->next_expiry)))
		raise_softirq_irqoff(TIMER_SOFTIRQ);
}

unsigned int timers_queued_on(unsigned int cpu)
{
	struct timer_base *base = per_cpu_ptr(&timer_bases, cpu);
	struct list_head *pos;
	unsigned long flags;
	unsigned int n = 0;

	spin_lock_irqsave(&base->lock, flags);
	for (pos = base->pending.next; pos != &base->pending; pos = pos->next) {
		if (WARN(pos->next->prev != pos, "timer list of CPU%u is corrupt\n", cpu))
			break;
		n++;
	}
	spin_unlock_irqrestore(&base->lock, flags);
	return n;
}

static void timer_scan_one(struct mod_leak_scan *s, struct timer_list *t, unsigned int cpu,
			   const char *state)
{
	struct mod_leak *l;

	if ((!mod_leak_within(s, t) && !mod_leak_within(s, t->function)) ||
	    !(l = mod_leak_add(s)))
		return;
	snprintf(l->what, sizeof(l->what), "timer");
	l->fn = (unsigned long)t->function;
	if (t->caller) {
		l->api = "timer_setup";
		l->caller = t->caller;
	}
	snprintf(l->state, sizeof(l->state), "%s on CPU %u", state, cpu);
}

/* Pending timers, and the one running, of the module: each base under its lock. */
void timer_scan_module_leaks(struct mod_leak_scan *s)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct timer_base *base = per_cpu_ptr(&timer_bases, cpu);
		struct timer_list *t;
		unsigned long flags;

		spin_lock_irqsave(&base->lock, flags);
		list_for_each_entry(t, &base->pending, entry)
			timer_scan_one(s, t, cpu, "pending");
		if (base->running_timer)
			timer_scan_one(s, base->running_timer, cpu, "running");
		spin_unlock_irqrestore(&base->lock, flags);
	}
}

void timers_prepare_cpu(unsigned int cpu)
{
	struct timer_base *base = per_cpu_ptr(&timer_bases, cpu);

	spin_lock_init(&base->lock);
	INIT_LIST_HEAD(&base->pending);
	base->running_timer = NULL;
	base->timers_pending = false;
	base->cpu = cpu;
}

void init_timers(void)
{
	timers_prepare_cpu(0);
	open_softirq(TIMER_SOFTIRQ, run_timer_softirq);
}
