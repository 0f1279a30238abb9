/* kernel/demos/shared_irq.c - `demo shared-irq`: two devices on one line.
 *
 * A second lothars device joins IRQ 11 with IRQF_SHARED. Each time the line is raised,
 * the core runs both handlers; each looks at its own device and says IRQ_HANDLED or
 * IRQ_NONE. A delivery nobody claims is counted as unhandled - what the "nobody cared"
 * detector watches. */
#include <irqlab/interrupt.h>
#include <irqlab/irqdesc.h>
#include "drivers/misc/lothars_device.h"
#include "kernel/shell/shell.h"

static void show_actions(struct irq_desc *desc)
{
	struct irqaction *a;

	for_each_action_of_desc(desc, a)
		kprintf("     %-16s IRQ_HANDLED %u time(s)\n", a->name, a->handled);
	kprintf("     line: %u deliveries, %u unhandled since boot\n",
		kstat_irqs_cpu(desc->irq_data.irq, 0), desc->unhandled_total);
}

static int demo_shared_run(int argc, char **argv)
{
	static struct lothars_device second = { .name = "lothars_second" };
	struct lothars_device *first = lothars_main_device();
	struct irq_desc *desc = irq_to_desc(LOTHARS_IRQ);
	int ret;

	(void)argv;
	if (argc != 1)
		return shell_usage("demo");
	ret = lothars_request(&second);
	if (ret) {
		kprintf("shared-irq: request_irq(%d, IRQF_SHARED) failed: %d\n", LOTHARS_IRQ, ret);
		return ret;
	}
	kprintf("%s joined IRQ %d with IRQF_SHARED; /proc/interrupts now lists both:\n",
		second.name, LOTHARS_IRQ);
	show_actions(desc);

	kprintf("1. the first device raises the line: both handlers run, the first claims it\n");
	if (!lothars_raise(first)) {
		lothars_flush(first);
		show_actions(desc);
	}
	kprintf("2. the second device raises it: both run again, the second claims it\n");
	if (!lothars_raise(&second)) {
		lothars_flush(&second);
		show_actions(desc);
	}
	kprintf("3. the line fires with no device pending: both say IRQ_NONE, unhandled +1\n");
	if (!irq_inject(LOTHARS_IRQ))
		show_actions(desc);
	free_irq(LOTHARS_IRQ, &second);
	kprintf("free_irq(%d, &second) removed only the second device's handler.\n", LOTHARS_IRQ);
	return 0;
}
SHELL_DEMO(shared_irq, "shared-irq", "two handlers on IRQ 11: IRQ_NONE and IRQ_HANDLED",
	   demo_shared_run);
