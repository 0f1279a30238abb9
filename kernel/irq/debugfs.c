/* kernel/irq/debugfs.c - /sys/kernel/debug/irq/irqs/N: one line's whole state, in the
 * layout of Linux's irq debugfs file (kernel/irq/debugfs.c there), for watching
 * disable_irq()/enable_irq() nest (`irqctl`) and a line being masked and unmasked:
 *
 *   handler:  handle_edge_irq
 *   istate:   0x0000000c
 *               IRQS_DISABLED
 *               IRQS_MASKED
 *   ddepth:   1
 *   dstate:   0x00000008
 *               IRQD_AFFINITY_SET
 *   affinity: 0-1
 *   effectiv: 0
 *   chip:     IO-APIC
 *
 * The flags are irqlab's: it keeps "disabled" and "masked" in istate (IRQS_*,
 * kernel/irq/internal.h), where Linux keeps them in dstate as IRQD_IRQ_DISABLED and
 * IRQD_IRQ_MASKED. The file exists while a controller drives the line, as /proc/irq/N.
 */
#include <irqlab/bitmap.h>
#include <irqlab/cpumask.h>
#include <irqlab/kallsyms.h>
#include <irqlab/seq_file.h>
#include "internal.h"

static const char *const istate_names[] = {
	"IRQS_INPROGRESS", "IRQS_PENDING", "IRQS_DISABLED", "IRQS_MASKED",
	"IRQS_SPURIOUS_DISABLED", "IRQS_LEVEL", "IRQS_ONESHOT", "IRQS_RECORD_RETURNS",
	"IRQS_AUTODETECT", "IRQS_WAITING",
};

static const char *const dstate_names[] = {
	"IRQD_ACK_SPURIOUS", "IRQD_SETAFFINITY_PENDING", "IRQD_NO_BALANCING",
	"IRQD_AFFINITY_SET",
};

static void show_flags(struct seq_file *m, const char *label, unsigned int v,
		       const char *const *names, unsigned int n)
{
	seq_printf(m, "%-10s0x%08x\n", label, v);
	for (unsigned int i = 0; i < n; i++)
		if (v & BIT(i))
			seq_printf(m, "%12s%s\n", "", names[i]);
}

static void show_mask(struct seq_file *m, const char *label, unsigned long mask)
{
	char buf[64];

	bitmap_print_list(buf, sizeof(buf), mask, nr_cpu_ids);
	seq_printf(m, "%-10s%s\n", label, buf);
}

static int show_irq_debug(struct seq_file *m)
{
	struct irq_desc *desc = (struct irq_desc *)m->private;
	unsigned int istate, depth, dstate;
	unsigned long flags, affinity, effective;
	irq_flow_handler_t handler;
	const char *chip, *name;
	u32 offset, size;

	raw_spin_lock_irqsave(&desc->lock, flags);      /* one consistent picture */
	handler = desc->handle_irq;
	istate = desc->istate;
	depth = desc->depth;
	dstate = desc->irq_data.state;
	affinity = desc->irq_data.affinity;
	effective = desc->irq_data.effective_affinity;
	chip = desc->irq_data.chip ? desc->irq_data.chip->name : "none";
	raw_spin_unlock_irqrestore(&desc->lock, flags);

	name = kallsyms_lookup((u32)(uintptr_t)handler, &offset, &size);
	seq_printf(m, "%-10s%s\n", "handler:", name ? name : "?");
	show_flags(m, "istate:", istate, istate_names, ARRAY_SIZE(istate_names));
	seq_printf(m, "%-10s%u\n", "ddepth:", depth);
	show_flags(m, "dstate:", dstate, dstate_names, ARRAY_SIZE(dstate_names));
	show_mask(m, "affinity:", affinity);
	show_mask(m, "effectiv:", effective);
	seq_printf(m, "%-10s%s\n", "chip:", chip);
	return 0;
}

static bool line_exists(const struct proc_file *f)
{
	return ((const struct irq_desc *)f->data)->irq_data.chip != NULL;
}

#define IRQ_DEBUG_FILE(n)                                                       \
	DEFINE_PROC_FILE_RW(irq##n##_debug, "/sys/kernel/debug/irq/irqs/" #n,   \
			    show_irq_debug, NULL, &irq_desc[n], line_exists)

_Static_assert(NR_IRQS == 40, "one IRQ_DEBUG_FILE below per line");
IRQ_DEBUG_FILE(0); IRQ_DEBUG_FILE(1); IRQ_DEBUG_FILE(2); IRQ_DEBUG_FILE(3);
IRQ_DEBUG_FILE(4); IRQ_DEBUG_FILE(5); IRQ_DEBUG_FILE(6); IRQ_DEBUG_FILE(7);
IRQ_DEBUG_FILE(8); IRQ_DEBUG_FILE(9); IRQ_DEBUG_FILE(10); IRQ_DEBUG_FILE(11);
IRQ_DEBUG_FILE(12); IRQ_DEBUG_FILE(13); IRQ_DEBUG_FILE(14); IRQ_DEBUG_FILE(15);
IRQ_DEBUG_FILE(16); IRQ_DEBUG_FILE(17); IRQ_DEBUG_FILE(18); IRQ_DEBUG_FILE(19);
IRQ_DEBUG_FILE(20); IRQ_DEBUG_FILE(21); IRQ_DEBUG_FILE(22); IRQ_DEBUG_FILE(23);
IRQ_DEBUG_FILE(24); IRQ_DEBUG_FILE(25); IRQ_DEBUG_FILE(26); IRQ_DEBUG_FILE(27);
IRQ_DEBUG_FILE(28); IRQ_DEBUG_FILE(29); IRQ_DEBUG_FILE(30); IRQ_DEBUG_FILE(31);
IRQ_DEBUG_FILE(32); IRQ_DEBUG_FILE(33); IRQ_DEBUG_FILE(34); IRQ_DEBUG_FILE(35);
IRQ_DEBUG_FILE(36); IRQ_DEBUG_FILE(37); IRQ_DEBUG_FILE(38); IRQ_DEBUG_FILE(39);
