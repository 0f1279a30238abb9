/* kernel/demos/bh_workqueue_demo.c - `demo bh-workqueue`: work items in softirq context.
 *
 * BH work queues (Linux 6.9) are the work queue API with a tasklet's execution: the
 * item runs in softirq context, on top of whatever thread was interrupted, with no
 * thread of its own. Four experiments: the two BH queues and their order, an item
 * queued by a hard-IRQ handler, flush_work() from the shell, and an item that sleeps.
 */
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/sched.h>
#include <irqlab/softirq.h>
#include <irqlab/string.h>
#include <irqlab/workqueue.h>
#include "kernel/shell/shell.h"

#define DEMO_IRQ 10     /* a line no device uses on QEMU's pc machine */

extern u32 might_sleep_reports;

struct bh_item {
	struct work_struct work;
	int order;
	bool in_task, in_softirq, in_hardirq;
	unsigned int preempt;
	char on_top_of[TASK_COMM_LEN];
	bool sleep;
};

static int order;

static void bh_fn(struct work_struct *work)
{
	struct bh_item *it = container_of(work, struct bh_item, work);

	it->order = ++order;
	it->in_task = in_task();
	it->in_softirq = in_serving_softirq();
	it->in_hardirq = in_hardirq();
	it->preempt = preempt_count();
	strlcpy(it->on_top_of, current->comm, sizeof(it->on_top_of));
	if (it->sleep)
		msleep(1);      /* BUG: softirq context; might_sleep() reports it */
}

static void bh_item_init(struct bh_item *it)
{
	memset(it, 0, sizeof(*it));
	INIT_WORK(&it->work, bh_fn);
}

static void report(const char *name, struct bh_item *it)
{
	kprintf("   %-18s ran #%d: in_serving_softirq()=%d in_task()=%d in_hardirq()=%d "
		"preempt_count()=0x%08x, on top of thread \"%s\"\n", name, it->order,
		it->in_softirq ? 1 : 0, it->in_task ? 1 : 0, it->in_hardirq ? 1 : 0, it->preempt,
		it->on_top_of);
}

static struct bh_item from_irq;
static bool handler_in_hardirq;

static irqreturn_t demo_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	handler_in_hardirq = in_hardirq();
	queue_work(system_bh_wq, &from_irq.work);
	return IRQ_HANDLED;
}

static int demo_bh_run(int argc, char **argv)
{
	static int dev;
	struct bh_item normal, highpri, flushed, sleepy;
	u32 reports = might_sleep_reports;
	bool waited;

	(void)argv;
	if (argc != 1)
		return shell_usage("demo");
	order = 0;
	bh_item_init(&normal);
	bh_item_init(&highpri);
	kprintf("1. with bottom halves disabled, the shell queues an item on events_bh, then one "
		"on events_bh_highpri; local_bh_enable() runs them:\n");
	local_bh_disable();
	queue_work(system_bh_wq, &normal.work);
	queue_work(system_bh_highpri_wq, &highpri.work);
	local_bh_enable();
	report("events_bh_highpri", &highpri);
	report("events_bh", &normal);
	kprintf("   HI_SOFTIRQ (highpri BH work) runs before TASKLET_SOFTIRQ (BH work); both "
		"in softirq context, in the shell's own bh-enable, on its stack.\n");

	kprintf("2. a hard-IRQ handler on IRQ %d queues an item on events_bh:\n", DEMO_IRQ);
	bh_item_init(&from_irq);
	if (request_irq(DEMO_IRQ, demo_handler, 0, "bh-demo", &dev)) {
		kprintf("   cannot get IRQ %d; skipped\n", DEMO_IRQ);
	} else {
		if (irq_inject(DEMO_IRQ))
			kprintf("   cannot raise IRQ %d\n", DEMO_IRQ);
		kprintf("   the handler ran in hard-IRQ context: in_hardirq()=%d; when irq_inject() "
			"returned the item had %s\n", handler_in_hardirq ? 1 : 0,
			from_irq.order ? "already run, at irq_exit():" : "not run yet");
		free_irq(DEMO_IRQ, &dev);
		flush_work(&from_irq.work);
		report("events_bh", &from_irq);
	}

	kprintf("3. the shell queues an item and waits for it with flush_work():\n");
	bh_item_init(&flushed);
	queue_work(system_bh_wq, &flushed.work);
	waited = flush_work(&flushed.work);
	kprintf("   flush_work() returned %s; the item ran %s\n", waited ? "true" : "false",
		waited ? "while the shell slept (softirq in ksoftirqd or at an interrupt's exit)"
		       : "before the shell could wait for it (an interrupt's exit ran it)");
	report("events_bh", &flushed);

	kprintf("4. a BH item calls msleep(1):\n");
	bh_item_init(&sleepy);
	sleepy.sleep = true;
	queue_work(system_bh_wq, &sleepy.work);
	flush_work(&sleepy.work);
	kprintf("   might_sleep() reported %u bug(s): a BH item runs in softirq context and "
		"may not sleep (msleep() busy-waited instead).\n", might_sleep_reports - reports);
	return 0;
}
SHELL_DEMO(bh_workqueue, "bh-workqueue", "BH work items in softirq context (Linux 6.9+)",
	   demo_bh_run);
