/* kernel/irq/proc.c - /proc/interrupts, in Linux's layout:
 *
 *            CPU0
 *   0:        123    XT-PIC   0-edge      timer
 *   1:         42    XT-PIC   1-edge      i8042
 *  SPU:          0   Spurious interrupts
 *
 * Only lines with an action are listed. Counts are per CPU, one column each. */
#include <irqlab/seq_file.h>
#include "internal.h"

/* Architecture rows (LOC, SPU, ERR...) come from arch/x86/irq.c. */
void arch_show_interrupts(struct seq_file *p, int prec);

static int show_interrupts(struct seq_file *p)
{
	const int prec = 3;     /* width of the line number column, for NR_IRQS < 1000 */
	unsigned int cpu;

	seq_printf(p, "%*s", prec + 8, "");
	for_each_online_cpu(cpu)
		seq_printf(p, "CPU%-8u", cpu);
	seq_puts(p, "\n");

	for (unsigned int i = 0; i < NR_IRQS; i++) {
		struct irq_desc *desc = &irq_desc[i];
		unsigned long flags;

		local_irq_save(flags);
		if (!desc->action) {
			local_irq_restore(flags);
			continue;
		}
		seq_printf(p, "%*u: ", prec, i);
		for_each_online_cpu(cpu)
			seq_printf(p, "%10u ", desc->kstat_irqs[cpu]);
		seq_printf(p, " %8s", desc->irq_data.chip ? desc->irq_data.chip->name : "None");
		seq_printf(p, " %*lu-%-8s", prec, desc->irq_data.hwirq, desc->name ? desc->name : "");
		for (struct irqaction *a = desc->action; a; a = a->next)
			seq_printf(p, "%s%s", a == desc->action ? "  " : ", ", a->name);
		seq_puts(p, "\n");
		local_irq_restore(flags);
	}
	arch_show_interrupts(p, prec);
	return 0;
}
DEFINE_PROC_FILE(interrupts, "/proc/interrupts", show_interrupts);
