/* include/irqlab/cpumask.h - which CPUs exist and which run, Linux's names.
 *
 * possible: has a per-CPU area (the boot CPU, and each CPU the MADT lists once bring-up
 * has set one up for it); online: running the kernel (the CPU sets its own bit as its
 * last step of bring-up). A bit is never cleared: irqlab has no CPU hotplug. One bit per
 * CPU in a word; written with a locked OR, read anywhere. */
#ifndef IRQLAB_CPUMASK_H
#define IRQLAB_CPUMASK_H

#include <irqlab/types.h>

#define NR_CPUS 8                       /* the most CPUs irqlab brings up */

extern unsigned long __cpu_possible_mask, __cpu_online_mask;

static inline bool cpu_possible(unsigned int cpu)
{
	return cpu < NR_CPUS && (READ_ONCE(__cpu_possible_mask) & BIT(cpu));
}

static inline bool cpu_online(unsigned int cpu)
{
	return cpu < NR_CPUS && (READ_ONCE(__cpu_online_mask) & BIT(cpu));
}

static inline void cpumask_set_cpu_atomic(unsigned int cpu, unsigned long *mask)
{
	__asm__ __volatile__("lock; orl %1, %0" : "+m"(*mask) : "r"(BIT(cpu)) : "memory");
}

static inline void set_cpu_possible(unsigned int cpu)
{
	cpumask_set_cpu_atomic(cpu, &__cpu_possible_mask);
}

static inline void set_cpu_online(unsigned int cpu)
{
	cpumask_set_cpu_atomic(cpu, &__cpu_online_mask);
}

static inline unsigned int num_online_cpus(void)
{
	unsigned int n = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		n += cpu_online(cpu);
	return n;
}

/* The CPUs in a mask (Linux's hweight32), without the compiler's library call. */
static inline unsigned int cpumask_weight(unsigned long mask)
{
	unsigned int n = 0;

	for (; mask; mask &= mask - 1)
		n++;
	return n;
}

/* One past the highest possible CPU: how many bits a printed mask has (Linux's
 * nr_cpu_ids). At least 1: the boot CPU is always possible. */
static inline unsigned int nr_cpu_ids_now(void)
{
	return 32 - __builtin_clzl(READ_ONCE(__cpu_possible_mask));
}
#define nr_cpu_ids nr_cpu_ids_now()

#define CPU_MASK_ALL    (BIT(NR_CPUS) - 1)
#define cpu_online_mask READ_ONCE(__cpu_online_mask)

/* The first CPU of mask, or NR_CPUS when it is empty. */
static inline unsigned int cpumask_first(unsigned long mask)
{
	return mask ? (unsigned int)__builtin_ctzl(mask) : NR_CPUS;
}

#define for_each_possible_cpu(cpu) \
	for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++) if (!cpu_possible(cpu)) {} else
#define for_each_online_cpu(cpu) \
	for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++) if (!cpu_online(cpu)) {} else

#endif
