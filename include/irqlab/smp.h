/* include/irqlab/smp.h - bringing the other CPUs up. */
#ifndef IRQLAB_SMP_H
#define IRQLAB_SMP_H

/* Starts every other CPU the firmware lists (APIC mode only), each into its idle loop,
 * and says how many run. Once, at boot, process context, interrupts on, after the tick
 * has been calibrated (arch/x86/smpboot.c). */
void smp_init(void);

#endif
