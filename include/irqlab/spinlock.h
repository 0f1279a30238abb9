/* include/irqlab/spinlock.h - spinlocks, Linux's API and contexts.
 *
 * On one CPU a spinlock has nothing to spin on: what protects the data is the context
 * change that comes with it - spin_lock_irqsave() turns interrupts off, spin_lock_bh()
 * holds off softirqs (and so tasklets and BH work), spin_lock() disables preemption.
 * The lock word is still here and checked: taking a lock this CPU already holds is a
 * deadlock on SMP, and irqlab reports it ("BUG: spinlock recursion") instead of letting
 * it pass unnoticed on one CPU. SMP will add the atomic exchange on 'locked'.
 *
 * Which variant: data shared with a hard-IRQ handler -> _irqsave; with a softirq,
 * tasklet or BH work item (and not hard-IRQ) -> _bh; between threads only -> plain. */
#ifndef IRQLAB_SPINLOCK_H
#define IRQLAB_SPINLOCK_H

#include <irqlab/bottom_half.h>
#include <irqlab/irqflags.h>
#include <irqlab/preempt.h>

typedef struct spinlock {
	u32 locked;
	const char *name;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n) { .locked = 0, .name = #n }
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

static inline void spin_lock_init(spinlock_t *l)
{
	l->locked = 0;
	l->name = "spinlock";
}

void spin_bug(spinlock_t *lock, const char *msg);

static inline void do_raw_spin_lock(spinlock_t *l)
{
	if (unlikely(l->locked))
		spin_bug(l, "recursion");
	l->locked = 1;
}

static inline void do_raw_spin_unlock(spinlock_t *l)
{
	if (unlikely(!l->locked))
		spin_bug(l, "already unlocked");
	l->locked = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	preempt_disable();
	do_raw_spin_lock(l);
}

void preempt_enable(void);

static inline void spin_unlock(spinlock_t *l)
{
	do_raw_spin_unlock(l);
	preempt_enable();
}

#define spin_lock_irqsave(l, flags) do {                                \
	local_irq_save(flags);                                          \
	spin_lock(l);                                                   \
} while (0)

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	do_raw_spin_unlock(l);
	local_irq_restore(flags);
	preempt_enable();
}

static inline void spin_lock_irq(spinlock_t *l)
{
	local_irq_disable();
	spin_lock(l);
}

static inline void spin_unlock_irq(spinlock_t *l)
{
	do_raw_spin_unlock(l);
	local_irq_enable();
	preempt_enable();
}

static inline void spin_lock_bh(spinlock_t *l)
{
	local_bh_disable();
	spin_lock(l);
}

static inline void spin_unlock_bh(spinlock_t *l)
{
	do_raw_spin_unlock(l);
	preempt_enable_no_resched();
	local_bh_enable();
}

static inline bool spin_is_locked(spinlock_t *l)
{
	return READ_ONCE(l->locked);
}

#endif
