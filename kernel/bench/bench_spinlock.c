/* kernel/bench/bench_spinlock.c - what spinlock debugging costs an uncontended lock.
 *
 * Each sample is SPIN_PAIRS lock/unlock pairs (one pair is too short to see against
 * rdtsc itself), interrupts off so no tick lands inside: the bare ticket lock
 * (arch_spin_lock), spin_lock() with its owner checks and the IRQ-safety checker off,
 * and the same with the checker on (a class whose usage is already known: the common
 * case after boot). */
#include <irqlab/lockdep.h>
#include <irqlab/spinlock.h>
#include "bench.h"

#define SPIN_PAIRS      100

static DEFINE_SPINLOCK(bench_lock);

static int bench_arch_spin_lock(u32 *s, int n)
{
	unsigned long flags;

	for (int i = 0; i < n; i++) {
		local_irq_save(flags);
		bench_t0 = rdtsc();
		for (int j = 0; j < SPIN_PAIRS; j++) {
			arch_spin_lock(&bench_lock.raw_lock);
			arch_spin_unlock(&bench_lock.raw_lock);
		}
		s[i] = (u32)(rdtsc() - bench_t0);
		local_irq_restore(flags);
	}
	return n;
}
DEFINE_BENCH(arch_spin_lock, 120, "arch_spin_lock_unlock_x100", bench_arch_spin_lock);

static int spin_lock_samples(u32 *s, int n, bool checker)
{
	bool was_on = prove_locking;
	unsigned long flags;

	WRITE_ONCE(prove_locking, checker);
	for (int i = 0; i < n; i++) {
		local_irq_save(flags);
		bench_t0 = rdtsc();
		for (int j = 0; j < SPIN_PAIRS; j++) {
			spin_lock(&bench_lock);
			spin_unlock(&bench_lock);
		}
		s[i] = (u32)(rdtsc() - bench_t0);
		local_irq_restore(flags);
	}
	WRITE_ONCE(prove_locking, was_on);
	return n;
}

static int bench_spin_lock(u32 *s, int n)
{
	return spin_lock_samples(s, n, false);
}
DEFINE_BENCH(spin_lock, 121, "spin_lock_unlock_x100", bench_spin_lock);

static int bench_spin_lock_lockdep(u32 *s, int n)
{
	return spin_lock_samples(s, n, true);
}
DEFINE_BENCH(spin_lock_lockdep, 122, "spin_lock_unlock_lockdep_x100", bench_spin_lock_lockdep);
