/* kernel/shell/cmd_raise.c - `raise <irq>`: an interrupt on a line, from the keyboard. */
#include <irqlab/errno.h>
#include <irqlab/irqdesc.h>
#include "shell.h"

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

static int cmd_raise(int argc, char **argv)
{
	struct irqaction *a;
	unsigned int irq;
	u32 before;
	int ret;

	if (argc != 2 || parse_uint(argv[1], &irq) || irq >= NR_IRQS)
		return shell_usage("raise");
	before = kstat_irqs_cpu(irq, 0);
	ret = irq_inject(irq);
	if (ret) {
		kprintf("raise: IRQ %u has no interrupt controller behind it (%d)\n", irq, ret);
		return ret;
	}
	kprintf("raised IRQ %u: its count went %u -> %u; handlers:", irq, before,
		kstat_irqs_cpu(irq, 0));
	if (!irq_has_action(irq))
		kprintf(" none (the line stays masked with the interrupt pending)");
	for_each_action_of_desc(irq_to_desc(irq), a)
		kprintf(" %s", a->name);
	kprintf("\n");
	return 0;
}
SHELL_CMD(raise, "<irq 0-23>", "raise an interrupt on a line, in software", cmd_raise);
