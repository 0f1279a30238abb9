/* kernel/irq/handle.c - running the actions of one line. */
#include "internal.h"

/* Every action on the line runs, even after one returns IRQ_HANDLED: on a shared line
 * several devices may have raised it at once. Interrupts stay off throughout, as in
 * Linux since 2.6.35 (no IRQF_DISABLED distinction). Hard-IRQ context. */
irqreturn_t handle_irq_event(struct irq_desc *desc)
{
	irqreturn_t ret = IRQ_NONE;

	desc->istate &= ~IRQS_PENDING;
	desc->istate |= IRQS_INPROGRESS;
	for (struct irqaction *a = desc->action; a; a = a->next) {
		irqreturn_t r = a->handler(desc->irq_data.irq, a->dev_id);

		if (r & IRQ_HANDLED)
			a->handled++;
		ret |= r;
	}
	desc->istate &= ~IRQS_INPROGRESS;
	note_interrupt(desc, ret);
	return ret;
}
