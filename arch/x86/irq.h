/* arch/x86/irq.h - the x86 side of interrupt delivery: vectors to lines. */
#ifndef ARCH_X86_IRQ_H
#define ARCH_X86_IRQ_H

#include <irqlab/irq.h>
#include "ptrace.h"

/* Points vector at line irq for this CPU (Linux: the per-CPU vector_irq[] table). */
void irq_bind_vector(unsigned int vector, unsigned int irq);
/* Gives cpu the boot CPU's vectors. The AP itself, at bring-up, interrupts off. */
void setup_vector_irq(unsigned int cpu);

/* A free vector for a line made at run time (MSI), bound on CPU 0: the vector or
 * -ENOSPC; and giving it back. Process context. */
int irq_alloc_vector(unsigned int irq);
void irq_free_vector(unsigned int irq, unsigned int vector);

void do_IRQ(struct pt_regs *regs);
void irqentry_exit_cond_resched(struct pt_regs *regs);

/* The vector a line is delivered on (-1: none), and raising a vector from software
 * (arch/x86/irq_vector.c). */
void irq_set_vector(unsigned int irq, unsigned int vector);
int irq_to_vector(unsigned int irq);
void x86_raise_vector(unsigned int vector);

#endif
