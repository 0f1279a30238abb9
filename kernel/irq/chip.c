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
 *
 * IRQF_ONESHOT lines (IRQS_ONESHOT) are masked before their actions run and stay masked
 * while a thread_fn is owed (desc->threads_oneshot); the thread unmasks them
 * (thread.c). Linux does this in the level and fasteoi flows only, since an edge does
 * not repeat itself; irqlab does it in the edge flow as well, so that the rule holds on
 * the 8259, where every line is an edge line. An interrupt that reaches a line held
 * this way can only have gone around the mask (irq_inject: INT n, a self-IPI); it is
 * held as pending, as the masked hardware would hold it, and raised again at the unmask.
 *
 * Several CPUs. Each flow holds desc->lock from its first look at the line to its last,
 * except while the actions run (handle_irq_event drops it): chip calls and state changes
 * are never made by two CPUs at once, and a second CPU can come in while the first runs
 * the actions. IRQS_INPROGRESS tells it so (Linux: irq_may_run), and it does what Linux
 * does rather than run one line's actions twice at once: an edge is masked, acked and
 * held as IRQS_PENDING, and the CPU running the actions goes round once more for it (its
 * do/while in handle_edge_irq: none lost); a level or fasteoi delivery is left - masked
 * by the level flow, EOIed by the fasteoi flow, not counted - since a level device still
 * asserting its line raises it again once the running CPU unmasks or EOIs it.
 *
 * A chip's ack may find that no device raised the delivery at all (the 8259's spurious
 * IRQ 7/15). It says so with irqd_set_ack_spurious() on the line's irq_data, a mark the
 * flow reads right after the ack and then stops. A mark, not a check in do_IRQ: only the
 * chip knows how its hardware shows a spurious delivery, and only the flow knows what
 * must then not happen to the line (counted, marked pending, masked, its actions run).
 * So the edge and level flows count a delivery after the ack, where Linux counts it just
 * before: a spurious one is not the line's. Where it counts one, it also takes off
 * IRQS_WAITING, which is how interrupt probing (autoprobe.c) sees the line fire.
 */
#include "internal.h"

/* Every function here runs with desc->lock held. */
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

/* Unmask at the end of a flow, unless the line was disabled meanwhile or a ONESHOT
 * thread_fn is still owed. */
static void cond_unmask_irq(struct irq_desc *desc)
{
	if (!(desc->istate & IRQS_DISABLED) && !desc->threads_oneshot)
		unmask_irq(desc);
}

/* Should this delivery wait? The line is disabled, has no action, or is held masked
 * for a ONESHOT thread. */
static bool irq_must_wait(struct irq_desc *desc)
{
	return (desc->istate & IRQS_DISABLED) || !desc->action || desc->threads_oneshot;
}

/* May this CPU run the actions? Not while another CPU runs them (Linux: irq_may_run).
 * Only another CPU: this one cannot be inside them, its handlers run with interrupts
 * off. */
static bool irq_may_run(struct irq_desc *desc)
{
	return !(desc->istate & IRQS_INPROGRESS);
}

/* Did the chip's ack just find the delivery spurious? Takes the mark off for the next
 * delivery. */
static bool irq_ack_was_spurious(struct irq_desc *desc)
{
	if (likely(!(desc->irq_data.state & IRQD_ACK_SPURIOUS)))
		return false;
	desc->irq_data.state &= ~IRQD_ACK_SPURIOUS;
	return true;
}

/* False when the chip found the delivery spurious; a chip's irq_mask_ack then left the
 * mask as it was. */
static bool mask_ack_irq(struct irq_desc *desc)
{
	struct irq_chip *chip = desc->irq_data.chip;

	if (chip->irq_mask_ack) {
		chip->irq_mask_ack(&desc->irq_data);
	} else {
		mask_irq(desc);
		if (chip->irq_ack)
			chip->irq_ack(&desc->irq_data);
	}
	if (irq_ack_was_spurious(desc))
		return false;
	desc->istate |= IRQS_MASKED;
	return true;
}

void handle_edge_irq(struct irq_desc *desc)
{
	struct irq_chip *chip = desc->irq_data.chip;

	raw_spin_lock(&desc->lock);
	/* Running on another CPU, disabled, nobody home, or held for a ONESHOT thread: keep
	 * the line quiet, ack it, and remember the edge. The CPU running the actions sees
	 * IRQS_PENDING when it takes desc->lock back, and runs them again. */
	if (!irq_may_run(desc) || irq_must_wait(desc)) {
		if (mask_ack_irq(desc)) {
			kstat_incr_irqs_this_cpu(desc);
			desc->istate &= ~IRQS_WAITING;
			desc->istate |= IRQS_PENDING;
		}
		goto out_unlock;
	}

	chip->irq_ack(&desc->irq_data);         /* ack before the handler: a new edge latches */
	if (irq_ack_was_spurious(desc))
		goto out_unlock;
	kstat_incr_irqs_this_cpu(desc);
	desc->istate &= ~IRQS_WAITING;
	if (desc->istate & IRQS_ONESHOT)
		mask_irq(desc);
	do {
		/* An edge arrived while the actions ran and masked the line; unmask it again
		 * now that we are going round once more to serve it. */
		if ((desc->istate & IRQS_PENDING) && (desc->istate & IRQS_MASKED) &&
		    !(desc->istate & (IRQS_DISABLED | IRQS_ONESHOT)))
			unmask_irq(desc);
		handle_irq_event(desc);
	} while ((desc->istate & IRQS_PENDING) && !irq_must_wait(desc));
	if (desc->istate & IRQS_ONESHOT)
		cond_unmask_irq(desc);
out_unlock:
	raw_spin_unlock(&desc->lock);
}

void handle_level_irq(struct irq_desc *desc)
{
	raw_spin_lock(&desc->lock);
	if (!mask_ack_irq(desc))
		goto out_unlock;
	/* Running on another CPU: left masked, uncounted. That CPU unmasks the line when
	 * its actions are done, and a device still asserting it raises it again. */
	if (!irq_may_run(desc))
		goto out_unlock;
	kstat_incr_irqs_this_cpu(desc);
	desc->istate &= ~IRQS_WAITING;
	if (irq_must_wait(desc)) {
		desc->istate |= IRQS_PENDING;
		goto out_unlock;
	}
	handle_irq_event(desc);
	cond_unmask_irq(desc);
out_unlock:
	raw_spin_unlock(&desc->lock);
}

void handle_fasteoi_irq(struct irq_desc *desc)
{
	struct irq_chip *chip = desc->irq_data.chip;

	raw_spin_lock(&desc->lock);
	/* Running on another CPU: EOIed and left, uncounted; a device still asserting the
	 * line raises it again. */
	if (!irq_may_run(desc))
		goto out_eoi;
	kstat_incr_irqs_this_cpu(desc);
	desc->istate &= ~IRQS_WAITING;
	if (irq_must_wait(desc)) {
		desc->istate |= IRQS_PENDING;
		mask_irq(desc);
		goto out_eoi;
	}
	if (desc->istate & IRQS_ONESHOT)
		mask_irq(desc);                 /* before the EOI lets the line through again */
	handle_irq_event(desc);
	bench_stamp(BS_EOI);
	chip->irq_eoi(&desc->irq_data);         /* EOI after the handler, never before */
	if (desc->istate & IRQS_ONESHOT)
		cond_unmask_irq(desc);
	raw_spin_unlock(&desc->lock);
	return;
out_eoi:
	chip->irq_eoi(&desc->irq_data);
	raw_spin_unlock(&desc->lock);
}
