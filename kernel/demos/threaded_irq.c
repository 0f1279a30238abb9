/* kernel/demos/threaded_irq.c - `demo threaded-irq`: one interrupt, handled in two halves.
 *
 * A device joins IRQ 11 with request_threaded_irq() and IRQF_SHARED (beside QEMU's PCI
 * devices on pc, and the hello-interrupt module's lothars_device when it is loaded). Its
 * primary handler runs in hard-IRQ context, quiets the device and returns
 * IRQ_WAKE_THREAD; its thread function then runs in irq/11-lothars_thread, a SCHED_FIFO
 * thread, in process context, and sleeps in msleep() as a driver waiting for its
 * hardware would. The primary handler quiets the device itself, so the line can be
 * unmasked at once: that is why it needs no IRQF_ONESHOT (which the handlers sharing the
 * line without it would refuse anyway).
 *
 * Both halves only take notes; the demo prints them afterwards, since printing in a
 * hard-IRQ handler changes its timing. The handler stays registered after the demo, so
 * that `ps` lists its thread; a second run raises the line again.
 */
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/irqdesc.h>
#include <irqlab/kthread.h>
#include <irqlab/sched.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include "kernel/shell/shell.h"

#define DEMO_IRQ        11
#define DEMO_NAME       "lothars_thread"
#define SLEEP_MS        20

extern u32 might_sleep_reports;

/* What one half saw. */
struct context {
	bool ran;
	bool in_interrupt, in_hardirq, in_task, irqs_off;
	unsigned int preempt;
	u64 ns;                         /* when it started (ktime_get_ns) */
	char task[64];                  /* the thread it ran in, as ps names it */
	char comm[TASK_COMM_LEN];
	int policy, rt_priority;
};

static struct threaded_device {
	bool pending;                   /* the device has something to say */
	bool registered;
	struct context primary, thread;
	u64 slept_ns;
	u64 slept_jiffies;              /* what msleep() counts: its promise is in these */
} tdev;

static void take_note(struct context *c)
{
	c->ran = true;
	c->ns = ktime_get_ns();
	c->in_interrupt = in_interrupt();
	c->in_hardirq = in_hardirq();
	c->in_task = in_task();
	c->irqs_off = irqs_disabled();
	c->preempt = preempt_count();
	get_kthread_comm(c->task, sizeof(c->task), current);
	strlcpy(c->comm, current->comm, sizeof(c->comm));
	c->policy = current->policy;
	c->rt_priority = current->rt_priority;
}

/* Hard-IRQ context. On a shared line, IRQ_NONE when the interrupt is not ours. */
static irqreturn_t lothars_thread_primary(int irq, void *dev_id)
{
	struct threaded_device *dev = dev_id;

	(void)irq;
	if (!dev->pending)
		return IRQ_NONE;
	dev->pending = false;           /* the device is quiet: the line may be unmasked */
	take_note(&dev->primary);
	return IRQ_WAKE_THREAD;
}

/* Process context, in irq/11-lothars_thread: it may sleep. */
static irqreturn_t lothars_thread_fn(int irq, void *dev_id)
{
	struct threaded_device *dev = dev_id;
	u64 t0, j0;

	(void)irq;
	take_note(&dev->thread);
	t0 = ktime_get_ns();
	j0 = get_jiffies_64();
	msleep(SLEEP_MS);
	dev->slept_ns = ktime_get_ns() - t0;
	dev->slept_jiffies = get_jiffies_64() - j0;
	return IRQ_HANDLED;
}

static void print_context(const struct context *c)
{
	kprintf("   in_interrupt()=%d in_hardirq()=%d in_task()=%d irqs_disabled()=%d "
		"preempt_count()=0x%08x\n", c->in_interrupt, c->in_hardirq, c->in_task,
		c->irqs_off, c->preempt);
}

static int demo_threaded_run(int argc, char **argv)
{
	struct irq_desc *desc = irq_to_desc(DEMO_IRQ);
	u32 bugs = might_sleep_reports;
	int ret;

	(void)argv;
	if (argc != 1)
		return shell_usage("demo");
	if (!tdev.registered) {
		ret = request_threaded_irq(DEMO_IRQ, lothars_thread_primary, lothars_thread_fn,
					   IRQF_SHARED, DEMO_NAME, &tdev);
		if (ret) {
			kprintf("threaded-irq: request_threaded_irq(%d) failed: %d\n", DEMO_IRQ,
				ret);
			return ret;
		}
		tdev.registered = true;
		kprintf("request_threaded_irq(%d, primary, thread_fn, IRQF_SHARED, \"%s\") = 0: "
			"IRQ %d now has:", DEMO_IRQ, DEMO_NAME, DEMO_IRQ);
	} else {
		kprintf("%s is still on IRQ %d from an earlier run; IRQ %d has:", DEMO_NAME,
			DEMO_IRQ, DEMO_IRQ);
	}
	for (struct irqaction *a = desc->action; a; a = a->next)
		kprintf(" %s%s", a->name, a->thread ? " (threaded)" : "");
	kprintf("\n");

	memset(&tdev.primary, 0, sizeof(tdev.primary));
	memset(&tdev.thread, 0, sizeof(tdev.thread));
	kprintf("the device raises IRQ %d (irq_inject); synchronize_irq() then waits for both "
		"halves.\n", DEMO_IRQ);
	tdev.pending = true;
	ret = irq_inject(DEMO_IRQ);
	if (ret) {
		tdev.pending = false;
		kprintf("threaded-irq: cannot raise IRQ %d: %d\n", DEMO_IRQ, ret);
		return ret;
	}
	synchronize_irq(DEMO_IRQ);
	if (!tdev.primary.ran || !tdev.thread.ran) {
		kprintf("threaded-irq: the primary handler ran: %s, thread_fn ran: %s\n",
			tdev.primary.ran ? "yes" : "no", tdev.thread.ran ? "yes" : "no");
		return -EIO;
	}

	kprintf("1. primary handler: hard-IRQ context (interrupted thread: %s); it returned "
		"IRQ_WAKE_THREAD\n", tdev.primary.task);
	print_context(&tdev.primary);
	kprintf("2. thread_fn: process context in thread %s (comm \"%s\"), %s %d, %llu us "
		"after the primary handler\n", tdev.thread.task, tdev.thread.comm,
		tdev.thread.policy == SCHED_FIFO ? "SCHED_FIFO" : "SCHED_NORMAL",
		tdev.thread.rt_priority, (tdev.thread.ns - tdev.primary.ns) / 1000);
	print_context(&tdev.thread);
	kprintf("   it may sleep: msleep(%d) slept %llu ms (%llu jiffies at HZ=%d), and "
		"might_sleep() reported %u bug(s)\n", SLEEP_MS, tdev.slept_ns / 1000000,
		tdev.slept_jiffies, HZ, might_sleep_reports - bugs);
	kprintf("The handler stays registered: `ps` lists %s, asleep until the next "
		"interrupt.\n", tdev.thread.task);
	return 0;
}
SHELL_DEMO(threaded_irq, "threaded-irq",
	   "a threaded handler on IRQ 11: primary in hard-IRQ, thread_fn in irq/11-...",
	   demo_threaded_run);
