/* arch/x86/irq.h - the x86 side of interrupt delivery: vectors to lines. */
#ifndef ARCH_X86_IRQ_H
#define ARCH_X86_IRQ_H

#include <irqlab/irq.h>
#include "ptrace.h"

/* Points vector at line irq for this CPU (Linux: the per-CPU vector_irq[] table). */
void irq_bind_vector(unsigned int vector, unsigned int irq);
/* Gives cpu the boot CPU's vectors. The AP itself, at bring-up, interrupts off. */
void setup_vector_irq(unsigned int cpu);

void do_IRQ(struct pt_regs *regs);
void irqentry_exit_cond_resched(struct pt_regs *regs);

/* The vector a line is delivered on (-1: none), and raising a vector from software
 * (arch/x86/irq_vector.c). */
void irq_set_vector(unsigned int irq, unsigned int vector);
int irq_to_vector(unsigned int irq);
void x86_raise_vector(unsigned int vector);

#endif
