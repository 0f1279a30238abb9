/* kernel/demos/sleep_in_atomic.c - `demo sleep-in-atomic`: what might_sleep() catches.
 *
 * A tasklet and a hard-IRQ handler each call msleep(). Neither has a thread to put to
 * sleep: the tasklet runs in softirq context, the handler with interrupts off in hard-IRQ
 * context. might_sleep() reports the bug with the context and a backtrace, msleep() then
 * busy-waits instead of sleeping, and the kernel goes on. */
#include <irqlab/interrupt.h>
#include <irqlab/sched.h>
#include <irqlab/tasklet.h>
#include <irqlab/timer.h>
#include "kernel/shell/shell.h"

#define DEMO_IRQ 10     /* a line no device uses on QEMU's pc machine */

extern u32 might_sleep_reports;

static void sleepy_tasklet_fn(struct tasklet_struct *t)
{
	(void)t;
	msleep(10);     /* BUG: softirq context */
}

static DECLARE_TASKLET(sleepy_tasklet, sleepy_tasklet_fn);

static irqreturn_t sleepy_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	msleep(10);     /* BUG: hard-IRQ context, interrupts off */
	return IRQ_HANDLED;
}

static int demo_sleep_run(int argc, char **argv)
{
	static int dev;
	u32 before = might_sleep_reports;
	int ret;

	(void)argv;
	if (argc != 1)
		return shell_usage("demo");
	kprintf("1. a tasklet calls msleep(10):\n");
	tasklet_schedule(&sleepy_tasklet);
	tasklet_kill(&sleepy_tasklet);          /* runs it and waits for it */
	kprintf("2. a hard-IRQ handler on IRQ %d calls msleep(10):\n", DEMO_IRQ);
	ret = request_irq(DEMO_IRQ, sleepy_handler, 0, "sleepy-demo", &dev);
	if (ret) {
		kprintf("   cannot get IRQ %d (%d); skipped\n", DEMO_IRQ, ret);
	} else {
		if (irq_inject(DEMO_IRQ))
			kprintf("   cannot raise IRQ %d\n", DEMO_IRQ);
		free_irq(DEMO_IRQ, &dev);
	}
	kprintf("might_sleep() reported %u bug(s) (see above or dmesg: \"BUG: sleeping "
		"function called from invalid context\"); the kernel went on.\n",
		might_sleep_reports - before);
	return 0;
}
SHELL_DEMO(sleep_in_atomic, "sleep-in-atomic", "msleep() from a tasklet and a hard-IRQ handler",
	   demo_sleep_run);
