/* kernel/irq/spurious.c - interrupts nobody claims.
 *
 * A line whose every action returns IRQ_NONE is either shared with a device that has no
 * driver, or stuck. Linux's rule: out of 100,000 deliveries, if more than 99,900 were
 * unhandled, the line is stuck - report "nobody cared" with the handlers that were asked
 * and disable it, so the machine does not spend its life in that interrupt.
 */
#include <irqlab/panic.h>
#include "internal.h"

#define SPURIOUS_WINDOW         100000
#define SPURIOUS_THRESHOLD      99900

u32 irq_spurious_count;
u32 irq_err_count;

static void report_nobody_cared(struct irq_desc *desc)
{
	pr_emerg("irq %u: nobody cared (try booting with the \"irqpoll\" option)\n",
		 desc->irq_data.irq);
	pr_emerg("handlers:\n");
	for (struct irqaction *a = desc->action; a; a = a->next)
		pr_emerg("[<%p>] %s\n", (void *)a->handler, a->name);
	pr_emerg("Disabling IRQ #%u\n", desc->irq_data.irq);
}

void note_interrupt(struct irq_desc *desc, irqreturn_t ret)
{
	if (ret == IRQ_NONE) {
		desc->irqs_unhandled++;
		desc->unhandled_total++;
	}
	if (++desc->irq_count < SPURIOUS_WINDOW)
		return;
	if (desc->irqs_unhandled > SPURIOUS_THRESHOLD) {
		report_nobody_cared(desc);
		desc->istate |= IRQS_SPURIOUS_DISABLED | IRQS_DISABLED;
		desc->depth++;
		mask_irq(desc);
	}
	desc->irq_count = 0;
	desc->irqs_unhandled = 0;
}
