/* kernel/irq/chip.c - flow handlers: how a line is acknowledged around its actions.
 *
 * handle_edge_irq     edge lines (ISA, 8259): ack first, so a new edge during the handler
 *                     is latched and not lost; an edge that comes while the line is
 *                     disabled or already running is remembered (IRQS_PENDING) and run
 *                     again afterwards.
 * handle_level_irq    level lines on a controller without EOI-per-line: mask and ack,
 *                     run, unmask (the line would otherwise fire again at once).
 * handle_fasteoi_irq  controllers with an EOI (IOAPIC+LAPIC): run, then EOI. The
 *                     controller itself holds off the line until the EOI.
 */
#include "internal.h"

void mask_irq(struct irq_desc *desc)
{
	if (desc->istate & IRQS_MASKED)
		return;
	if (desc->irq_data.chip && desc->irq_data.chip->irq_mask)
		desc->irq_data.chip->irq_mask(&desc->irq_data);
	desc->istate |= IRQS_MASKED;
}

void unmask_irq(struct irq_desc *desc)
{
	if (!(desc->istate & IRQS_MASKED))
		return;
	if (desc->irq_data.chip && desc->irq_data.chip->irq_unmask)
		desc->irq_data.chip->irq_unmask(&desc->irq_data);
	desc->istate &= ~IRQS_MASKED;
}

static void mask_ack_irq(struct irq_desc *desc)
{
	struct irq_chip *chip = desc->irq_data.chip;

	if (chip->irq_mask_ack) {
		chip->irq_mask_ack(&desc->irq_data);
		desc->istate |= IRQS_MASKED;
	} else {
		mask_irq(desc);
		if (chip->irq_ack)
			chip->irq_ack(&desc->irq_data);
	}
}

void handle_edge_irq(struct irq_desc *desc)
{
	struct irq_chip *chip = desc->irq_data.chip;

	desc->kstat_irqs[smp_processor_id()]++;

	/* Disabled, nobody home, or already running (possible once handlers re-enable
	 * interrupts): remember the edge, keep the line quiet, and ack it. */
	if ((desc->istate & (IRQS_DISABLED | IRQS_INPROGRESS)) || !desc->action) {
		desc->istate |= IRQS_PENDING;
		mask_ack_irq(desc);
		return;
	}

	chip->irq_ack(&desc->irq_data);         /* ack before the handler: a new edge latches */
	do {
		/* An edge arrived while the actions ran and masked the line; unmask it again
		 * now that we are going round once more to serve it. */
		if ((desc->istate & IRQS_PENDING) && (desc->istate & IRQS_MASKED) &&
		    !(desc->istate & IRQS_DISABLED))
			unmask_irq(desc);
		handle_irq_event(desc);
	} while ((desc->istate & IRQS_PENDING) && !(desc->istate & IRQS_DISABLED));
}

void handle_level_irq(struct irq_desc *desc)
{
	desc->kstat_irqs[smp_processor_id()]++;
	mask_ack_irq(desc);
	if ((desc->istate & IRQS_DISABLED) || !desc->action) {
		desc->istate |= IRQS_PENDING;
		return;
	}
	handle_irq_event(desc);
	if (!(desc->istate & IRQS_DISABLED))
		unmask_irq(desc);
}

void handle_fasteoi_irq(struct irq_desc *desc)
{
	struct irq_chip *chip = desc->irq_data.chip;

	desc->kstat_irqs[smp_processor_id()]++;
	if ((desc->istate & IRQS_DISABLED) || !desc->action) {
		desc->istate |= IRQS_PENDING;
		mask_irq(desc);
	} else {
		handle_irq_event(desc);
	}
	chip->irq_eoi(&desc->irq_data);         /* EOI after the handler, never before */
}
