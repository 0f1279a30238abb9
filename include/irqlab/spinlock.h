/* include/irqlab/spinlock.h - spinlocks, Linux's API and contexts.
 *
 * A spinlock protects data from the other CPUs; the context change that comes with it
 * protects the data from this CPU's own interrupts and threads: spin_lock_irqsave()
 * turns interrupts off, spin_lock_bh() holds off softirqs (and so tasklets and BH work),
 * spin_lock() disables preemption. Both halves are needed: a handler that interrupts
 * the holder on its own CPU and spins on the same lock would wait forever.
 *
 * The lock word is a ticket lock (arch_spinlock_t), like a bakery's numbered tickets:
 * `tail` is the next ticket to hand out, `head` the ticket now being served. To lock, a
 * CPU takes a ticket with one atomic fetch-and-add on `tail` (LOCK XADD, so no two CPUs
 * can draw the same number) and spins until `head` shows it. To unlock, the holder moves
 * `head` on by one; only the holder ever writes `head`, so a plain store does (x86 keeps
 * stores in order, and the compiler barrier keeps the critical section above it). The
 * lock is free when head == tail. Waiters are served in the order they came: no CPU can
 * be overtaken forever, which a plain test-and-set lock cannot promise.
 *
 * Above the lock word, spinlock_t records which CPU holds it, to report what would hang
 * or corrupt silently: taking a lock this CPU already holds ("recursion": it would spin
 * on itself for ever, so it is reported and not taken), and releasing one that is not
 * held ("already unlocked") or that another CPU holds ("wrong CPU").
 *
 * Which variant: data shared with a hard-IRQ handler -> _irqsave; with a softirq,
 * tasklet or BH work item (and not hard-IRQ) -> _bh; between threads only -> plain. */
#ifndef IRQLAB_SPINLOCK_H
#define IRQLAB_SPINLOCK_H

#include <irqlab/bottom_half.h>
#include <irqlab/irqflags.h>
#include <irqlab/preempt.h>

typedef union {
	u32 slock;
	struct {
		u16 head;               /* the ticket being served */
		u16 tail;               /* the next ticket to hand out */
	} tickets;
} arch_spinlock_t;

#define TICKET_SHIFT            16      /* tail is the upper half of slock */
#define __ARCH_SPIN_LOCK_UNLOCKED { .slock = 0 }

static inline void arch_spin_lock(arch_spinlock_t *lock)
{
	u32 inc = 1u << TICKET_SHIFT;
	u16 ticket;

	__asm__ __volatile__("lock; xaddl %0, %1" : "+r"(inc), "+m"(lock->slock) :: "memory");
	ticket = (u16)(inc >> TICKET_SHIFT);
	/* inc now holds the word before our add: its head is the ticket being served. */
	if ((u16)inc == ticket)
		return;
	while (READ_ONCE(lock->tickets.head) != ticket)
		cpu_relax();
	barrier();
}

/* Takes the lock only if nobody holds or waits for it: a compare-and-swap of the whole
 * word from "head == tail" to "tail + 1". */
static inline bool arch_spin_trylock(arch_spinlock_t *lock)
{
	u32 old = READ_ONCE(lock->slock), prev;

	if ((u16)old != (u16)(old >> TICKET_SHIFT))
		return false;
	__asm__ __volatile__("lock; cmpxchgl %2, %1"
			     : "=a"(prev), "+m"(lock->slock)
			     : "r"(old + (1u << TICKET_SHIFT)), "0"(old) : "memory");
	return prev == old;
}

static inline void arch_spin_unlock(arch_spinlock_t *lock)
{
	barrier();
	WRITE_ONCE(lock->tickets.head, (u16)(lock->tickets.head + 1));
}

static inline bool arch_spin_is_locked(arch_spinlock_t *lock)
{
	u32 v = READ_ONCE(lock->slock);

	return (u16)v != (u16)(v >> TICKET_SHIFT);
}

#define SPINLOCK_OWNER_NONE     (-1)

typedef struct spinlock {
	arch_spinlock_t raw_lock;
	int owner_cpu;                  /* the CPU holding it, or SPINLOCK_OWNER_NONE */
	const char *name;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n) \
	{ .raw_lock = __ARCH_SPIN_LOCK_UNLOCKED, .owner_cpu = SPINLOCK_OWNER_NONE, .name = #n }
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

static inline void spin_lock_init(spinlock_t *l)
{
	l->raw_lock = (arch_spinlock_t)__ARCH_SPIN_LOCK_UNLOCKED;
	l->owner_cpu = SPINLOCK_OWNER_NONE;
	l->name = "spinlock";
}

void spin_bug(spinlock_t *lock, const char *msg);

static inline void do_raw_spin_lock(spinlock_t *l)
{
	if (unlikely(READ_ONCE(l->owner_cpu) == (int)smp_processor_id())) {
		spin_bug(l, "recursion");
		return;                 /* taking it would spin for ever */
	}
	arch_spin_lock(&l->raw_lock);
	l->owner_cpu = (int)smp_processor_id();
}

static inline void do_raw_spin_unlock(spinlock_t *l)
{
	if (unlikely(!arch_spin_is_locked(&l->raw_lock))) {
		spin_bug(l, "already unlocked");
		return;                 /* moving head past tail would break the next lock */
	}
	if (unlikely(l->owner_cpu != (int)smp_processor_id()))
		spin_bug(l, "wrong CPU");
	l->owner_cpu = SPINLOCK_OWNER_NONE;
	arch_spin_unlock(&l->raw_lock);
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
	return arch_spin_is_locked(&l->raw_lock);
}

#endif
