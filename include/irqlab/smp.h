/* include/irqlab/smp.h - bringing the other CPUs up, and asking them to run a function.
 *
 * A function call IPI runs func(info) on another CPU in hard-IRQ context, with
 * interrupts off there, as Linux's smp_call_function_*(). The caller must have
 * interrupts on: two CPUs that each wait, interrupts off, for the other to run their
 * call would wait for ever (each call WARNs and returns -EINVAL otherwise, as a bug).
 * wait: return only after func has returned on every target; without it, func may run
 * later, and info must stay valid until it has. func must not sleep. */
#ifndef IRQLAB_SMP_H
#define IRQLAB_SMP_H

#include <irqlab/cpumask.h>
#include <irqlab/types.h>

/* Starts every other CPU the firmware lists (APIC mode only), each into its idle loop,
 * and says how many run. Once, at boot, process context, interrupts on, after the tick
 * has been calibrated (arch/x86/smpboot.c). */
void smp_init(void);

typedef void (*smp_call_func_t)(void *info);

/* Runs func on cpu (here, interrupts off, if cpu is this CPU). 0, -ENXIO if cpu is not
 * online, -EINVAL if called with interrupts off. Process or softirq context. */
int smp_call_function_single(unsigned int cpu, smp_call_func_t func, void *info, bool wait);
/* Runs func on each online CPU of *mask but this one. Same context as above. */
void smp_call_function_many(const unsigned long *mask, smp_call_func_t func, void *info,
			    bool wait);
/* Runs func on every other online CPU. */
void smp_call_function(smp_call_func_t func, void *info, bool wait);
/* Runs func on every online CPU, this one included (with interrupts off here too). */
void on_each_cpu(smp_call_func_t func, void *info, bool wait);

/* What a function call IPI's handler runs (arch/x86/ipi.c): every call queued for this
 * CPU; returns how many ran. Hard-IRQ context, interrupts off. */
unsigned int generic_smp_call_function_single_interrupt(void);

#endif
