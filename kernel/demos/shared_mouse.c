/* kernel/demos/shared_mouse.c - `demo shared-mouse start|stop`: a second handler on the
 * mouse's IRQ 12, as the course notes' shared-IRQ module puts one there.
 *
 * The i8042 holds IRQ 12 with IRQF_SHARED; this handler joins it with IRQF_SHARED and
 * only counts. It returns IRQ_NONE (it has no device of its own to claim), so every
 * delivery is still the i8042's: between start and stop, its count, the i8042's
 * IRQ_HANDLED count and the line's deliveries grow by the same number. */
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/irqdesc.h>
#include <irqlab/string.h>
#include "kernel/shell/shell.h"

#define SHARED_MOUSE_IRQ        12

static int shared_mouse_dev;
static u32 observed;            /* written by the handler only; read once it is freed */
static bool started;
static u32 line_at_start, i8042_at_start;

static irqreturn_t shared_mouse_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	observed++;
	return IRQ_NONE;                /* only watching: the byte is the i8042's */
}

static u32 line_deliveries(void)
{
	u32 n = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		n += kstat_irqs_cpu(SHARED_MOUSE_IRQ, cpu);
	return n;
}

/* The i8042's own action on the line, by name. */
static u32 i8042_handled(void)
{
	struct irq_desc *desc = irq_to_desc(SHARED_MOUSE_IRQ);
	struct irqaction *a;
	unsigned long flags;
	u32 n = 0;

	local_irq_save(flags);
	for_each_action_of_desc(desc, a)
		if (strcmp(a->name, "i8042") == 0)
			n = a->handled;
	local_irq_restore(flags);
	return n;
}

static int demo_shared_mouse_run(int argc, char **argv)
{
	int ret;

	if (argc != 2 || (strcmp(argv[1], "start") && strcmp(argv[1], "stop")))
		return shell_usage("demo");
	if (strcmp(argv[1], "start") == 0) {
		if (started)
			return 0;
		observed = 0;
		line_at_start = line_deliveries();
		i8042_at_start = i8042_handled();
		ret = request_irq(SHARED_MOUSE_IRQ, shared_mouse_interrupt, IRQF_SHARED,
				  "shared_mouse", &shared_mouse_dev);
		if (ret) {
			kprintf("shared-mouse: request_irq(%d, IRQF_SHARED) failed: %d\n",
				SHARED_MOUSE_IRQ, ret);
			return ret;
		}
		started = true;
		kprintf("shared_mouse joined IRQ %d beside the i8042; move the mouse, then "
			"`demo shared-mouse stop`\n", SHARED_MOUSE_IRQ);
		return 0;
	}
	if (!started) {
		kprintf("shared-mouse: not started\n");
		return -EINVAL;
	}
	free_irq(SHARED_MOUSE_IRQ, &shared_mouse_dev);
	started = false;
	kprintf("shared_mouse saw %u interrupts (IRQ_NONE each)\n", observed);
	kprintf("i8042 handled %u, IRQ %d delivered %u, in the same time\n",
		i8042_handled() - i8042_at_start, SHARED_MOUSE_IRQ,
		line_deliveries() - line_at_start);
	return 0;
}
SHELL_DEMO(shared_mouse, "shared-mouse",
	   "start|stop: a second IRQF_SHARED handler on the mouse's IRQ 12, counting",
	   demo_shared_mouse_run);
