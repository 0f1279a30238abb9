/* kernel/irq/handle.c - running the actions of one line. */
#include "internal.h"

/* A primary handler asked for a thread it does not have: a driver bug, said once. */
static void warn_no_thread(struct irq_desc *desc, struct irqaction *action)
{
	if (action->thread_flags & IRQTF_WARNED)
		return;
	action->thread_flags |= IRQTF_WARNED;
	pr_warn("IRQ %u device %s returned IRQ_WAKE_THREAD but no thread function "
		"available.\n", desc->irq_data.irq, action->name);
}

/* Every action on the line runs, even after one returns IRQ_HANDLED: on a shared line
 * several devices may have raised it at once. Interrupts stay off throughout, as in
 * Linux since 2.6.35 (no IRQF_DISABLED distinction). An action that returns
 * IRQ_WAKE_THREAD has its thread woken; its thread_fn runs after the interrupt, in
 * process context. Hard-IRQ context. */
irqreturn_t handle_irq_event(struct irq_desc *desc)
{
	irqreturn_t ret = IRQ_NONE;

	desc->istate &= ~IRQS_PENDING;
	desc->istate |= IRQS_INPROGRESS;
	for (struct irqaction *a = desc->action; a; a = a->next) {
		irqreturn_t r = a->handler(desc->irq_data.irq, a->dev_id);

		/* For `raise`: a delivery nobody records pays a test of desc->istate (in
		 * the cache: the flow has just written it) and an untaken branch. */
		if (unlikely(desc->istate & IRQS_RECORD_RETURNS))
			a->last_ret = r;
		switch (r) {
		case IRQ_WAKE_THREAD:
			if (a->thread_fn)
				__irq_wake_thread(desc, a);
			else
				warn_no_thread(desc, a);
			break;
		case IRQ_HANDLED:
			a->handled++;
			break;
		default:
			break;
		}
		ret |= r;
	}
	desc->istate &= ~(IRQS_INPROGRESS | IRQS_RECORD_RETURNS);     /* one delivery only */
	note_interrupt(desc, ret);
	return ret;
}
