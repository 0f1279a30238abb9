/* kbdcount.c - lab 8: a module that shares IRQ 1 with the keyboard driver, counts the
 * interrupts in its top half and reports the count from a tasklet.
 * Build: make -C <irqlab> M=$PWD modules. Handout: docs/labs/lab8-module-keyboard.md. */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/interrupt.h>

static int irq = 1;
module_param(irq, int, 0444);
MODULE_PARM_DESC(irq, "the interrupt line to share (the keyboard's: 1)");

/* Our dev_id: what makes our action on the shared line ours (free_irq needs it). */
static int kbdcount_dev;
/* Interrupts seen; written by the top half only, read by the tasklet. */
static unsigned int kbdcount_count;

static void kbdcount_report(struct tasklet_struct *t)
{
	/* TODO 3: print "kbdcount: %u key interrupts\n" with the count */
}

static DECLARE_TASKLET(kbdcount_tasklet, kbdcount_report);

static irqreturn_t kbdcount_interrupt(int line, void *dev_id)
{
	/* TODO 2: count the interrupt and schedule the tasklet. The line is shared and
	 * the keyboard's byte is not ours: do not claim the interrupt. */
	return IRQ_NONE;
}

static int __init kbdcount_init(void)
{
	/* TODO 1: share the line: request_irq() with IRQF_SHARED, name "kbdcount" and
	 * &kbdcount_dev; return its error if it fails. */
	pr_info("kbdcount: sharing IRQ %d\n", irq);
	return 0;
}

static void __exit kbdcount_exit(void)
{
	/* TODO 4: leave nothing behind: free the line, then make sure the tasklet is not
	 * queued or running (tasklet_kill) before the module's code goes away. */
	pr_info("kbdcount: unloaded after %u key interrupts\n", kbdcount_count);
}

module_init(kbdcount_init);
module_exit(kbdcount_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("lab 8: count the keyboard's interrupts on a shared line");
