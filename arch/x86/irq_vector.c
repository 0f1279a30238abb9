/* arch/x86/irq_vector.c - which vector each line arrives on, and raising it in software. */
#include <irqlab/types.h>
#include "irq.h"

#define SOFT_INT_STUB_SIZE 4

extern const u8 soft_int_stubs[];

/* Line -> vector, the reverse of this CPU's vector_irq[] (filled by irq_bind_vector). */
static int irq_vector[NR_IRQS];

void irq_set_vector(unsigned int irq, unsigned int vector)
{
	if (irq < NR_IRQS)
		irq_vector[irq] = (int)vector;
}

int irq_to_vector(unsigned int irq)
{
	return irq < NR_IRQS && irq_vector[irq] ? irq_vector[irq] : -1;
}

/* Executes "int vector": the CPU enters the IDT gate as for a hardware interrupt. */
void x86_raise_vector(unsigned int vector)
{
	void (*stub)(void) = (void (*)(void))(soft_int_stubs + vector * SOFT_INT_STUB_SIZE);

	stub();
}
