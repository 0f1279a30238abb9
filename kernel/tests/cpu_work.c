/* kernel/tests/cpu_work.c - a function for another CPU's idle loop to run.
 *
 * Until threads run on every CPU, a CPU other than the boot CPU runs nothing but its idle
 * loop. The SMP suites need it to run their side of a race: they hand it a function here,
 * and cpu_idle() calls ktest_cpu_work_poll() after each wake-up (its LAPIC tick
 * wakes it at least every tick).
 *
 * Lock: cpu_work[cpu] belongs to the starting CPU while fn is NULL and to cpu while fn is
 * set; the handover is the store of fn, ordered after arg by a barrier (x86 keeps stores
 * in order), and back by cpu's store of NULL after the call. */
#include <irqlab/atomic.h>
#include <irqlab/cpumask.h>
#include <irqlab/sched.h>
#include <irqlab/timer.h>
#include "arch/x86/cpu.h"
#include "cpu_work.h"

struct cpu_work {
	void (*fn)(void *arg);
	void *arg;
};

static struct cpu_work cpu_work[NR_CPUS];

bool ktest_cpu_work_pending(void)
{
	return READ_ONCE(cpu_work[smp_processor_id()].fn) != NULL;
}

void ktest_cpu_work_poll(void)
{
	struct cpu_work *w = &cpu_work[smp_processor_id()];
	void (*fn)(void *arg) = READ_ONCE(w->fn);

	if (!fn)
		return;
	barrier();
	fn(w->arg);
	WRITE_ONCE(w->fn, NULL);
}

bool ktest_cpu_work_start(unsigned int cpu, void (*fn)(void *arg), void *arg)
{
	if (!cpu_online(cpu) || cpu == smp_processor_id() || READ_ONCE(cpu_work[cpu].fn))
		return false;
	cpu_work[cpu].arg = arg;
	barrier();
	WRITE_ONCE(cpu_work[cpu].fn, fn);
	return true;
}

void ktest_cpu_work_wait(unsigned int cpu)
{
	while (READ_ONCE(cpu_work[cpu].fn))
		msleep(1);
}

int ktest_other_cpu(void)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (cpu != smp_processor_id())
			return (int)cpu;
	return -1;
}

/* ktest_race()'s start line: each side arrives, then waits for the other, so that the
 * race is run for its whole length and not while one side is still waking up. */
static struct race {
	void (*fn)(void *arg);
	void *arg;
	atomic_t arrived;
} race;

static void race_side(void *unused)
{
	(void)unused;
	atomic_inc(&race.arrived);
	while (atomic_read(&race.arrived) < 2)
		cpu_relax();
	race.fn(race.arg);
}

bool ktest_race(void (*fn)(void *arg), void *arg)
{
	int other = ktest_other_cpu();

	race.fn = fn;
	race.arg = arg;
	atomic_set(&race.arrived, 0);
	if (other < 0 || !ktest_cpu_work_start((unsigned int)other, race_side, NULL))
		return false;
	race_side(NULL);
	ktest_cpu_work_wait((unsigned int)other);
	return true;
}
