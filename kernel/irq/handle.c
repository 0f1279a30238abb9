/* kernel/irq/handle.c - running the actions of one line. */
#include <irqlab/atomic.h>
#include "internal.h"

/* A primary handler asked for a thread it does not have: a driver bug, said once. */
static void warn_no_thread(struct irq_desc *desc, struct irqaction *action)
{
	if (test_and_set_bit(IRQTF_WARNED, &action->thread_flags))
		return;
	pr_warn("IRQ %u device %s returned IRQ_WAKE_THREAD but no thread function "
		"available.\n", desc->irq_data.irq, action->name);
}

/* Every action on the line runs, even after one returns IRQ_HANDLED: on a shared line
 * several devices may have raised it at once. Interrupts stay off throughout, as in
 * Linux since 2.6.35 (no IRQF_DISABLED distinction). An action that returns
 * IRQ_WAKE_THREAD has its thread woken; its thread_fn runs after the interrupt, in
 * process context. Hard-IRQ context, desc->lock held; dropped while the actions run, so
 * that another CPU taking the line meanwhile finds IRQS_INPROGRESS and does not wait on
 * the lock for as long as the handlers take (Linux's handle_irq_event). */
irqreturn_t handle_irq_event(struct irq_desc *desc)
{
	irqreturn_t ret = IRQ_NONE;
	bool record;

	desc->istate &= ~IRQS_PENDING;
	desc->istate |= IRQS_INPROGRESS;
	/* For `raise`: read while the lock is held; a delivery nobody records pays an
	 * untaken branch per action. */
	record = desc->istate & IRQS_RECORD_RETURNS;
	raw_spin_unlock(&desc->lock);
	bench_stamp(BS_ACTION);

	/* The list may grow meanwhile (request_irq appends under desc->lock, the new action
	 * whole before it is linked); an action taken off stays readable until free_irq()
	 * has seen IRQS_INPROGRESS clear. */
	for (struct irqaction *a = READ_ONCE(desc->action); a; a = READ_ONCE(a->next)) {
		irqreturn_t r = a->handler(desc->irq_data.irq, a->dev_id);

		if (unlikely(record))
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
	bench_stamp(BS_ACTIONS_DONE);

	raw_spin_lock(&desc->lock);
	desc->istate &= ~IRQS_INPROGRESS;
	if (record)
		desc->istate &= ~IRQS_RECORD_RETURNS;   /* one delivery only */
	note_interrupt(desc, ret);
	return ret;
}
