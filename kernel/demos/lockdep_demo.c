/* kernel/demos/lockdep_demo.c - `demo lockdep`: why a lock shared with an interrupt
 * handler is taken with interrupts off, shown by the IRQ-safety checker before the
 * deadlock ever happens.
 *
 * A hard-IRQ handler on IRQ 10 takes demo_lock; then the shell takes the same lock with
 * plain spin_lock(), interrupts on. Nothing hangs (the interrupt did not come in between
 * this time), but the checker sees both halves of the deadlock and reports it. The same
 * pair with spin_lock_irqsave() in the shell is then silent. */
#include <irqlab/interrupt.h>
#include <irqlab/lockdep.h>
#include <irqlab/spinlock.h>
#include "kernel/shell/shell.h"

#define DEMO_IRQ 10     /* a line no device uses on QEMU's pc machine */

static DEFINE_SPINLOCK(demo_lock);
static DEFINE_SPINLOCK(demo_irqsafe_lock);
static unsigned long demo_count;        /* under demo_lock */
static unsigned long demo_safe_count;   /* under demo_irqsafe_lock */

static irqreturn_t demo_lock_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	spin_lock(&demo_lock);          /* hard-IRQ context: interrupts are off already */
	demo_count++;
	spin_unlock(&demo_lock);
	spin_lock(&demo_irqsafe_lock);
	demo_safe_count++;
	spin_unlock(&demo_irqsafe_lock);
	return IRQ_HANDLED;
}

static int demo_lockdep_run(int argc, char **argv)
{
	static int dev;
	bool was_on = prove_locking, ran = false;
	u32 before = lockdep_reports;
	unsigned long flags;
	int ret;

	(void)argv;
	if (argc != 1)
		return shell_usage("demo");
	if (!was_on)
		kprintf("(the checker is off: on for this demo; boot with 'lockdep' to check "
			"the whole kernel)\n");
	WRITE_ONCE(prove_locking, true);
	ret = request_irq(DEMO_IRQ, demo_lock_handler, 0, "lockdep-demo", &dev);
	if (ret) {
		kprintf("cannot get IRQ %d (%d)\n", DEMO_IRQ, ret);
		goto out;
	}
	kprintf("1. IRQ %d's handler takes demo_lock in hard-IRQ context:\n", DEMO_IRQ);
	if (irq_inject_recorded(DEMO_IRQ, &ran) || !ran)
		kprintf("   cannot raise IRQ %d\n", DEMO_IRQ);
	kprintf("2. the shell takes demo_lock with spin_lock(), interrupts on:\n");
	spin_lock(&demo_lock);
	demo_count++;
	spin_unlock(&demo_lock);
	if (lockdep_reports != before)
		kprintf("   reported above: \"WARNING: inconsistent lock state\", and nothing hung.\n");
	else
		kprintf("   no new report: each lock class is reported once (see dmesg).\n");
	kprintf("   Had IRQ %d come while the shell held demo_lock, its handler would have spun\n"
		"   on it for ever on this CPU. Fix: spin_lock_irqsave() in the shell.\n", DEMO_IRQ);

	kprintf("3. the fix: the shell takes demo_irqsafe_lock with spin_lock_irqsave():\n");
	before = lockdep_reports;
	spin_lock_irqsave(&demo_irqsafe_lock, flags);
	demo_safe_count++;
	spin_unlock_irqrestore(&demo_irqsafe_lock, flags);
	if (irq_inject_recorded(DEMO_IRQ, &ran) || !ran)
		kprintf("   cannot raise IRQ %d\n", DEMO_IRQ);
	kprintf("   %s\n", lockdep_reports == before ? "no report: the interrupt cannot "
		"come while it is held" : "reported (unexpected)");
	free_irq(DEMO_IRQ, &dev);
out:
	WRITE_ONCE(prove_locking, was_on);
	return ret;
}
SHELL_DEMO(lockdep, "lockdep", "a lock shared with an IRQ handler, taken with interrupts on",
	   demo_lockdep_run);
