/* drivers/misc/lothars_device.c - the "hello interrupt" driver from the course notes.
 *
 * The notes' Linux module registers a handler on IRQ 11 named lothars_device and, when
 * /dev/lothars_device is read, raises the interrupt with an INT instruction. On a modern
 * Linux that ends in "do_IRQ: No irq handler for vector": the per-CPU vector_irq[] table
 * only points at an irq_desc for vectors a real device was given, and a module cannot
 * fill it in. irqlab's irq_inject() raises the line the way its controller would (a LAPIC
 * self-IPI on the line's vector, or INT on the 8259's vector), after request_irq() has
 * bound line and vector, so the interrupt arrives: do_IRQ, the flow handler, this
 * driver's handler in hard-IRQ context, its tasklet after it, and a work item the
 * tasklet queues.
 *
 * Printing from a hard-IRQ handler is slow and changes timing; it is done here because
 * showing the contexts is the whole point of this driver.
 */
#include <irqlab/init.h>
#include <irqlab/interrupt.h>
#include <irqlab/irqdesc.h>
#include <irqlab/seq_file.h>
#include <irqlab/sched.h>
#include <irqlab/tasklet.h>
#include <irqlab/workqueue.h>
#include "lothars_device.h"

static struct lothars_device lothar = { .name = "lothars_device" };

/* The third stage: process context, in a kworker, where sleeping is allowed. */
static void lothars_work_fn(struct work_struct *w)
{
	struct lothars_device *dev = container_of(w, struct lothars_device, work);

	dev->work_runs++;
	pr_info("%s: work item: in %s, in_interrupt()=%d in_task()=%d\n", dev->name,
		current->comm, in_interrupt() ? 1 : 0, in_task() ? 1 : 0);
}

/* The second stage: softirq context. It hands what may sleep on to a work item: the
 * three stages of the notes - top half, tasklet, work queue - in one driver. */
static void lothars_tasklet_fn(struct tasklet_struct *t)
{
	struct lothars_device *dev = from_tasklet(dev, t, tasklet);

	dev->tasklet_runs++;
	pr_info("%s: tasklet: in_interrupt()=%d in_serving_softirq()=%d in_hardirq()=%d\n",
		dev->name, in_interrupt() ? 1 : 0, in_serving_softirq() ? 1 : 0,
		in_hardirq() ? 1 : 0);
	schedule_work(&dev->work);
}

/* Top half: the device "has data" when pending is set (irq_inject from a read, or the
 * shared-line demo setting it). On a shared line, returning IRQ_NONE when it is not ours
 * is what lets the core tell whose interrupt it was. */
static irqreturn_t lothars_interrupt(int irq, void *dev_id)
{
	struct lothars_device *dev = dev_id;

	if (!dev->pending)
		return IRQ_NONE;
	dev->pending = false;
	dev->interrupts++;
	pr_info("%s: interrupt on IRQ %d: in_hardirq()=%d irqs_disabled()=%d\n", dev->name, irq,
		in_hardirq() ? 1 : 0, irqs_disabled() ? 1 : 0);
	tasklet_schedule(&dev->tasklet);
	return IRQ_HANDLED;
}

int lothars_request(struct lothars_device *dev)
{
	tasklet_setup(&dev->tasklet, lothars_tasklet_fn);
	INIT_WORK(&dev->work, lothars_work_fn);
	return request_irq(LOTHARS_IRQ, lothars_interrupt, IRQF_SHARED, dev->name, dev);
}

int lothars_raise(struct lothars_device *dev)
{
	dev->pending = true;
	return irq_inject(LOTHARS_IRQ);
}

/* The tasklet runs on the interrupt's way out, or in ksoftirqd; the work item after it. */
void lothars_flush(struct lothars_device *dev)
{
	tasklet_kill(&dev->tasklet);            /* waits for it; it can be scheduled again */
	flush_work(&dev->work);
}

struct lothars_device *lothars_main_device(void)
{
	return &lothar;
}

static int lothars_init(void)
{
	int ret = lothars_request(&lothar);

	if (ret)
		pr_err("lothars_device: request_irq(%d) failed: %d\n", LOTHARS_IRQ, ret);
	else
		pr_info("lothars_device: handler registered on IRQ %d\n", LOTHARS_IRQ);
	return ret;
}
device_initcall(lothars_init);

/* Reading /dev/lothars_device raises the interrupt, as the notes' read() does. */
static int lothars_read(struct seq_file *m)
{
	u32 before = kstat_irqs_cpu(LOTHARS_IRQ, 0), handled = lothar.interrupts;
	int ret = lothars_raise(&lothar);

	if (ret)
		return ret;
	lothars_flush(&lothar); /* the tasklet's and the work item's lines come first */
	seq_printf(m, "raised IRQ %d: /proc/interrupts count %u -> %u, handled by %s: %s\n",
		   LOTHARS_IRQ, before, kstat_irqs_cpu(LOTHARS_IRQ, 0), lothar.name,
		   lothar.interrupts == handled + 1 ? "yes" : "no");
	return 0;
}
DEFINE_PROC_FILE(lothars_device, "/dev/lothars_device", lothars_read);
