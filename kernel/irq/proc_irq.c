/* kernel/irq/proc_irq.c - /proc/irq: each line's CPUs, as Linux shows and takes them.
 *
 *   /proc/irq/default_smp_affinity       the mask a line gets at its first request_irq
 *   /proc/irq/N/smp_affinity              the requested CPUs, hex ("3"; writable)
 *   /proc/irq/N/smp_affinity_list         the same as a list ("0-1"; writable)
 *   /proc/irq/N/effective_affinity        where the controller sends it now ("1")
 *   /proc/irq/N/effective_affinity_list   the same as a list ("0")
 *   /proc/irq/N/spurious                  the "nobody cared" detector's window: its
 *                                         deliveries, how many no handler claimed, and
 *                                         when the last such came (ms since boot)
 *
 * A line's directory exists when an interrupt controller drives it. Masks print with one
 * bit per possible CPU (Linux's nr_cpu_ids) and parse up to NR_CPUS bits. A write takes
 * effect as irq_set_affinity() says: at once for a line with no action, at the line's
 * next interrupt otherwise; smp_affinity shows the new mask at once, effective_affinity
 * once the move is made. Refusals are Linux's: -EIO for a line whose chip cannot move
 * it (the 8259) or whose driver said IRQF_NOBALANCING, -EINVAL for a mask with no
 * online CPU or that is not a mask, -EOVERFLOW for a CPU past NR_CPUS (-ERANGE in a list).
 */
#include <irqlab/bitmap.h>
#include <irqlab/cpumask.h>
#include <irqlab/errno.h>
#include <irqlab/seq_file.h>
#include <irqlab/time.h>
#include "internal.h"

static void seq_cpumask(struct seq_file *m, unsigned long mask, bool list)
{
	char buf[64];

	if (list)
		bitmap_print_list(buf, sizeof(buf), mask, nr_cpu_ids);
	else
		bitmap_print_mask(buf, sizeof(buf), mask, nr_cpu_ids);
	seq_printf(m, "%s\n", buf);
}

static int parse_cpumask(const char *buf, size_t len, unsigned long *mask, bool list)
{
	return list ? bitmap_parselist(buf, len, mask, NR_CPUS)
		    : bitmap_parse(buf, len, mask, NR_CPUS);
}

static unsigned int proc_irq(const void *data)
{
	return ((const struct irq_desc *)data)->irq_data.irq;
}

static bool irq_dir_exists(const struct proc_file *f)
{
	return ((const struct irq_desc *)f->data)->irq_data.chip != NULL;
}

static int show_smp_affinity(struct seq_file *m)
{
	seq_cpumask(m, irq_get_affinity(proc_irq(m->private)), false);
	return 0;
}

static int show_smp_affinity_list(struct seq_file *m)
{
	seq_cpumask(m, irq_get_affinity(proc_irq(m->private)), true);
	return 0;
}

static int show_effective_affinity(struct seq_file *m)
{
	seq_cpumask(m, irq_get_effective_affinity(proc_irq(m->private)), false);
	return 0;
}

static int show_effective_affinity_list(struct seq_file *m)
{
	seq_cpumask(m, irq_get_effective_affinity(proc_irq(m->private)), true);
	return 0;
}

/* Linux's write_irq_affinity(). */
static int write_irq_affinity(const struct proc_file *f, const char *buf, size_t len,
			      bool list)
{
	unsigned int irq = proc_irq(f->data);
	unsigned long mask;
	int err;

	if (!irq_can_set_affinity_usr(irq))
		return -EIO;
	err = parse_cpumask(buf, len, &mask, list);
	if (err)
		return err;
	/* At least one online CPU: a line sent nowhere would be lost for good. */
	if (!(mask & cpu_online_mask))
		return -EINVAL;
	return irq_set_affinity(irq, mask);
}

static int write_smp_affinity(const struct proc_file *f, const char *buf, size_t len)
{
	return write_irq_affinity(f, buf, len, false);
}

static int write_smp_affinity_list(const struct proc_file *f, const char *buf, size_t len)
{
	return write_irq_affinity(f, buf, len, true);
}

static int show_default_affinity(struct seq_file *m)
{
	seq_cpumask(m, READ_ONCE(irq_default_affinity), false);
	return 0;
}

static int write_default_affinity(const struct proc_file *f, const char *buf, size_t len)
{
	unsigned long mask;
	int err;

	(void)f;
	err = parse_cpumask(buf, len, &mask, false);
	if (err)
		return err;
	if (!(mask & cpu_online_mask))
		return -EINVAL;
	WRITE_ONCE(irq_default_affinity, mask);
	return 0;
}
DEFINE_PROC_FILE_RW(default_smp_affinity, "/proc/irq/default_smp_affinity",
		    show_default_affinity, write_default_affinity, NULL, NULL);

/* Linux's three lines; the window is SPURIOUS_WINDOW deliveries (spurious.c). */
static int show_spurious(struct seq_file *m)
{
	const struct irq_desc *desc = m->private;

	seq_printf(m, "count %u\nunhandled %u\nlast_unhandled %u ms\n",
		   READ_ONCE(desc->irq_count), READ_ONCE(desc->irqs_unhandled),
		   jiffies_to_msecs(READ_ONCE(desc->last_unhandled)));
	return 0;
}

#define PROC_IRQ_DIR(n)                                                         \
	DEFINE_PROC_FILE_RW(irq##n##_smp_affinity, "/proc/irq/" #n "/smp_affinity", \
			    show_smp_affinity, write_smp_affinity, &irq_desc[n],  \
			    irq_dir_exists);                                      \
	DEFINE_PROC_FILE_RW(irq##n##_smp_affinity_list,                         \
			    "/proc/irq/" #n "/smp_affinity_list", show_smp_affinity_list, \
			    write_smp_affinity_list, &irq_desc[n], irq_dir_exists);       \
	DEFINE_PROC_FILE_RW(irq##n##_effective_affinity,                        \
			    "/proc/irq/" #n "/effective_affinity", show_effective_affinity, \
			    NULL, &irq_desc[n], irq_dir_exists);                  \
	DEFINE_PROC_FILE_RW(irq##n##_effective_affinity_list,                   \
			    "/proc/irq/" #n "/effective_affinity_list",           \
			    show_effective_affinity_list, NULL, &irq_desc[n], irq_dir_exists); \
	DEFINE_PROC_FILE_RW(irq##n##_spurious, "/proc/irq/" #n "/spurious",      \
			    show_spurious, NULL, &irq_desc[n], irq_dir_exists)

_Static_assert(NR_IRQS == 40, "one PROC_IRQ_DIR line below per line");
PROC_IRQ_DIR(0); PROC_IRQ_DIR(1); PROC_IRQ_DIR(2); PROC_IRQ_DIR(3); PROC_IRQ_DIR(4);
PROC_IRQ_DIR(5); PROC_IRQ_DIR(6); PROC_IRQ_DIR(7); PROC_IRQ_DIR(8); PROC_IRQ_DIR(9);
PROC_IRQ_DIR(10); PROC_IRQ_DIR(11); PROC_IRQ_DIR(12); PROC_IRQ_DIR(13); PROC_IRQ_DIR(14);
PROC_IRQ_DIR(15); PROC_IRQ_DIR(16); PROC_IRQ_DIR(17); PROC_IRQ_DIR(18); PROC_IRQ_DIR(19);
PROC_IRQ_DIR(20); PROC_IRQ_DIR(21); PROC_IRQ_DIR(22); PROC_IRQ_DIR(23); PROC_IRQ_DIR(24);
PROC_IRQ_DIR(25); PROC_IRQ_DIR(26); PROC_IRQ_DIR(27); PROC_IRQ_DIR(28); PROC_IRQ_DIR(29);
PROC_IRQ_DIR(30); PROC_IRQ_DIR(31); PROC_IRQ_DIR(32); PROC_IRQ_DIR(33); PROC_IRQ_DIR(34);
PROC_IRQ_DIR(35); PROC_IRQ_DIR(36); PROC_IRQ_DIR(37); PROC_IRQ_DIR(38); PROC_IRQ_DIR(39);
