/* kernel/irq/affinity.c - which CPUs a line's interrupts go to, and moving a line safely.
 *
 * Two masks per line, as Linux keeps them: d->affinity, the CPUs the line may go to (what
 * /proc/irq/N/smp_affinity shows and takes), and d->effective_affinity, the CPUs the
 * interrupt controller really sends it to. The IOAPIC in physical destination mode names
 * one CPU per line, so the effective mask has one bit, chosen by the chip among the
 * online CPUs of the requested mask. Every line starts with all CPUs requested
 * (irq_default_affinity) and the boot CPU effective.
 *
 * A line in use does not move when asked: irq_set_affinity() notes the new mask in
 * desc->pending_mask and sets IRQD_SETAFFINITY_PENDING, and the chip's ack (edge) or EOI
 * (level) of the line's next interrupt calls irq_move_irq(), which reprograms the line
 * there, masked. Why there, in the words of the IOAPIC (arch/x86/ioapic.c has the
 * chip's half):
 *
 *  - Edge lines. An entry rewritten while its pin sees an edge may deliver it with half
 *    the old entry and half the new, or not at all, on some IOAPICs; and a masked edge
 *    line drops its edges (82093AA: "edge-sensitive interrupts signaled on a masked
 *    interrupt pin are ignored"). In the ack of the line's own interrupt neither can
 *    happen: the device that raised it has not been serviced yet (its handler has not
 *    run), and an ISA device holds its request up until it is (the i8042 while its
 *    output buffer is full, the CMOS clock until register C is read), so no new edge can
 *    come before the handler has run. The interrupt being acked is handled once, on the old CPU; the next
 *    goes to the new one: none lost, none twice.
 *  - Level lines. The IOAPIC holds a delivered level interrupt with the entry's Remote
 *    IRR bit until the EOI reaches it. The move is made after the EOI, masked, and only
 *    once Remote IRR reads clear; while it is still set (the EOI broadcast not yet
 *    arrived) the move waits for the next interrupt, as Linux's does: an entry
 *    reprogrammed under a set Remote IRR can leave the line stuck, never firing again.
 *
 * A line with no action (masked since boot or since its free_irq) has no interrupt to
 * wait for: it is reprogrammed at once.
 *
 * Lock: the line's desc->lock covers its masks, desc->pending_mask, the
 * IRQD_SETAFFINITY_PENDING, IRQD_NO_BALANCING and IRQD_AFFINITY_SET bits, and the
 * chip's irq_set_affinity. The move itself runs inside the line's flow handler (the
 * chip's ack or EOI), which holds it already; the rest takes it with interrupts off.
 * irq_default_affinity is one word, written and read whole.
 */
#include <irqlab/atomic.h>
#include <irqlab/cpumask.h>
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/sched.h>
#include <irqlab/spinlock.h>
#include "internal.h"

/* The mask a line gets when its first action is installed: all CPUs, as Linux's. One
 * aligned word: a store and a load of it are whole (READ_ONCE/WRITE_ONCE), and no line
 * needs it to agree with anything else. */
unsigned long irq_default_affinity = CPU_MASK_ALL;

/* Makes chip program mask now. desc->lock held, the line quiet. */
static int irq_do_set_affinity(struct irq_desc *desc, unsigned long mask)
{
	struct irq_data *d = &desc->irq_data;
	struct irqaction *action;
	int ret;

	ret = d->chip->irq_set_affinity(d, mask & cpu_online_mask);
	if (ret)
		return ret;
	d->affinity = mask;
	/* Each irq/N thread follows its line at its next run (irq_thread_check_affinity). */
	for_each_action_of_desc(desc, action)
		if (action->thread)
			set_bit(IRQTF_AFFINITY, &action->thread_flags);
	return 0;
}

bool irq_can_set_affinity(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	return desc && desc->irq_data.chip && desc->irq_data.chip->irq_set_affinity;
}

bool irq_can_set_affinity_usr(unsigned int irq)
{
	return irq_can_set_affinity(irq) &&
	       !(READ_ONCE(irq_to_desc(irq)->irq_data.state) & IRQD_NO_BALANCING);
}

int irq_set_affinity(unsigned int irq, unsigned long mask)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;
	int ret = 0;

	if (!irq_can_set_affinity(irq) || !(mask & cpu_online_mask))
		return -EINVAL;
	raw_spin_lock_irqsave(&desc->lock, flags);
	/* LAB 6 BEGIN irq-move-pending: an unused line moves now, one in use later */
	desc->irq_data.state |= IRQD_AFFINITY_SET;
	if (!desc->action) {
		desc->irq_data.state &= ~IRQD_SETAFFINITY_PENDING;
		ret = irq_do_set_affinity(desc, mask);
	} else {
		desc->pending_mask = mask;
		desc->irq_data.state |= IRQD_SETAFFINITY_PENDING;
	}
	/* LAB 6 STUB
	desc->irq_data.state |= IRQD_AFFINITY_SET;
	ret = irq_do_set_affinity(desc, mask);
	LAB 6 END */
	raw_spin_unlock_irqrestore(&desc->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(irq_set_affinity);

unsigned long irq_get_affinity(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags, mask;

	raw_spin_lock_irqsave(&desc->lock, flags);
	mask = irqd_is_setaffinity_pending(&desc->irq_data) ? desc->pending_mask
							    : desc->irq_data.affinity;
	raw_spin_unlock_irqrestore(&desc->lock, flags);
	return mask;
}

unsigned long irq_get_effective_affinity(unsigned int irq)
{
	return READ_ONCE(irq_to_desc(irq)->irq_data.effective_affinity);
}

/* From the chip's ack or EOI, inside the line's flow handler: desc->lock held. */
void irq_move_masked_irq(struct irq_data *d)
{
	struct irq_desc *desc = irq_to_desc(d->irq);

	if (likely(!irqd_is_setaffinity_pending(d)))
		return;
	d->state &= ~IRQD_SETAFFINITY_PENDING;
	/* The CPUs asked for may have all gone since: then the line stays. */
	if (desc->pending_mask & cpu_online_mask)
		(void)irq_do_set_affinity(desc, desc->pending_mask);
}

void irq_move_irq(struct irq_data *d)
{
	struct irq_desc *desc = irq_to_desc(d->irq);
	bool masked;

	if (likely(!irqd_is_setaffinity_pending(d)))
		return;
	/* Masked already (a delivery the flow holds off): it stays so. */
	masked = desc->istate & IRQS_MASKED;
	if (!masked)
		d->chip->irq_mask(d);
	irq_move_masked_irq(d);
	if (!masked)
		d->chip->irq_unmask(d);
}

/* The first action on a line, masked: IRQF_NOBALANCING keeps user space from moving it,
 * and a line never moved takes irq_default_affinity (/proc/irq/default_smp_affinity).
 * desc->lock held. */
void irq_setup_affinity(struct irq_desc *desc, unsigned long flags)
{
	struct irq_data *d = &desc->irq_data;
	unsigned long def = READ_ONCE(irq_default_affinity);

	if (!(d->state & IRQD_AFFINITY_SET)) {
		if (irq_can_set_affinity(d->irq) && (def & cpu_online_mask))
			(void)irq_do_set_affinity(desc, def);
		else
			d->affinity = def;
	}
	if (flags & IRQF_NOBALANCING)
		d->state |= IRQD_NO_BALANCING;
	else
		d->state &= ~IRQD_NO_BALANCING;
}

/* The call point for irq/N threads: their line moved (IRQTF_AFFINITY), so they should
 * run where its interrupts now arrive, as Linux's do. The thread itself, in process
 * context: from its next wake-up on, the scheduler places it on one of those CPUs. */
void irq_thread_check_affinity(struct irq_desc *desc, struct irqaction *action)
{
	unsigned long flags, mask;

	if (!test_and_clear_bit(IRQTF_AFFINITY, &action->thread_flags))
		return;
	raw_spin_lock_irqsave(&desc->lock, flags);
	mask = desc->irq_data.effective_affinity;
	raw_spin_unlock_irqrestore(&desc->lock, flags);
	set_cpus_allowed_ptr(current, mask);
}
