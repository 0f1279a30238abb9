/* include/irqlab/percpu.h - per-CPU variables, Linux style (as on i386).
 *
 * DEFINE_PER_CPU(int, x) puts x in the .data..percpu section. CPU n reaches its copy at
 * &x + __per_cpu_offset[n]. The boot CPU's offset is 0: its copy is the section itself.
 * Every other CPU gets a zeroed area of its own when it is brought up (setup_per_cpu_area,
 * arch/x86/percpu.c), so per-CPU variables take no initialisers: their initial value is
 * 0 on every CPU, and code that needs more sets each CPU's copy up.
 *
 * The running CPU finds its offset through a segment: each CPU's GDT has a descriptor
 * (__KERNEL_PERCPU, loaded into FS) whose base is that CPU's offset, so "movl %fs:x" reads
 * this CPU's copy of x in one instruction, with no table lookup and no CPU number to
 * know first. this_cpu_ptr() reads this_cpu_off that way and adds it to the address;
 * smp_processor_id() reads cpu_number. Before the GDT is loaded FS is flat, which reads
 * the section copy: the boot CPU's, and right for it.
 *
 * A thread may move to another CPU whenever it can be preempted, so this_cpu_read(),
 * this_cpu_write() and this_cpu_add() are each one instruction through %fs: the access
 * happens whole on whichever CPU the thread is on at that instant (preempt_count and
 * current rely on it). this_cpu_ptr() computes an address that stays this CPU's: use it
 * only with preemption or interrupts off. */
#ifndef IRQLAB_PERCPU_H
#define IRQLAB_PERCPU_H

#include <irqlab/cpumask.h>
#include <irqlab/types.h>

#define DEFINE_PER_CPU(type, name) \
	__attribute__((section(".data..percpu"))) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name

extern unsigned long __per_cpu_offset[NR_CPUS];
DECLARE_PER_CPU(unsigned long, this_cpu_off);  /* = __per_cpu_offset[this CPU] */
DECLARE_PER_CPU(unsigned int, cpu_number);

/* This CPU's copy of a 32-bit per-CPU variable that never changes once the CPU is up:
 * the compiler may reuse the value within a function. */
#define this_cpu_read_stable(var) ({                                            \
	__typeof__(var) __v;                                                    \
	_Static_assert(sizeof(var) == 4, "one 32-bit load through %fs");        \
	__asm__("movl %%fs:%1, %0" : "=r"(__v) : "m"(var));                     \
	__v; })

static inline unsigned int smp_processor_id(void)
{
	return this_cpu_read_stable(cpu_number);
}

#define per_cpu_ptr(ptr, cpu) \
	((__typeof__(ptr))((char *)(ptr) + __per_cpu_offset[(cpu)]))
#define this_cpu_ptr(ptr) \
	((__typeof__(ptr))((char *)(ptr) + this_cpu_read_stable(this_cpu_off)))
#define per_cpu(var, cpu)       (*per_cpu_ptr(&(var), (cpu)))
#define __this_cpu_size_ok(var) \
	_Static_assert(sizeof(var) == 1 || sizeof(var) == 2 || sizeof(var) == 4, \
		       "one load or store through %fs")
#define this_cpu_read(var) ({                                                   \
	__typeof__(var) __v;                                                    \
	__this_cpu_size_ok(var);                                                \
	__asm__ __volatile__("mov %%fs:%1, %0" : "=q"(__v) : "m"(var));         \
	__v; })
#define this_cpu_write(var, v) do {                                             \
	__typeof__(var) __v = (v);                                              \
	__this_cpu_size_ok(var);                                                \
	__asm__ __volatile__("mov %1, %%fs:%0" : "=m"(var) : "q"(__v) : "memory"); \
} while (0)
#define this_cpu_add(var, v) do {                                               \
	__typeof__(var) __v = (__typeof__(var))(v);                             \
	__this_cpu_size_ok(var);                                                \
	__asm__ __volatile__("add %1, %%fs:%0" : "+m"(var) : "q"(__v) : "memory"); \
} while (0)
#define this_cpu_inc(var)       this_cpu_add(var, 1)

/* Gives cpu a zeroed per-CPU area with this_cpu_off and cpu_number set, and marks it
 * possible. Boot, process context. 0 or -ENOMEM. */
int __must_check setup_per_cpu_area(unsigned int cpu);

#endif
