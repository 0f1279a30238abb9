/* kernel/tests/modules/leak.c - a module whose exit forgets one thing, chosen by its
 * leak= parameter, for the module leak checker (kernel/module/leaks.c):
 *
 *   insmod /lib/modules/leak.ko leak=irq     (or tasklet, timer, work, wq, kthread,
 *   rmmod leak                                chrdev, register_chrdev, misc, class;
 *                                             none: a clean exit)
 *
 * rmmod then names what is left and keeps the module; `rmmod -f leak` unmaps it, and
 * the next call into it (raise 11, for leak=irq) faults with the module's name. It also
 * has a misc device, /dev/leakdev, owned by THIS_MODULE, for the use count tests, and
 * pin=1 makes it hold a reference on itself (in use, as an open file would). */
#include <irqlab/device.h>
#include <irqlab/errno.h>
#include <irqlab/fs.h>
#include <irqlab/interrupt.h>
#include <irqlab/kthread.h>
#include <irqlab/miscdevice.h>
#include <irqlab/module.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include <irqlab/tasklet.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include <irqlab/workqueue.h>
#include "ktest_module.h"

static char *leak = "none";
module_param(leak, charp, 0444);
MODULE_PARM_DESC(leak, "what exit forgets: irq tasklet timer work wq kthread chrdev register_chrdev misc class none");
static bool pin;
module_param(pin, bool, 0444);
MODULE_PARM_DESC(pin, "init takes a reference on its own module: in use until rmmod -f");
static int irq = 11;
module_param(irq, int, 0444);
MODULE_PARM_DESC(irq, "the line leak=irq requests");

static int leak_dev_id;
static struct tasklet_struct leak_tasklet;      /* disabled: never runs, stays queued */
static struct timer_list leak_timer;
static struct delayed_work leak_dwork;
static struct workqueue_struct *leak_wq;
static struct task_struct *leak_thread;
static dev_t leak_devt;
static int leak_major;
static struct class *leak_class;

static irqreturn_t leak_irq_handler(int irq_nr, void *dev_id)
{
	(void)irq_nr;
	(void)dev_id;
	return IRQ_NONE;
}

static void leak_tasklet_fn(struct tasklet_struct *t)
{
	(void)t;
}

static void leak_timer_fn(struct timer_list *t)
{
	(void)t;
}

static void leak_work_fn(struct work_struct *w)
{
	(void)w;
}

static int leak_thread_fn(void *data)
{
	(void)data;
	while (!kthread_should_stop())
		msleep(10);
	return 0;
}

static int leak_open(struct inode *inode, struct file *file)
{
	(void)inode;
	(void)file;
	return 0;
}

static const struct file_operations leak_fops = { .owner = THIS_MODULE, .open = leak_open };
static struct miscdevice leak_misc = {
	.minor = MISC_DYNAMIC_MINOR, .name = "leakdev", .fops = &leak_fops,
};

/* What exit will forget, for kernel/tests/test_module_unload.c to undo by hand. */
static int leaking(void *what)
{
	ktest_module_ptrs[KTEST_LEAK_OBJECT] = what;
	return 0;
}

static bool leaks(const char *what)
{
	return strcmp(leak, what) == 0;
}

static int leak_setup(void)
{
	if (leaks("irq"))
		return request_irq(irq, leak_irq_handler, IRQF_SHARED, "leak", &leak_dev_id);
	if (leaks("tasklet")) {
		tasklet_setup(&leak_tasklet, leak_tasklet_fn);
		tasklet_disable(&leak_tasklet);
		tasklet_schedule(&leak_tasklet);
		return leaking(&leak_tasklet);
	} else if (leaks("timer")) {
		timer_setup(&leak_timer, leak_timer_fn, 0);
		mod_timer(&leak_timer, jiffies + 1000000);
	} else if (leaks("work")) {
		INIT_DELAYED_WORK(&leak_dwork, leak_work_fn);
		queue_delayed_work(system_wq, &leak_dwork, 1000000);
	} else if (leaks("wq")) {
		leak_wq = alloc_workqueue("leak_wq", 0, 0);
		if (!leak_wq)
			return -ENOMEM;
	} else if (leaks("kthread")) {
		leak_thread = kthread_run(leak_thread_fn, NULL, "leak_thread");
		if (!leak_thread)
			return -ENOMEM;
	} else if (leaks("chrdev")) {
		return alloc_chrdev_region(&leak_devt, 0, 1, "leak") ?: leaking(&leak_devt);
	} else if (leaks("register_chrdev")) {          /* a region and its cdev: one call */
		leak_major = register_chrdev(0, "leak", &leak_fops);
		return leak_major < 0 ? leak_major : leaking(&leak_major);
	} else if (leaks("class")) {
		leak_class = class_create(THIS_MODULE, "leak_class");
		if (IS_ERR(leak_class))
			return PTR_ERR(leak_class);
		return leaking(leak_class);
	} else if (leaks("misc")) {
		return leaking(&leak_misc);
	} else if (!leaks("none")) {
		pr_err("leak: unknown leak=%s\n", leak);
		return -EINVAL;
	}
	return 0;
}

static int leak_init(void)
{
	int ret = misc_register(&leak_misc);

	if (ret)
		return ret;
	ret = leak_setup();
	if (ret)
		misc_deregister(&leak_misc);
	else if (pin)
		__module_get(THIS_MODULE);      /* as a driver pins itself; never put */
	return ret;
}

/* Undoes nothing of what leak= chose; the misc device goes unless it was chosen. */
static void leak_exit(void)
{
	if (!leaks("misc"))
		misc_deregister(&leak_misc);
	ktest_module_exits++;
}

module_init(leak_init);
module_exit(leak_exit);
MODULE_LICENSE("GPL");
