/* kernel/shell/cmd_raise.c - `raise <irq>`: an interrupt on a line, from the keyboard,
 * and what each handler answered.
 *
 * The lines offered are the ones the active controller has: a line is raised through its
 * chip (irq_inject), so a line with no chip cannot be. What each handler returned is
 * noted by handle_irq_event() in the one delivery raise asks for (irq_inject_recorded),
 * so the hot path writes nothing for the deliveries nobody watches. */
#include <irqlab/errno.h>
#include <irqlab/irqdesc.h>
#include "arch/x86/lapic.h"
#include "shell.h"

#define NR_ISA_IRQS     16      /* the two 8259s' lines; in APIC mode, the MADT's ISA lines */

static int parse_uint(const char *s, unsigned int *out)
{
	unsigned int v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 1000)
			return -EINVAL;
		v = v * 10 + (unsigned int)(*s - '0');
	}
	*out = v;
	return 0;
}

/* A line irq_inject() can raise: a controller drives it and can raise it again. */
static bool raisable(unsigned int irq)
{
	const struct irq_chip *chip = irq < NR_IRQS ? irq_to_desc(irq)->irq_data.chip : NULL;

	return chip && chip->irq_retrigger;
}

/* "<irq 0-1,3-15>": the raisable lines, for `help` and the usage. */
static void raise_args(char *buf, size_t size)
{
	size_t n = 0;
	char sep = ' ';

	n += snprintf(buf, size, "<irq");
	for (unsigned int i = 0; i < NR_IRQS && n < size; i++) {
		unsigned int last = i;

		if (!raisable(i))
			continue;
		while (raisable(last + 1))
			last++;
		n += snprintf(buf + n, size - n, last > i ? "%c%u-%u" : "%c%u", sep, i, last);
		sep = ',';
		i = last;
	}
	if (n < size)
		snprintf(buf + n, size - n, ">");
}

/* Why irq has no chip in this mode. */
static void explain_no_line(unsigned int irq)
{
	if (apic_intr_mode != APIC_SYMMETRIC_IO) {
		kprintf("raise: IRQ %u does not exist in 8259 mode (the two 8259s have lines "
			"0-%u)\n", irq, NR_ISA_IRQS - 1);
		return;
	}
	kprintf("raise: IRQ %u has no interrupt controller pin in APIC mode ", irq);
	if (irq >= NR_GSI_IRQS) {
		kprintf("(lines %u-%u are made for PCI MSI when a driver asks; none is now)\n",
			NR_GSI_IRQS, NR_IRQS - 1);
		return;
	}
	if (irq >= NR_ISA_IRQS) {
		kprintf("(IOAPIC pins %u-%u carry PCI interrupt links; one gets its chip when a "
			"PCI device routed to it is found: see /proc/pci_irq)\n", NR_ISA_IRQS,
			NR_GSI_IRQS - 1);
		return;
	}
	for (unsigned int other = 0; other < NR_ISA_IRQS; other++)
		if (raisable(other) && irq_to_desc(other)->irq_data.hwirq == irq) {
			kprintf("(its pin, IOAPIC pin %u, carries IRQ %u: an interrupt source "
				"override in the ACPI MADT)\n", irq, other);
			return;
		}
	kprintf("(the ACPI MADT routes it to no IOAPIC pin)\n");
}

static const char *ret_name(irqreturn_t r)
{
	switch (r) {
	case IRQ_NONE:
		return "IRQ_NONE (no data pending on its device: raise only raises the line)";
	case IRQ_HANDLED:
		return "IRQ_HANDLED";
	case IRQ_WAKE_THREAD:
		return "IRQ_WAKE_THREAD (its thread runs thread_fn next)";
	default:
		return "IRQ_HANDLED | IRQ_WAKE_THREAD";
	}
}

static void report(struct irq_desc *desc, u32 count, u32 unhandled, bool ran)
{
	struct irqaction *a;
	u32 now = desc->kstat_irqs[0], unhandled_now = desc->unhandled_total;

	kprintf("raised IRQ %u: its count went %u -> %u", desc->irq_data.irq, count, now);
	if (now - count > 1)
		kprintf(" (another interrupt on the line came too; below: the first delivery)");
	kprintf("\n");
	if (!ran) {
		kprintf(desc->action ? "  the handlers did not run: the line is disabled or held, "
			"the interrupt is kept pending\n" :
			"  no handler on this line: the interrupt stays pending, the line masked\n");
		return;
	}
	for_each_action_of_desc(desc, a)
		kprintf("  %-16s returned %s\n", a->name, ret_name(a->last_ret));
	if (unhandled_now != unhandled)
		kprintf("  counted as unhandled: no handler claimed it (%u unhandled since boot; "
			"the line is disabled when 99,900 of 100,000 are)\n", unhandled_now);
	else
		kprintf("  counted as handled\n");
}

static int cmd_raise(int argc, char **argv)
{
	struct irq_desc *desc;
	unsigned long flags;
	u32 count, unhandled;
	unsigned int irq;
	bool ran;
	int ret;

	if (argc != 2 || parse_uint(argv[1], &irq) || irq >= NR_IRQS)
		return shell_usage("raise");
	if (!raisable(irq)) {
		explain_no_line(irq);
		return -EINVAL;
	}
	desc = irq_to_desc(irq);
	local_irq_save(flags);
	count = kstat_irqs_cpu(irq, 0);
	unhandled = desc->unhandled_total;
	local_irq_restore(flags);

	ret = irq_inject_recorded(irq, &ran);
	if (ret) {
		kprintf("raise: the controller could not raise IRQ %u (%d)\n", irq, ret);
		return ret;
	}
	report(desc, count, unhandled, ran);
	return 0;
}
SHELL_CMD_ARGS_FN(raise, raise_args, "raise an interrupt on a line, in software", cmd_raise);
