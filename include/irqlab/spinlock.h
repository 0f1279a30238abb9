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
 * Above the lock word, spinlock_t records which CPU and task hold it, to report what
 * would hang or corrupt silently (kernel/locking/spinlock.c prints Linux's spin_dump):
 * taking a lock this CPU already holds ("recursion": it would spin on itself for ever,
 * so it is reported and not taken), releasing one that is not held ("already unlocked")
 * or that another CPU holds ("wrong CPU"), a lock never initialised ("bad magic"), and a
 * wait longer than spin_lockup_ms ("lockup suspected", once per acquisition; the wait
 * goes on). Each acquisition also goes through the IRQ-safety checker when it is on
 * (include/irqlab/lockdep.h).
 *
 * Which variant: data shared with a hard-IRQ handler -> _irqsave; with a softirq,
 * tasklet or BH work item (and not hard-IRQ) -> _bh; between threads only -> plain. */
#ifndef IRQLAB_SPINLOCK_H
#define IRQLAB_SPINLOCK_H

#include <irqlab/bottom_half.h>
#include <irqlab/irqflags.h>
#include <irqlab/lockdep.h>
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

/* Draws the next ticket and returns the word as it was before: its tail is our ticket,
 * its head the ticket being served then. */
static inline u32 arch_spin_take_ticket(arch_spinlock_t *lock)
{
	u32 inc = 1u << TICKET_SHIFT;

	__asm__ __volatile__("lock; xaddl %0, %1" : "+r"(inc), "+m"(lock->slock) :: "memory");
	return inc;
}

static inline u16 ticket_of(u32 old) { return (u16)(old >> TICKET_SHIFT); }
static inline bool ticket_served_at_once(u32 old) { return (u16)old == ticket_of(old); }

static inline void arch_spin_lock(arch_spinlock_t *lock)
{
	u32 old = arch_spin_take_ticket(lock);

	if (ticket_served_at_once(old))
		return;
	while (READ_ONCE(lock->tickets.head) != ticket_of(old))
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
#define SPINLOCK_MAGIC          0xdead4ead      /* Linux's: a lock that was initialised */

struct task_struct;

typedef struct spinlock {
	arch_spinlock_t raw_lock;
	unsigned int magic;             /* SPINLOCK_MAGIC */
	int owner_cpu;                  /* the CPU holding it, or SPINLOCK_OWNER_NONE */
	struct task_struct *owner;      /* the task holding it, or NULL */
	struct lockdep_map dep_map;     /* its name and lock class */
} spinlock_t;

/* A lock defined so is its own lock class (its address is its key), when it is static. */
#define __SPIN_LOCK_UNLOCKED(n) {                                               \
	.raw_lock = __ARCH_SPIN_LOCK_UNLOCKED, .magic = SPINLOCK_MAGIC,         \
	.owner_cpu = SPINLOCK_OWNER_NONE, .owner = NULL,                        \
	.dep_map = { .name = #n } }
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

void __spin_lock_init(spinlock_t *l, const char *name, struct lock_class_key *key);
/* Every lock initialised at one spin_lock_init() call site is one lock class, as in
 * Linux: the site's static key names it. Any context. */
#define spin_lock_init(l) do {                                                  \
	static struct lock_class_key __key;                                     \
	__spin_lock_init((l), #l, &__key);                                      \
} while (0)

void spin_bug(spinlock_t *lock, const char *msg);
/* The contended path: spins until ticket is served, reporting a lockup once. */
void spin_lock_wait(spinlock_t *lock, u16 ticket);

DECLARE_PER_CPU(struct task_struct *, current_task);

static __always_inline void do_raw_spin_lock(spinlock_t *l)
{
	int cpu = (int)smp_processor_id();
	u32 old;

	if (unlikely(READ_ONCE(l->magic) != SPINLOCK_MAGIC))
		spin_bug(l, "bad magic");
	if (unlikely(READ_ONCE(l->owner_cpu) == cpu)) {
		spin_bug(l, "recursion");
		return;                 /* taking it would spin for ever */
	}
	old = arch_spin_take_ticket(&l->raw_lock);
	if (unlikely(!ticket_served_at_once(old)))
		spin_lock_wait(l, ticket_of(old));
	l->owner_cpu = cpu;
	l->owner = this_cpu_read(current_task);
}

static __always_inline void do_raw_spin_unlock(spinlock_t *l)
{
	if (unlikely(!arch_spin_is_locked(&l->raw_lock))) {
		spin_bug(l, "already unlocked");
		return;                 /* moving head past tail would break the next lock */
	}
	if (unlikely(l->owner_cpu != (int)smp_processor_id()))
		spin_bug(l, "wrong CPU");
	l->owner_cpu = SPINLOCK_OWNER_NONE;
	l->owner = NULL;
	arch_spin_unlock(&l->raw_lock);
}

static __always_inline void spin_lock(spinlock_t *l)
{
	preempt_disable();
	spin_acquire(&l->dep_map);
	do_raw_spin_lock(l);
}

void preempt_enable(void);

static __always_inline void spin_unlock(spinlock_t *l)
{
	do_raw_spin_unlock(l);
	preempt_enable();
}

#define spin_lock_irqsave(l, flags) do {                                \
	local_irq_save(flags);                                          \
	spin_lock(l);                                                   \
} while (0)

static __always_inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	do_raw_spin_unlock(l);
	local_irq_restore(flags);
	preempt_enable();
}

static __always_inline void spin_lock_irq(spinlock_t *l)
{
	local_irq_disable();
	spin_lock(l);
}

static __always_inline void spin_unlock_irq(spinlock_t *l)
{
	do_raw_spin_unlock(l);
	local_irq_enable();
	preempt_enable();
}

static __always_inline void spin_lock_bh(spinlock_t *l)
{
	local_bh_disable();
	spin_lock(l);
}

static __always_inline void spin_unlock_bh(spinlock_t *l)
{
	do_raw_spin_unlock(l);
	preempt_enable_no_resched();
	local_bh_enable();
}

static inline bool spin_is_locked(spinlock_t *l)
{
	return arch_spin_is_locked(&l->raw_lock);
}

/* Linux's raw_spinlock_t: a lock that stays a spinning lock even under PREEMPT_RT, for
 * the code that must never sleep (the IRQ core's desc->lock). irqlab has no PREEMPT_RT,
 * so every spinlock_t already is one: the raw_ names say which locks Linux keeps raw. */
typedef spinlock_t raw_spinlock_t;
#define raw_spin_lock_init(l)                   spin_lock_init(l)
#define raw_spin_lock(l)                        spin_lock(l)
#define raw_spin_unlock(l)                      spin_unlock(l)
#define raw_spin_lock_irq(l)                    spin_lock_irq(l)
#define raw_spin_unlock_irq(l)                  spin_unlock_irq(l)
#define raw_spin_lock_irqsave(l, flags)         spin_lock_irqsave(l, flags)
#define raw_spin_unlock_irqrestore(l, flags)    spin_unlock_irqrestore(l, flags)
#define raw_spin_is_locked(l)                   spin_is_locked(l)

#endif
