/* kernel/demos/shared_irq.c - `demo shared-irq`: two devices on one line, each with its
 * own bottom halves.
 *
 * Two demo devices join IRQ 11 with IRQF_SHARED (beside what is already there: QEMU's
 * PCI devices on pc, the hello-interrupt module if it is loaded). Each time the line is
 * raised the core runs every handler; each looks at its own device and says IRQ_HANDLED
 * or IRQ_NONE. A delivery nobody claims is counted as unhandled - what the "nobody
 * cared" detector watches.
 *
 * The device that claims an interrupt runs the three stages of the course notes in
 * turn: its handler (hard-IRQ context) schedules its tasklet (softirq context), which
 * queues its work item (process context, in a kworker, where sleeping is allowed).
 * A tasklet and a work item are one-per-device state (one SCHED bit, one pending bit),
 * so each device has its own, and a device on a shared line never runs another's: the
 * trace (`make trace`) shows IRQ 11 -> shared_tasklet_fn -> shared_work_fn.
 *
 * The bottom halves print their contexts: showing them is the point of the demo. The
 * handler does not print (it would change its own timing); the tasklet reports for it.
 */
#include <irqlab/interrupt.h>
#include <irqlab/irqdesc.h>
#include <irqlab/sched.h>
#include <irqlab/tasklet.h>
#include <irqlab/workqueue.h>
#include "kernel/shell/shell.h"

#define SHARED_IRQ 11

struct shared_device {
	const char *name;
	volatile bool pending;  /* "the device has data": its handler claims the interrupt */
	bool hardirq, irqs_off; /* what its handler saw, for its tasklet to print */
	struct tasklet_struct tasklet;  /* scheduled by its handler */
	struct work_struct work;        /* queued by its tasklet */
};

/* The third stage: process context, in a kworker, where sleeping is allowed. */
static void shared_work_fn(struct work_struct *w)
{
	struct shared_device *dev = container_of(w, struct shared_device, work);

	pr_info("%s: work item: in %s, in_interrupt()=%d in_task()=%d\n", dev->name,
		current->comm, in_interrupt() ? 1 : 0, in_task() ? 1 : 0);
}

/* The second stage: softirq context. It hands what may sleep on to a work item. */
static void shared_tasklet_fn(struct tasklet_struct *t)
{
	struct shared_device *dev = from_tasklet(dev, t, tasklet);

	pr_info("%s: interrupt on IRQ %d: in_hardirq()=%d irqs_disabled()=%d\n", dev->name,
		SHARED_IRQ, dev->hardirq ? 1 : 0, dev->irqs_off ? 1 : 0);
	pr_info("%s: tasklet: in_interrupt()=%d in_serving_softirq()=%d in_hardirq()=%d\n",
		dev->name, in_interrupt() ? 1 : 0, in_serving_softirq() ? 1 : 0,
		in_hardirq() ? 1 : 0);
	schedule_work(&dev->work);
}

/* Top half: on a shared line, IRQ_NONE when the interrupt is not ours is what lets the
 * core tell whose interrupt it was. */
static irqreturn_t shared_interrupt(int irq, void *dev_id)
{
	struct shared_device *dev = dev_id;

	(void)irq;
	if (!dev->pending)
		return IRQ_NONE;
	dev->pending = false;
	dev->hardirq = in_hardirq();
	dev->irqs_off = irqs_disabled();
	tasklet_schedule(&dev->tasklet);
	return IRQ_HANDLED;
}

static struct shared_device devs[2] = { { .name = "shared_dev_a" },
					{ .name = "shared_dev_b" } };

static void show_actions(struct irq_desc *desc)
{
	struct irqaction *a;

	for_each_action_of_desc(desc, a)
		kprintf("     %-16s IRQ_HANDLED %u time(s)\n", a->name, a->handled);
	kprintf("     line: %u deliveries, %u unhandled since boot\n",
		kstat_irqs_cpu(desc->irq_data.irq, 0), desc->unhandled_total);
}

/* dev raises the line; its handler, its tasklet and the work item that queues have all
 * run when this returns. */
static void raise_and_wait(struct irq_desc *desc, struct shared_device *dev)
{
	dev->pending = true;
	if (irq_inject(SHARED_IRQ)) {
		dev->pending = false;
		kprintf("shared-irq: cannot raise IRQ %d\n", SHARED_IRQ);
		return;
	}
	tasklet_kill(&dev->tasklet);            /* waits for it; it can be scheduled again */
	flush_work(&dev->work);
	show_actions(desc);
}

static int demo_shared_run(int argc, char **argv)
{
	struct irq_desc *desc = irq_to_desc(SHARED_IRQ);
	int ret;

	(void)argv;
	if (argc != 1)
		return shell_usage("demo");
	for (int i = 0; i < 2; i++) {
		tasklet_setup(&devs[i].tasklet, shared_tasklet_fn);
		INIT_WORK(&devs[i].work, shared_work_fn);
		ret = request_irq(SHARED_IRQ, shared_interrupt, IRQF_SHARED, devs[i].name,
				  &devs[i]);
		if (ret) {
			kprintf("shared-irq: request_irq(%d, IRQF_SHARED, \"%s\") failed: %d\n",
				SHARED_IRQ, devs[i].name, ret);
			if (i)
				free_irq(SHARED_IRQ, &devs[0]);
			return ret;
		}
	}
	kprintf("%s and %s joined IRQ %d with IRQF_SHARED; the line's handlers:\n",
		devs[0].name, devs[1].name, SHARED_IRQ);
	show_actions(desc);

	kprintf("1. the first device raises the line: every handler runs, the first claims "
		"it\n");
	raise_and_wait(desc, &devs[0]);
	kprintf("2. the second device raises it: all run again, the second claims it\n");
	raise_and_wait(desc, &devs[1]);
	kprintf("3. the line fires with no device pending: all say IRQ_NONE, unhandled +1\n");
	if (!irq_inject(SHARED_IRQ))
		show_actions(desc);
	free_irq(SHARED_IRQ, &devs[1]);
	free_irq(SHARED_IRQ, &devs[0]);
	kprintf("free_irq(%d, dev_id) removed the two demo handlers; the others stay.\n",
		SHARED_IRQ);
	return 0;
}
SHELL_DEMO(shared_irq, "shared-irq",
	   "two devices on IRQ 11: IRQ_NONE and IRQ_HANDLED; handler, tasklet, work item",
	   demo_shared_run);
