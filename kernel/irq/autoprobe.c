/* kernel/irq/autoprobe.c - which line does this device raise? probe_irq_on() and
 * probe_irq_off(), Linux's interrupt autoprobing, and can_request_irq().
 *
 * A driver that cannot ask its device for its line (an ISA card set by jumpers, the
 * parallel port) turns on every line nobody holds, makes the device interrupt, and asks
 * which of those lines fired:
 *
 *     mask = probe_irq_on();          every free line on, IRQS_AUTODETECT | IRQS_WAITING
 *     ... the device raises its interrupt ...
 *     irq = probe_irq_off(mask);      the line that fired; 0: none; < 0: several
 *
 * A line that fires with no action goes through its flow handler as any line does: it
 * is counted, acknowledged, masked and held as pending (chip.c), and the flow takes off
 * IRQS_WAITING - the one mark probing reads. A delivery the chip found spurious (the
 * 8259's IRQ 7/15 with no ISR bit) never reaches that point, so it cannot be taken for
 * the device. Lines that fire by themselves while probe_irq_on() waits are noise (a
 * device nobody drives, a stuck line): they are shut down again and left out.
 *
 * Lock: probing_active, a mutex: one probe at a time, from process context (it
 * sleeps). Each line's istate changes under its desc->lock, as everywhere in the core.
 */
#include <irqlab/export.h>
#include <irqlab/mutex.h>
#include <irqlab/timer.h>
#include "internal.h"

/* How long probe_irq_on() lets lines that fire by themselves show it (Linux's figure). */
#define PROBE_SETTLE_MS 100

static DEFINE_MUTEX(probing_active);

/* A line probing may turn on: a controller drives it and no driver holds it. */
static bool irq_can_probe(struct irq_desc *desc)
{
	return desc->irq_data.chip && !desc->action;
}

unsigned long probe_irq_on(void)
{
	unsigned long mask = 0, flags;

	mutex_lock(&probing_active);
	for (unsigned int irq = NR_IRQS; irq-- > 0;) {
		struct irq_desc *desc = irq_to_desc(irq);

		raw_spin_lock_irqsave(&desc->lock, flags);
		if (irq_can_probe(desc)) {
			desc->istate |= IRQS_AUTODETECT | IRQS_WAITING;
			irq_startup(desc);
		}
		raw_spin_unlock_irqrestore(&desc->lock, flags);
	}

	msleep(PROBE_SETTLE_MS);

	for (unsigned int irq = 0; irq < NR_IRQS; irq++) {
		struct irq_desc *desc = irq_to_desc(irq);

		raw_spin_lock_irqsave(&desc->lock, flags);
		if (desc->istate & IRQS_AUTODETECT) {
			if (!(desc->istate & IRQS_WAITING)) {
				desc->istate &= ~IRQS_AUTODETECT;       /* it fired by itself */
				irq_shutdown(desc);
			} else if (irq < 8 * sizeof(mask)) {
				mask |= 1ul << irq;
			}
		}
		raw_spin_unlock_irqrestore(&desc->lock, flags);
	}
	return mask;
}
EXPORT_SYMBOL(probe_irq_on);

/* As on Linux, val is not looked at: the lines still marked IRQS_AUTODETECT are the
 * ones probe_irq_on() returned. */
int probe_irq_off(unsigned long val)
{
	int nr_of_irqs = 0, irq_found = 0;
	unsigned long flags;

	(void)val;
	for (unsigned int irq = 0; irq < NR_IRQS; irq++) {
		struct irq_desc *desc = irq_to_desc(irq);

		raw_spin_lock_irqsave(&desc->lock, flags);
		if (desc->istate & IRQS_AUTODETECT) {
			if (!(desc->istate & IRQS_WAITING)) {
				if (!nr_of_irqs)
					irq_found = irq;
				nr_of_irqs++;
			}
			desc->istate &= ~IRQS_AUTODETECT;
			irq_shutdown(desc);
		}
		raw_spin_unlock_irqrestore(&desc->lock, flags);
	}
	mutex_unlock(&probing_active);

	if (nr_of_irqs > 1)
		irq_found = -irq_found;
	return irq_found;
}
EXPORT_SYMBOL(probe_irq_off);

bool can_request_irq(unsigned int irq, unsigned long irqflags)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;
	bool ok;

	if (!desc || !desc->irq_data.chip)
		return false;
	raw_spin_lock_irqsave(&desc->lock, flags);
	ok = !desc->action || (irqflags & desc->action->flags & IRQF_SHARED);
	raw_spin_unlock_irqrestore(&desc->lock, flags);
	return ok;
}
