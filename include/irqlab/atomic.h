/* include/irqlab/atomic.h - atomic counters and bit operations, Linux's names.
 *
 * Intel SDM Vol. 3A, chapter "Multiple-Processor Management", section "Locked Atomic
 * Operations": an instruction with the LOCK prefix reads, changes and writes its memory
 * operand as one step that no other CPU's access can come between. Without it, an
 * `incl` or `btsl` on memory is a read and a write, and two CPUs doing it at once can
 * both read the old value: one update is lost. Each of these is also a full compiler
 * barrier, as a LOCKed instruction is a full barrier for the CPU.
 *
 * Use them for one word that several CPUs change with no lock around it: a statistic
 * any CPU may count (irq_err_count), a state bit that says who owns an object
 * (TASKLET_STATE_SCHED / _RUN). Several words that must agree need a spinlock. */
#ifndef IRQLAB_ATOMIC_H
#define IRQLAB_ATOMIC_H

#include <irqlab/types.h>

typedef struct {
	int counter;
} atomic_t;

#define ATOMIC_INIT(i)  { (i) }

static inline int atomic_read(const atomic_t *v)
{
	return READ_ONCE(v->counter);
}

static inline void atomic_set(atomic_t *v, int i)
{
	WRITE_ONCE(v->counter, i);
}

static inline void atomic_add(int i, atomic_t *v)
{
	__asm__ __volatile__("lock; addl %1, %0" : "+m"(v->counter) : "ir"(i) : "memory");
}

static inline void atomic_inc(atomic_t *v)
{
	__asm__ __volatile__("lock; incl %0" : "+m"(v->counter) :: "memory");
}

static inline void atomic_dec(atomic_t *v)
{
	__asm__ __volatile__("lock; decl %0" : "+m"(v->counter) :: "memory");
}

/* Adds i and returns the new value (LOCK XADD hands back the old one). */
static inline int atomic_add_return(int i, atomic_t *v)
{
	int old = i;

	__asm__ __volatile__("lock; xaddl %0, %1" : "+r"(old), "+m"(v->counter) :: "memory");
	return old + i;
}

/* XCHG with memory is locked without the prefix (SDM: "XCHG - Exchange"). */
static inline int atomic_xchg(atomic_t *v, int i)
{
	__asm__ __volatile__("xchgl %0, %1" : "+r"(i), "+m"(v->counter) :: "memory");
	return i;
}

/* If the counter is old, makes it new; returns what it was (CMPXCHG with LOCK). */
static inline int atomic_cmpxchg(atomic_t *v, int old, int new)
{
	__asm__ __volatile__("lock; cmpxchgl %2, %1"
			     : "+a"(old), "+m"(v->counter) : "r"(new) : "memory");
	return old;
}

/* Adds one unless the counter is zero; true if it added. */
static inline bool atomic_inc_not_zero(atomic_t *v)
{
	int c = atomic_read(v);

	while (c) {
		int seen = atomic_cmpxchg(v, c, c + 1);

		if (seen == c)
			return true;
		c = seen;
	}
	return false;
}

/* Bit nr of the word at addr; nr below 32. */
static inline void set_bit(unsigned int nr, volatile unsigned long *addr)
{
	__asm__ __volatile__("lock; btsl %1, %0" : "+m"(*addr) : "Ir"(nr) : "memory");
}

static inline void clear_bit(unsigned int nr, volatile unsigned long *addr)
{
	__asm__ __volatile__("lock; btrl %1, %0" : "+m"(*addr) : "Ir"(nr) : "memory");
}

/* Sets the bit and returns what it was: of CPUs racing for a clear bit, exactly one
 * sees false. */
static inline bool test_and_set_bit(unsigned int nr, volatile unsigned long *addr)
{
	bool old;

	__asm__ __volatile__("lock; btsl %2, %0" : "+m"(*addr), "=@ccc"(old) : "Ir"(nr)
			     : "memory");
	return old;
}

static inline bool test_and_clear_bit(unsigned int nr, volatile unsigned long *addr)
{
	bool old;

	__asm__ __volatile__("lock; btrl %2, %0" : "+m"(*addr), "=@ccc"(old) : "Ir"(nr)
			     : "memory");
	return old;
}

static inline bool test_bit(unsigned int nr, const volatile unsigned long *addr)
{
	return (*addr >> nr) & 1;
}

#endif
