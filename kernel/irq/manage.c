/* kernel/irq/manage.c - request_irq, free_irq, and disabling and enabling a line. */
#include <irqlab/errno.h>
#include <irqlab/panic.h>
#include "internal.h"

/* Actions come from a small static pool: irqlab has no allocator on this path, and a
 * full pool is a clear -ENOMEM, not a corruption. */
#define NR_IRQ_ACTIONS 64
static struct irqaction action_pool[NR_IRQ_ACTIONS];

static struct irqaction *action_alloc(void)
{
	for (unsigned int i = 0; i < NR_IRQ_ACTIONS; i++)
		if (!action_pool[i].handler)
			return &action_pool[i];
	return NULL;
}

static void irq_startup(struct irq_desc *desc)
{
	desc->depth = 0;
	desc->istate &= ~(IRQS_DISABLED | IRQS_SPURIOUS_DISABLED);
	unmask_irq(desc);
}

static void irq_shutdown(struct irq_desc *desc)
{
	desc->depth = 1;
	desc->istate |= IRQS_DISABLED;
	mask_irq(desc);
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	struct irqaction *action, **tail;
	unsigned long iflags;

	if (!desc || !handler)
		return -EINVAL;
	if ((flags & IRQF_SHARED) && !dev_id)
		return -EINVAL;         /* free_irq could not tell the sharers apart */
	if (!desc->irq_data.chip)
		return -EINVAL;         /* no controller drives this line */

	local_irq_save(iflags);
	if (desc->action) {
		struct irqaction *old = desc->action;

		if (!(old->flags & flags & IRQF_SHARED) ||
		    ((old->flags ^ flags) & IRQF_TRIGGER_MASK)) {
			local_irq_restore(iflags);
			pr_err("genirq: Flags mismatch irq %u. %08lx (%s) vs. %08lx (%s)\n",
			       irq, flags, name, old->flags, old->name);
			return -EBUSY;
		}
	}
	action = action_alloc();
	if (!action) {
		local_irq_restore(iflags);
		return -ENOMEM;
	}
	action->handler = handler;
	action->dev_id = dev_id;
	action->flags = flags;
	action->name = name;
	action->handled = 0;
	action->next = NULL;
	for (tail = &desc->action; *tail; tail = &(*tail)->next)
		;
	*tail = action;
	if (action == desc->action) {   /* the first action turns the line on */
		desc->irq_count = desc->irqs_unhandled = 0;
		irq_startup(desc);
	}
	local_irq_restore(iflags);
	return 0;
}

const void *free_irq(unsigned int irq, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	struct irqaction **pp, *action;
	const char *name;
	unsigned long flags;

	if (!desc) {
		WARN(1, "Trying to free IRQ %u which is not a valid line\n", irq);
		return NULL;
	}
	local_irq_save(flags);
	for (pp = &desc->action; *pp; pp = &(*pp)->next)
		if ((*pp)->dev_id == dev_id)
			break;
	action = *pp;
	if (!action) {
		local_irq_restore(flags);
		WARN(1, "Trying to free already-free IRQ %u\n", irq);
		return NULL;
	}
	*pp = action->next;
	if (!desc->action)
		irq_shutdown(desc);
	local_irq_restore(flags);

	synchronize_irq(irq);           /* the handler may still be running (SMP, threads) */
	name = action->name;
	action->handler = NULL;         /* back to the pool */
	return name;
}

void disable_irq_nosync(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;

	if (!desc)
		return;
	local_irq_save(flags);
	if (desc->depth++ == 0) {
		desc->istate |= IRQS_DISABLED;
		mask_irq(desc);
	}
	local_irq_restore(flags);
}

/* Waits until no handler of the line is running. With one CPU and handlers that run
 * with interrupts off, a caller in process context can never overlap one, so the wait
 * only matters once handlers run elsewhere (threads, SMP); the loop is already right. */
void synchronize_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return;
	while (READ_ONCE(desc->istate) & IRQS_INPROGRESS)
		barrier();
}

void disable_irq(unsigned int irq)
{
	disable_irq_nosync(irq);
	synchronize_irq(irq);
}

void enable_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;

	if (!desc)
		return;
	local_irq_save(flags);
	if (desc->depth == 0) {
		local_irq_restore(flags);
		WARN(1, "Unbalanced enable for IRQ %u\n", irq);
		return;
	}
	if (--desc->depth == 0) {
		desc->istate &= ~IRQS_DISABLED;
		unmask_irq(desc);
		/* An edge that came while the line was off was latched as pending; the
		 * hardware will not send it again, so run it now (Linux: check_irq_resend). */
		if ((desc->istate & IRQS_PENDING) && desc->action && desc->irq_data.chip &&
		    desc->irq_data.chip->irq_retrigger)
			desc->irq_data.chip->irq_retrigger(&desc->irq_data);
	}
	local_irq_restore(flags);
}
