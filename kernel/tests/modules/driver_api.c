/* kernel/tests/modules/driver_api.c - a module using the exported driver API as a
 * driver does: a spinlock, a tasklet, a work item, a kernel thread, delays; and taking
 * the address of the rest (IRQ lines, dump_stack), so that its load proves each export
 * resolves. Its exit undoes what its init started. */
#include <irqlab/errno.h>
#include <irqlab/bottom_half.h>
#include <irqlab/interrupt.h>
#include <irqlab/irq.h>
#include <irqlab/kallsyms.h>
#include <irqlab/kthread.h>
#include <irqlab/module.h>
#include <irqlab/mutex.h>
#include <irqlab/panic.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/slab.h>
#include <irqlab/smp.h>
#include <irqlab/spinlock.h>
#include <irqlab/string.h>
#include <irqlab/tasklet.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include <irqlab/vsprintf.h>
#include <irqlab/wait.h>
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

/* R_386_32 references to the exports this module does not call: what Linux exports (or
 * has as inlines) that a driver reaches through the headers. One missing export and
 * this module is refused: "Unknown symbol NAME". */
static void *const api[] __attribute__((used)) = {
	request_threaded_irq, free_irq, enable_irq, disable_irq, disable_irq_nosync,
	synchronize_irq, synchronize_hardirq, probe_irq_on, probe_irq_off, irq_set_affinity,
	generic_handle_irq, tasklet_init, tasklet_hi_schedule, tasklet_disable,
	tasklet_disable_nosync, tasklet_enable, dump_stack, sprint_symbol, vprintk, kprintf,
	snprintf, vsnprintf, strlcpy, panic, warn_slowpath, mdelay, kzalloc, krealloc, ksize,
	local_bh_disable, local_bh_enable,
	/* sleeping and waking */
	__wake_up, init_waitqueue_head, prepare_to_wait, prepare_to_wait_exclusive,
	finish_wait, init_wait_entry, init_completion, reinit_completion, complete,
	complete_all, wait_for_completion, wait_for_completion_timeout,
	try_wait_for_completion, completion_done, schedule, schedule_timeout,
	schedule_timeout_interruptible, schedule_timeout_uninterruptible, yield, cond_resched,
	mutex_init, mutex_lock, mutex_unlock, mutex_trylock, mutex_is_locked, sema_init, down,
	up, down_trylock, down_timeout,
	/* threads, CPUs, time */
	get_task_struct, put_task_struct, sched_setscheduler, set_user_nice, set_cpus_allowed_ptr,
	kthread_bind, kthread_create_on_cpu, smp_call_function_single, smp_call_function,
	smp_call_function_many, on_each_cpu, get_jiffies_64, ktime_get_ns, timer_pending,
	add_timer_on, try_to_del_timer_sync,
	/* work queues */
	flush_workqueue, drain_workqueue, cancel_work, flush_delayed_work, mod_delayed_work_on,
	work_busy, current_work, workqueue_set_max_active,
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
