/* include/irqlab/nmi.h - what the other CPUs are doing, asked for through an NMI.
 *
 * trigger_*_cpu_backtrace() send an NMI (it gets through even where interrupts are off:
 * a CPU spinning on a lock with interrupts off still answers) to each CPU named, and each
 * prints "NMI backtrace for cpu N", its registers as the NMI found them, and its call
 * trace; this CPU, if named, prints its own call trace. One CPU prints at a time, so
 * the blocks never interleave. They return after every CPU has printed, or after 10 s
 * of waiting for one that does not answer (said so); true if the backtraces were asked
 * for (false: no LAPIC to send NMIs with, and this CPU was not named). A trigger while
 * another is in progress adds nothing and returns true. Any context but NMI. */
#ifndef IRQLAB_NMI_H
#define IRQLAB_NMI_H

#include <irqlab/types.h>

struct pt_regs;

bool trigger_cpumask_backtrace(unsigned long mask);
bool trigger_all_cpu_backtrace(void);
bool trigger_allbutself_cpu_backtrace(void);
bool trigger_single_cpu_backtrace(unsigned int cpu);

/* From do_nmi(): prints this CPU's backtrace if one was asked for; false if this NMI
 * came for another reason. NMI context. */
bool nmi_cpu_backtrace(struct pt_regs *regs);

#endif
