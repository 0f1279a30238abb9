/* kernel/irq/inject.c - raising an interrupt on a line from software.
 *
 * The interrupt goes the whole way a hardware one goes: the controller (or its nearest
 * software equivalent), the IDT gate, do_IRQ, the flow handler with its ack/EOI, every
 * action, the counters. What raises it is the chip's irq_retrigger: INT on the line's
 * vector for the 8259, a self-IPI for the LAPIC. */
#include <irqlab/errno.h>
#include <irqlab/export.h>
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
EXPORT_SYMBOL_GPL(irq_inject);

/* irq_inject() for `raise`: handle_irq_event() notes in each action's last_ret what its
 * handler returned in this one delivery, and *ran says whether the handlers ran at all
 * (a disabled or held line keeps the interrupt pending). Process context. */
int irq_inject_recorded(unsigned int irq, bool *ran)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;
	int ret;

	*ran = false;
	if (!desc)
		return -EINVAL;
	raw_spin_lock_irqsave(&desc->lock, flags);
	desc->istate |= IRQS_RECORD_RETURNS;
	raw_spin_unlock_irqrestore(&desc->lock, flags);

	ret = irq_inject(irq);          /* the delivery has run when it returns */

	raw_spin_lock_irqsave(&desc->lock, flags);
	*ran = !ret && !(desc->istate & IRQS_RECORD_RETURNS);
	desc->istate &= ~IRQS_RECORD_RETURNS;
	raw_spin_unlock_irqrestore(&desc->lock, flags);
	return ret;
}
