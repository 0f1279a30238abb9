/* kernel/shell/cmd_irqctl.c - `irqctl disable|disable_nosync|enable|sync <irq>`: the
 * driver API that turns a line off and on, from the keyboard, for the lectures on it.
 *
 * disable_irq() nests: each call adds one to the line's depth and only the enable_irq()
 * that brings it back to 0 unmasks the line; one enable too many is a driver bug, which
 * the kernel warns about as Linux does ("Unbalanced enable for IRQ N"). disable_irq()
 * also waits for a handler running on another CPU (synchronize_irq), disable_irq_nosync()
 * does not. After each call the line's depth and state are printed; the whole picture is
 * in /sys/kernel/debug/irq/irqs/N. An edge that comes while the line is disabled is held
 * (IRQS_PENDING) and delivered at the enable. */
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/irqdesc.h>
#include <irqlab/string.h>
#include "kernel/irq/internal.h"
#include "shell.h"

static int parse_irq(const char *s, unsigned int *irq)
{
	unsigned int v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v >= NR_IRQS)
			return -EINVAL;
		v = v * 10 + (unsigned int)(*s - '0');
	}
	if (v >= NR_IRQS)
		return -EINVAL;
	*irq = v;
	return 0;
}

static int cmd_irqctl(int argc, char **argv)
{
	struct irq_desc *desc;
	unsigned int irq;

	if (argc != 3)
		return shell_usage("irqctl");
	if (parse_irq(argv[2], &irq)) {
		kprintf("irqctl: %s: not a line number (0-%d)\n", argv[2], NR_IRQS - 1);
		return -EINVAL;
	}
	desc = irq_to_desc(irq);
	if (!desc->irq_data.chip) {
		kprintf("irqctl: IRQ %u: no interrupt controller drives this line here\n", irq);
		return -EINVAL;
	}
	if (strcmp(argv[1], "disable") == 0)
		disable_irq(irq);
	else if (strcmp(argv[1], "disable_nosync") == 0)
		disable_irq_nosync(irq);
	else if (strcmp(argv[1], "enable") == 0)
		enable_irq(irq);
	else if (strcmp(argv[1], "sync") == 0)
		synchronize_irq(irq);
	else
		return shell_usage("irqctl");
	kprintf("IRQ %u: depth %u, %s, %s%s\n", irq, READ_ONCE(desc->depth),
		READ_ONCE(desc->istate) & IRQS_DISABLED ? "disabled" : "enabled",
		READ_ONCE(desc->istate) & IRQS_MASKED ? "masked" : "unmasked",
		READ_ONCE(desc->istate) & IRQS_PENDING ? ", an interrupt pending" : "");
	return 0;
}
SHELL_CMD(irqctl, "<disable|disable_nosync|enable|sync> <irq>",
	  "a line's disable_irq()/enable_irq()/synchronize_irq(), and its depth",
	  cmd_irqctl);
