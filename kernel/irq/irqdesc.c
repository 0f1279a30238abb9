/* kernel/irq/irqdesc.c - the table of interrupt lines, one struct irq_desc each. */
#include <irqlab/export.h>
#include "internal.h"

struct irq_desc irq_desc[NR_IRQS];

/* The flow of a line no controller drives: counted as the line's, and by the
 * architecture as an error (ERR); no chip to ack, no action to run. No desc->lock:
 * kstat_irqs[cpu] is this CPU's own, ERR is atomic. */
static void handle_bad_irq(struct irq_desc *desc)
{
	kstat_incr_irqs_this_cpu(desc);
	ack_bad_irq(desc->irq_data.irq);
}

/* Every line starts with no chip and a flow handler that only counts: a line nobody set
 * up is reported, never run. */
void early_irq_init(void)
{
	for (unsigned int i = 0; i < NR_IRQS; i++) {
		raw_spin_lock_init(&irq_desc[i].lock);  /* one lock class for every line */
		irq_desc[i].irq_data.irq = i;
		irq_desc[i].irq_data.hwirq = i;
		irq_desc[i].handle_irq = handle_bad_irq;
		irq_desc[i].depth = 1;          /* disabled until the first request_irq */
		irq_desc[i].istate = IRQS_DISABLED | IRQS_MASKED;
		/* Every CPU may take it; every controller starts out sending to the boot CPU. */
		irq_desc[i].irq_data.affinity = irq_default_affinity;
		irq_desc[i].irq_data.effective_affinity = BIT(0);
		init_waitqueue_head(&irq_desc[i].wait_for_threads);
	}
}

void irq_set_chip_handler_name_locked(struct irq_data *d, struct irq_chip *chip,
				      irq_flow_handler_t handle, const char *name)
{
	struct irq_desc *desc = irq_to_desc(d->irq);

	desc->irq_data.chip = chip;
	desc->handle_irq = handle ? handle : handle_bad_irq;
	desc->name = name;
}

void irq_set_chip_and_handler_name(unsigned int irq, struct irq_chip *chip,
				   irq_flow_handler_t handle, const char *name)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;

	if (!desc)
		return;
	raw_spin_lock_irqsave(&desc->lock, flags);
	irq_set_chip_handler_name_locked(&desc->irq_data, chip, handle, name);
	raw_spin_unlock_irqrestore(&desc->lock, flags);
}

void irq_set_chip_data(unsigned int irq, void *data)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;

	if (!desc)
		return;
	raw_spin_lock_irqsave(&desc->lock, flags);
	desc->irq_data.chip_data = data;
	raw_spin_unlock_irqrestore(&desc->lock, flags);
}

void irq_set_hwirq(unsigned int irq, unsigned long hwirq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;

	if (!desc)
		return;
	raw_spin_lock_irqsave(&desc->lock, flags);
	desc->irq_data.hwirq = hwirq;
	raw_spin_unlock_irqrestore(&desc->lock, flags);
}

void generic_handle_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (desc) {
		bench_stamp(BS_FLOW);
		desc->handle_irq(desc);
		bench_stamp(BS_FLOW_DONE);
	}
}
EXPORT_SYMBOL_GPL(generic_handle_irq);
