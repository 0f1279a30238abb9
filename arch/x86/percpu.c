/* arch/x86/percpu.c - per-CPU offsets and the per-CPU state every entry path touches.
 * See include/irqlab/percpu.h: the boot CPU uses the section copy, offset 0. */
#include <irqlab/preempt.h>

unsigned long __per_cpu_offset[NR_CPUS];

DEFINE_PER_CPU(unsigned int, __preempt_count);
