/* kernel/irq/proc.c - /proc/interrupts, in Linux's layout:
 *
 *            CPU0
 *   0:        123    XT-PIC   0-edge      timer
 *   1:         42    XT-PIC   1-edge      i8042
 *  SPU:          0   Spurious interrupts
 *
 * A line is listed when it has an action or any CPU counted a delivery on it (a line
 * raised with no handler: its name column stays empty), as Linux does. Counts are per
 * CPU, one column each. */
#include <irqlab/seq_file.h>
#include "internal.h"

static int show_interrupts(struct seq_file *p)
{
	const int prec = 3;     /* width of the line number column, for NR_IRQS < 1000 */
	unsigned int cpu;

	seq_printf(p, "%*s", prec + 8, "");
	for_each_online_cpu(cpu)
		seq_printf(p, "CPU%-8u", cpu);
	seq_puts(p, "\n");

	for (unsigned int i = 0; i < NR_IRQS; i++) {
		struct irq_desc *desc = irq_to_desc(i);
		struct irqaction *a;
		unsigned long flags;
		u32 any_count = 0;

		raw_spin_lock_irqsave(&desc->lock, flags);      /* the action list */
		for_each_possible_cpu(cpu)
			any_count |= desc->kstat_irqs[cpu];
		if (!desc->action && !any_count) {
			raw_spin_unlock_irqrestore(&desc->lock, flags);
			continue;
		}
		seq_printf(p, "%*u: ", prec, i);
		for_each_online_cpu(cpu)
			seq_printf(p, "%10u ", kstat_irqs_cpu(i, cpu));
		seq_printf(p, " %8s", desc->irq_data.chip ? desc->irq_data.chip->name : "None");
		seq_printf(p, " %*lu-%-8s", prec, desc->irq_data.hwirq, desc->name ? desc->name : "");
		for_each_action_of_desc(desc, a)
			seq_printf(p, "%s%s", a == desc->action ? "  " : ", ", a->name);
		seq_puts(p, "\n");
		raw_spin_unlock_irqrestore(&desc->lock, flags);
	}
	arch_show_interrupts(p, prec);  /* LOC, SPU, ERR: the architecture's counts */
	return 0;
}
DEFINE_PROC_FILE(interrupts, "/proc/interrupts", show_interrupts);
