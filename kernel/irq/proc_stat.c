/* kernel/irq/proc_stat.c - /proc/stat's interrupt lines, in Linux's layout:
 *
 *   intr 1234 45 9 0 0 2 ...            every interrupt taken, then each line's count
 *   softirq 567 0 310 0 0 0 0 257 0 0 0 each softirq run, then each vector's count
 *
 * The intr total is the lines' counts and the LAPIC's own interrupts (the rows after the
 * lines in /proc/interrupts: LOC, IWI, RES, CAL...) and ERR, summed over every CPU, as
 * Linux sums them; then one count per line 0..NR_IRQS-1, all CPUs together. The softirq
 * line's vectors are in softirq_to_name[] order (HI TIMER NET_TX NET_RX BLOCK IRQ_POLL
 * TASKLET SCHED HRTIMER RCU), as /proc/softirqs lists them. Linux's other lines (cpu,
 * ctxt, btime, processes) are not kept by irqlab and not printed: tools look lines up
 * by their first word.
 */
#include <irqlab/cpumask.h>
#include <irqlab/seq_file.h>
#include <irqlab/softirq.h>
#include "internal.h"

static int show_stat(struct seq_file *m)
{
	u64 sum = arch_irq_stat(), soft = 0;
	unsigned int cpu;

	for (unsigned int i = 0; i < NR_IRQS; i++)
		sum += (u64)kstat_irqs(i);
	seq_printf(m, "intr %llu", sum);
	for (unsigned int i = 0; i < NR_IRQS; i++)
		seq_printf(m, " %llu", (u64)kstat_irqs(i));
	for (unsigned int nr = 0; nr < NR_SOFTIRQS; nr++)
		for_each_possible_cpu(cpu)
			soft += softirq_count_of(cpu, nr);
	seq_printf(m, "\nsoftirq %llu", soft);
	for (unsigned int nr = 0; nr < NR_SOFTIRQS; nr++) {
		u64 n = 0;

		for_each_possible_cpu(cpu)
			n += softirq_count_of(cpu, nr);
		seq_printf(m, " %llu", n);
	}
	seq_puts(m, "\n");
	return 0;
}
DEFINE_PROC_FILE(stat, "/proc/stat", show_stat);
