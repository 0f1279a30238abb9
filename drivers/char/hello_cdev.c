/* drivers/char/hello_cdev.c - /dev/hello_cdev, a character device registered the way the
 * course notes' drivers do it: alloc_chrdev_region, cdev_init/cdev_add, class_create,
 * device_create. `cat /dev/hello_cdev` reads the message; `echo text > /dev/hello_cdev`
 * replaces it, and the next cat reads that text back.
 */
#include <irqlab/cdev.h>
#include <irqlab/device.h>
#include <irqlab/errno.h>
#include <irqlab/init.h>
#include <irqlab/mutex.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include <irqlab/uaccess.h>

#define HELLO_BUF_SIZE 128
#define HELLO_GREETING "Hello from hello_cdev\n"

static dev_t hello_dev;
static struct cdev hello_cdev;
static struct class *hello_class;
/* hello_lock guards hello_msg and hello_len. */
static DEFINE_MUTEX(hello_lock);
static char hello_msg[HELLO_BUF_SIZE] = HELLO_GREETING;
static size_t hello_len = sizeof(HELLO_GREETING) - 1;

static ssize_t hello_read(struct file *file, char *buf, size_t len, loff_t *off)
{
	ssize_t n = 0;

	(void)file;
	mutex_lock(&hello_lock);
	if (*off < (loff_t)hello_len) {
		n = (ssize_t)(hello_len - (size_t)*off);
		if ((size_t)n > len)
			n = (ssize_t)len;
		if (copy_to_user(buf, hello_msg + *off, (size_t)n))
			n = -EFAULT;
		else
			*off += n;
	}
	mutex_unlock(&hello_lock);
	return n;
}

static ssize_t hello_write(struct file *file, const char *buf, size_t len, loff_t *off)
{
	(void)file;
	if (len > HELLO_BUF_SIZE)
		return -EFBIG;
	mutex_lock(&hello_lock);
	if (copy_from_user(hello_msg, buf, len)) {
		mutex_unlock(&hello_lock);
		return -EFAULT;
	}
	hello_len = len;
	mutex_unlock(&hello_lock);
	*off += (loff_t)len;
	return (ssize_t)len;
}

static int hello_open(struct inode *inode, struct file *file)
{
	(void)inode;
	(void)file;
	return 0;
}

static int hello_release(struct inode *inode, struct file *file)
{
	(void)inode;
	(void)file;
	return 0;
}

static const struct file_operations hello_fops = {
	.read = hello_read,
	.write = hello_write,
	.open = hello_open,
	.release = hello_release,
};

static int hello_cdev_init(void)
{
	struct device *dev;
	int ret;

	ret = alloc_chrdev_region(&hello_dev, 0, 1, "hello_cdev");
	if (ret)
		return ret;
	cdev_init(&hello_cdev, &hello_fops);
	ret = cdev_add(&hello_cdev, hello_dev, 1);
	if (ret)
		goto out_region;
	hello_class = class_create(NULL, "hello_class");
	if (IS_ERR(hello_class)) {
		ret = (int)PTR_ERR(hello_class);
		goto out_cdev;
	}
	dev = device_create(hello_class, NULL, hello_dev, NULL, "hello_cdev");
	if (IS_ERR(dev)) {
		ret = (int)PTR_ERR(dev);
		goto out_class;
	}
	return 0;
out_class:
	class_destroy(hello_class);
out_cdev:
	cdev_del(&hello_cdev);
out_region:
	unregister_chrdev_region(hello_dev, 1);
	pr_err("hello_cdev: registration failed: %d\n", ret);
	return ret;
}
device_initcall(hello_cdev_init);
