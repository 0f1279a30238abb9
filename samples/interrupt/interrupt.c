/* samples/interrupt/interrupt.c - "hello interrupt", the course notes' first module.
 *
 * A Linux module, written against Linux's API only: it builds unchanged against Linux's
 * headers (make -C /lib/modules/$(uname -r)/build M=$PWD modules) and against irqlab's
 * include/linux/. It registers a character device, /dev/lothars_device (a dynamic major,
 * minor 123), and a handler on IRQ 11 named lothars_device. Reading the device raises
 * IRQ 11 with a software INT on the line's vector; the handler schedules a tasklet.
 *
 *   insmod interrupt.ko; cat /proc/interrupts | grep lothar; cat /dev/lothars_device;
 *   rmmod interrupt; dmesg | tail
 *
 * On Linux since the x86 vector rework (4.15) the INT ends in "do_IRQ: N.59 No irq
 * handler for vector": vector 0x3B is not the vector Linux gave IRQ 11, so this CPU's
 * vector_irq[] has nothing there. irqlab keeps the ISA lines on fixed vectors in APIC
 * mode, 0x30 + IRQ (Linux's ISA_IRQ_VECTOR, as older kernels did): the INT reaches the
 * handler. With irqchip=pic, irqlab's 8259 lines sit at 0x20 + IRQ, and the INT meets
 * the notes' failure instead (README: Writing a module).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/atomic.h>
#include <linux/interrupt.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/uaccess.h>

#define DEVICE_NAME     "lothars_device"
#define FIRST_MINOR     123
#define IRQ_NO          11      /* an ISA line PCs leave free for cards (QEMU's pc: PCI) */
/* The INT below must name IRQ_NO's vector: x86's legacy ISA_IRQ_VECTOR(11), 0x30 + 11. */

static dev_t dev;
static struct cdev lothars_cdev;
static struct class *lothars_class;
/* Set by read() just before it raises the line, taken by the handler: IRQ 11 is shared
 * (QEMU's pc routes its PCI devices' INTx there too), so the handler must tell its own
 * interrupt from another device's and say IRQ_NONE to theirs. */
static atomic_t raised = ATOMIC_INIT(0);
static struct tasklet_struct lothars_tasklet;

/* Softirq context: after the handler, on the interrupt's way out (or in ksoftirqd). It
 * may not sleep. This is where the notes' module does its printing; the handler only
 * schedules it. */
static void hello_interrupt_tasklet(unsigned long irq)
{
	pr_info("%s() after IRQ %lu: in_interrupt()=%d in_serving_softirq()=%d\n", __func__,
		irq, in_interrupt() ? 1 : 0, in_serving_softirq() ? 1 : 0);
}

/* Hard-IRQ context, interrupts off: claim the interrupt, defer the rest. */
static irqreturn_t hello_interrupt_handler(int irq, void *dev_id)
{
	if (!atomic_xchg(&raised, 0))
		return IRQ_NONE;        /* another device's interrupt on the shared line */
	tasklet_schedule(&lothars_tasklet);
	return IRQ_HANDLED;
}

/* Reading the device "starts the event": the interrupt arrives, is handled and its
 * tasklet has run by the time the INT instruction returns. Nothing is read: EOF. */
static ssize_t hello_interrupt_read(struct file *filp, char __user *buf, size_t len,
				    loff_t *off)
{
	pr_info("%s()\n", __func__);
	atomic_set(&raised, 1);
	asm volatile("int $0x3B");      /* IRQ 11's vector */
	atomic_set(&raised, 0);         /* no handler took it (no line on that vector) */
	return 0;
}

static const struct file_operations lothars_fops = {
	.owner = THIS_MODULE,
	.read = hello_interrupt_read,
};

static int __init init_hello_interrupt(void)
{
	struct device *device;
	int ret;

	pr_info("%s() initializing...\n", __func__);
	ret = alloc_chrdev_region(&dev, FIRST_MINOR, 1, DEVICE_NAME);
	if (ret < 0) {
		pr_err("%s() alloc_chrdev_region failed: %d\n", __func__, ret);
		return ret;
	}
	pr_info("%s() major = %d, minor = %d\n", __func__, MAJOR(dev), MINOR(dev));

	cdev_init(&lothars_cdev, &lothars_fops);
	lothars_cdev.owner = THIS_MODULE;
	ret = cdev_add(&lothars_cdev, dev, 1);
	if (ret < 0)
		goto err_region;

	/* Linux up to 6.3 (the notes' 5.4): class_create(owner, name). */
	lothars_class = class_create(THIS_MODULE, "lothars_class");
	if (IS_ERR(lothars_class)) {
		ret = PTR_ERR(lothars_class);
		goto err_cdev;
	}
	device = device_create(lothars_class, NULL, dev, NULL, DEVICE_NAME);
	if (IS_ERR(device)) {
		ret = PTR_ERR(device);
		goto err_class;
	}

	tasklet_init(&lothars_tasklet, hello_interrupt_tasklet, IRQ_NO);
	ret = request_irq(IRQ_NO, hello_interrupt_handler, IRQF_SHARED, DEVICE_NAME,
			  &lothars_cdev);
	if (ret < 0) {
		pr_err("%s() request_irq(%d) failed: %d\n", __func__, IRQ_NO, ret);
		goto err_device;
	}
	return 0;

err_device:
	device_destroy(lothars_class, dev);
err_class:
	class_destroy(lothars_class);
err_cdev:
	cdev_del(&lothars_cdev);
err_region:
	unregister_chrdev_region(dev, 1);
	return ret;
}

static void __exit cleanup_hello_interrupt(void)
{
	free_irq(IRQ_NO, &lothars_cdev);        /* waits for a handler still running */
	tasklet_kill(&lothars_tasklet);         /* and for a tasklet it scheduled */
	device_destroy(lothars_class, dev);
	class_destroy(lothars_class);
	cdev_del(&lothars_cdev);
	unregister_chrdev_region(dev, 1);
	pr_info("%s() READY.\n", __func__);
}

module_init(init_hello_interrupt);
module_exit(cleanup_hello_interrupt);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hello interrupt: IRQ 11 raised by reading /dev/lothars_device, a tasklet");
