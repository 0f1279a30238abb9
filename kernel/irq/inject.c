/* kernel/irq/inject.c - raising an interrupt on a line from software.
 *
 * The interrupt goes the whole way a hardware one goes: the controller (or its nearest
 * software equivalent), the IDT gate, do_IRQ, the flow handler with its ack/EOI, every
 * action, the counters. What raises it is the chip's irq_retrigger: INT on the line's
 * vector for the 8259, a self-IPI for the LAPIC. */
#include <irqlab/errno.h>
#include "internal.h"

int irq_inject(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	struct irq_chip *chip;

	if (!desc)
		return -EINVAL;
	chip = desc->irq_data.chip;
	if (!chip || !chip->irq_retrigger)
		return -EINVAL;         /* no controller drives this line */
	return chip->irq_retrigger(&desc->irq_data) ? -EIO : 0;
}
