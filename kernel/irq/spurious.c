/* kernel/irq/spurious.c - interrupts nobody claims.
 *
 * A line whose every action returns IRQ_NONE is either shared with a device that has no
 * driver, or stuck. Linux's rule: out of 100,000 deliveries, if more than 99,900 were
 * unhandled, the line is stuck - report "nobody cared" with the handlers that were asked
 * and disable it, so the machine does not spend its life in that interrupt.
 */
#include <irqlab/kallsyms.h>
#include <irqlab/panic.h>
#include <irqlab/time.h>
#include "internal.h"

#define SPURIOUS_WINDOW         100000
#define SPURIOUS_THRESHOLD      99900

/* Linux's %ps: the function's bare name. */
static const char *func_name(irq_handler_t fn)
{
	u32 off, size;
	const char *name = kallsyms_lookup((u32)(uintptr_t)fn, &off, &size);

	return name ? name : "?";
}

/* Linux's report: the backtrace of the interrupt that tipped it, then each action's
 * primary handler (and thread function) by name; irqlab adds the action's name. Hard-IRQ
 * context, once per stuck line: the printing is slow, but the line is about to go quiet. */
static void report_nobody_cared(struct irq_desc *desc)
{
	pr_err("irq %u: nobody cared (try booting with the \"irqpoll\" option)\n",
	       desc->irq_data.irq);
	dump_stack();
	pr_err("handlers:\n");
	for (struct irqaction *a = desc->action; a; a = a->next) {
		pr_err("[<%08x>] %s", (u32)(uintptr_t)a->handler, func_name(a->handler));
		if (a->thread_fn)
			pr_cont(" threaded [<%08x>] %s", (u32)(uintptr_t)a->thread_fn,
				func_name(a->thread_fn));
		pr_cont(" (%s)\n", a->name);
	}
	pr_emerg("Disabling IRQ #%u\n", desc->irq_data.irq);
}

void note_interrupt(struct irq_desc *desc, irqreturn_t ret)
{
	if (ret == IRQ_NONE) {
		desc->irqs_unhandled++;
		desc->unhandled_total++;
		desc->last_unhandled = jiffies;
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
