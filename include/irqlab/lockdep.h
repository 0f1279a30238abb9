/* include/irqlab/lockdep.h - the IRQ-safety checker: is a lock taken both in an
 * interrupt and where that interrupt can come?
 *
 * A lock taken in a hard-IRQ handler and also, elsewhere, with interrupts on can
 * deadlock on one CPU: the interrupt arrives while this CPU holds the lock, and its
 * handler spins on it for ever. The same holds for a softirq (timer, tasklet) and a
 * lock taken with softirqs enabled. Such a bug shows only when the interrupt lands
 * inside the short critical section, which may be once a month; the checker finds it
 * the first time each half merely happens, without the deadlock.
 *
 * It records, per lock class, Linux lockdep's four IRQ usage bits, each with the place
 * of its first acquisition, and reports "WARNING: inconsistent lock state" when a class
 * gets a bit and its opposite (once per class). A lock class is what one name stands
 * for: every lock initialised at one spin_lock_init() call site (its static key), or one
 * statically defined lock (DEFINE_SPINLOCK: its own address). A lock with neither (a
 * DEFINE_SPINLOCK on the stack) is not checked.
 *
 * Off unless 'lockdep' is on the kernel command line (or prove_locking is set): then
 * each spin_lock costs a call and a few compares more; off, one load and a branch. */
#ifndef IRQLAB_LOCKDEP_H
#define IRQLAB_LOCKDEP_H

#include <irqlab/types.h>

/* Only its address matters: one static key per spin_lock_init() site. */
struct lock_class_key {
	char unused;                    /* a zero-sized object might share its address */
};

struct lock_class;

struct lockdep_map {
	const char *name;
	struct lock_class_key *key;     /* NULL: the lock is its own class (static locks) */
	struct lock_class *class_cache; /* looked up at the first acquisition */
};

/* Linux's usage bits (its LOCK_USED_IN_HARDIRQ ... without the _READ ones). Each
 * bit's opposite is bit ^ 2. */
enum lock_usage_bit {
	LOCK_USED_IN_HARDIRQ,           /* taken in hard-IRQ context */
	LOCK_USED_IN_SOFTIRQ,           /* taken while serving a softirq */
	LOCK_ENABLED_HARDIRQ,           /* taken with interrupts on */
	LOCK_ENABLED_SOFTIRQ,           /* taken with interrupts and softirqs on */
	LOCK_USAGE_STATES
};

extern bool prove_locking;              /* the checker is on */
extern u32 lockdep_reports;             /* inconsistent-state reports so far */

/* Records this acquisition's context in the lock's class, reporting a conflict. Called
 * by spin_lock() before it takes the lock: spin_lock() is always inlined, so the return
 * address is the acquisition site. Any context. */
void lock_acquire(struct lockdep_map *map);

static __always_inline void spin_acquire(struct lockdep_map *map)
{
	if (unlikely(READ_ONCE(prove_locking)))
		lock_acquire(map);
}

/* Linux's lockdep_assert_irqs_disabled(): true (after a one-time warning) when the
 * checker is on and interrupts are not off. Off, it is one load of prove_locking, not
 * the PUSHF that reading the flags takes, which is why raise_softirq_irqoff() asks it
 * rather than irqs_disabled() on the tasklet path. */
#define lockdep_assert_irqs_disabled() \
	WARN_ON_ONCE(unlikely(READ_ONCE(prove_locking)) && !irqs_disabled())

/* The lock class behind map, for the tests: its usage bits, each bit's first site. */
unsigned int lockdep_class_usage(struct lockdep_map *map);
unsigned long lockdep_class_site(struct lockdep_map *map, enum lock_usage_bit bit);

#endif
