/* include/irqlab/percpu.h - per-CPU variables, Linux style.
 *
 * DEFINE_PER_CPU(int, x) puts x in the .data..percpu section. CPU n reaches its copy at
 * &x + __per_cpu_offset[n]; the boot CPU's offset is 0, so today every access is the
 * section copy itself, but code written with this_cpu_*() needs no change for SMP.
 * A this_cpu_*() access is only meaningful with preemption or interrupts off (on SMP
 * the thread could move); on one CPU it is always right. */
#ifndef IRQLAB_PERCPU_H
#define IRQLAB_PERCPU_H

#include <irqlab/types.h>

#define NR_CPUS 1

#define DEFINE_PER_CPU(type, name) \
	__attribute__((section(".data..percpu"))) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name

extern unsigned long __per_cpu_offset[NR_CPUS];

static inline unsigned int smp_processor_id(void)
{
	return 0;
}

#define per_cpu_ptr(ptr, cpu) \
	((__typeof__(ptr))((char *)(ptr) + __per_cpu_offset[(cpu)]))
#define this_cpu_ptr(ptr)       per_cpu_ptr(ptr, smp_processor_id())
#define per_cpu(var, cpu)       (*per_cpu_ptr(&(var), (cpu)))
#define this_cpu_read(var)      (*this_cpu_ptr(&(var)))
#define this_cpu_write(var, v)  (*this_cpu_ptr(&(var)) = (v))
#define this_cpu_add(var, v)    (*this_cpu_ptr(&(var)) += (v))
#define this_cpu_inc(var)       this_cpu_add(var, 1)

#define for_each_possible_cpu(cpu) for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++)

#endif
