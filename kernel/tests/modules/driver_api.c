/* kernel/tests/modules/driver_api.c - a module using the exported driver API as a
 * driver does: a spinlock, a tasklet, a work item, a kernel thread, delays; and taking
 * the address of the rest (IRQ lines, dump_stack), so that its load proves each export
 * resolves. Its exit undoes what its init started. */
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/kallsyms.h>
#include <irqlab/kthread.h>
#include <irqlab/module.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/slab.h>
#include <irqlab/spinlock.h>
#include <irqlab/tasklet.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include <irqlab/workqueue.h>
#include "ktest_module.h"

static DEFINE_SPINLOCK(lock);
static int events;                      /* lock */
static struct tasklet_struct tasklet;
static struct work_struct work;
static struct task_struct *thread;

static void count(void)
{
	unsigned long flags;

	spin_lock_irqsave(&lock, flags);
	events++;
	spin_unlock_irqrestore(&lock, flags);
}

static void driver_api_tasklet(struct tasklet_struct *t)
{
	(void)t;
	count();
}

static void driver_api_work(struct work_struct *w)
{
	(void)w;
	count();
}

static int driver_api_thread(void *data)
{
	(void)data;
	while (!kthread_should_stop())
		msleep(1);
	return 0;
}

/* R_386_32 references to the exports this module does not call. */
static void *const api[] __attribute__((used)) = {
	request_threaded_irq, free_irq, enable_irq, disable_irq, disable_irq_nosync,
	synchronize_irq, tasklet_init, tasklet_hi_schedule, dump_stack, vprintk, kprintf,
	mdelay,
};

static int driver_api_init(void)
{
	unsigned long start = jiffies;

	tasklet_setup(&tasklet, driver_api_tasklet);
	tasklet_schedule(&tasklet);
	INIT_WORK(&work, driver_api_work);
	queue_work(system_wq, &work);
	flush_work(&work);
	thread = kthread_run(driver_api_thread, NULL, "driver_api");
	if (!thread) {
		cancel_work_sync(&work);
		tasklet_kill(&tasklet);
		return -ENOMEM;
	}
	while (READ_ONCE(events) < 2 && jiffies - start < 2 * HZ)
		msleep(1);
	udelay(10);
	ktest_module_ptrs[KTEST_DRIVER_API_EVENTS] = &events;
	return 0;
}

static void driver_api_exit(void)
{
	kthread_stop(thread);
	tasklet_kill(&tasklet);
	cancel_work_sync(&work);
	ktest_module_exits++;
}

module_init(driver_api_init);
module_exit(driver_api_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("the driver API through the kernel's exports");
