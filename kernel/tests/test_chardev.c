/* kernel/tests/test_chardev.c - the character-device layer: the major/minor registry,
 * the cdev map, class/device nodes, misc devices, and open/read/write/release through
 * chrdev_open_path(), the path the shell's cat and > take.
 */
#include <irqlab/cdev.h>
#include <irqlab/device.h>
#include <irqlab/errno.h>
#include <irqlab/miscdevice.h>
#include <irqlab/uaccess.h>
#include "kunit.h"

static int n_open, n_read, n_write, n_release;
static char stored[16];

static int t_open(struct inode *inode, struct file *file)
{
	(void)inode;
	(void)file;
	n_open++;
	return 0;
}

static ssize_t t_read(struct file *file, char *buf, size_t len, loff_t *off)
{
	(void)file;
	n_read++;
	if (*off >= 2 || len < 2)
		return 0;
	if (copy_to_user(buf, "ok", 2))
		return -EFAULT;
	*off += 2;
	return 2;
}

static ssize_t t_write(struct file *file, const char *buf, size_t len, loff_t *off)
{
	(void)file;
	n_write++;
	if (len > sizeof(stored))
		return -EFBIG;
	if (copy_from_user(stored, buf, len))
		return -EFAULT;
	*off += (loff_t)len;
	return (ssize_t)len;
}

static int t_release(struct inode *inode, struct file *file)
{
	(void)inode;
	(void)file;
	n_release++;
	return 0;
}

static const struct file_operations t_fops = {
	.read = t_read, .write = t_write, .open = t_open, .release = t_release,
};

static void test_dev_t_split(struct kunit *test)
{
	dev_t d = MKDEV(254, 3);

	KUNIT_EXPECT_EQ(test, d, (254u << 20) | 3);
	KUNIT_EXPECT_EQ(test, MAJOR(d), 254);
	KUNIT_EXPECT_EQ(test, MINOR(d), 3);
}

static void test_alloc_dynamic_majors(struct kunit *test)
{
	dev_t a, b;

	KUNIT_EXPECT_EQ(test, alloc_chrdev_region(&a, 0, 2, "t_a"), 0);
	KUNIT_EXPECT_EQ(test, alloc_chrdev_region(&b, 5, 1, "t_b"), 0);
	/* Handed out downward, each a fresh major below 255. */
	KUNIT_EXPECT_LE(test, MAJOR(a), 254);
	KUNIT_EXPECT_EQ(test, MAJOR(b), MAJOR(a) - 1);
	KUNIT_EXPECT_EQ(test, MINOR(b), 5);
	unregister_chrdev_region(b, 1);
	unregister_chrdev_region(a, 2);
	/* Freed: the same major comes back. */
	KUNIT_EXPECT_EQ(test, alloc_chrdev_region(&b, 0, 1, "t_c"), 0);
	KUNIT_EXPECT_EQ(test, MAJOR(b), MAJOR(a));
	unregister_chrdev_region(b, 1);
}

static void test_register_region_busy(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, register_chrdev_region(MKDEV(200, 0), 4, "t_r"), 0);
	KUNIT_EXPECT_EQ(test, register_chrdev_region(MKDEV(200, 3), 2, "t_r2"), -EBUSY);
	KUNIT_EXPECT_EQ(test, register_chrdev_region(MKDEV(200, 4), 2, "t_r3"), 0);
	KUNIT_EXPECT_EQ(test, register_chrdev_region(MKDEV(0, 0), 1, "t_z"), -EINVAL);
	KUNIT_EXPECT_EQ(test, register_chrdev_region(MKDEV(200, 9), 0, "t_z"), -EINVAL);
	unregister_chrdev_region(MKDEV(200, 4), 2);
	unregister_chrdev_region(MKDEV(200, 0), 4);
	KUNIT_EXPECT_EQ(test, register_chrdev_region(MKDEV(200, 3), 2, "t_r2"), 0);
	unregister_chrdev_region(MKDEV(200, 3), 2);
}

static void test_register_chrdev(struct kunit *test)
{
	int major = register_chrdev(0, "t_rc", &t_fops);

	KUNIT_EXPECT_GT(test, major, 0);
	KUNIT_EXPECT_EQ(test, register_chrdev(major, "t_rc2", &t_fops), -EBUSY);
	KUNIT_EXPECT_TRUE(test, cdev_lookup(MKDEV(major, 17)) != NULL);
	KUNIT_EXPECT_TRUE(test, cdev_lookup(MKDEV(major, 17))->ops == &t_fops);
	KUNIT_EXPECT_EQ(test, register_chrdev(201, "t_fixed", &t_fops), 0);
	unregister_chrdev(201, "t_fixed");
	unregister_chrdev(major, "t_rc");
	KUNIT_EXPECT_TRUE(test, cdev_lookup(MKDEV(major, 17)) == NULL);
}

static void test_cdev_lookup(struct kunit *test)
{
	struct cdev c, c2;
	dev_t d;

	KUNIT_EXPECT_EQ(test, alloc_chrdev_region(&d, 0, 3, "t_cd"), 0);
	cdev_init(&c, &t_fops);
	KUNIT_EXPECT_EQ(test, cdev_add(&c, d, 3), 0);
	KUNIT_EXPECT_TRUE(test, cdev_lookup(d + 2) == &c);
	KUNIT_EXPECT_TRUE(test, cdev_lookup(d + 3) == NULL);
	cdev_init(&c2, &t_fops);
	KUNIT_EXPECT_EQ(test, cdev_add(&c2, d + 1, 1), -EBUSY);
	KUNIT_EXPECT_EQ(test, cdev_add(&c2, d, 0), -EINVAL);
	cdev_del(&c);
	KUNIT_EXPECT_TRUE(test, cdev_lookup(d) == NULL);
	unregister_chrdev_region(d, 3);
}

static void test_class_device_node_and_io(struct kunit *test)
{
	struct inode inode = { 0 };
	struct file file = { 0 };
	struct class *cls;
	struct device *dev;
	struct cdev c;
	char buf[8];
	dev_t d;

	n_open = n_read = n_write = n_release = 0;
	KUNIT_EXPECT_EQ(test, alloc_chrdev_region(&d, 0, 1, "t_node"), 0);
	cdev_init(&c, &t_fops);
	KUNIT_EXPECT_EQ(test, cdev_add(&c, d, 1), 0);
	cls = class_create(NULL, "t_class");
	KUNIT_EXPECT_FALSE(test, IS_ERR(cls));
	KUNIT_EXPECT_EQ(test, chrdev_open_path("/dev/t_node0", &inode, &file), -ENOENT);
	dev = device_create(cls, NULL, d, NULL, "t_node%d", 0);
	KUNIT_EXPECT_FALSE(test, IS_ERR(dev));
	/* A second node of the same name, and a name the built-in /dev files hold. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(device_create(cls, NULL, d, NULL, "t_node0")), -EEXIST);
	KUNIT_EXPECT_EQ(test, PTR_ERR(device_create(cls, NULL, d, NULL, "edu0")),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, PTR_ERR(device_create(ERR_PTR(-ENOMEM), NULL, d, NULL, "x")),
			-EINVAL);

	KUNIT_EXPECT_EQ(test, chrdev_open_path("/dev/t_node0", &inode, &file), 0);
	KUNIT_EXPECT_EQ(test, inode.i_rdev, d);
	KUNIT_EXPECT_TRUE(test, inode.i_cdev == &c);
	KUNIT_EXPECT_EQ(test, chrdev_read(&file, buf, sizeof(buf)), 2);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "ok", 2), 0);
	KUNIT_EXPECT_EQ(test, chrdev_read(&file, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, file.f_pos, 2);
	KUNIT_EXPECT_EQ(test, chrdev_write(&file, "hey", 3), 3);
	KUNIT_EXPECT_EQ(test, memcmp(stored, "hey", 3), 0);
	KUNIT_EXPECT_EQ(test, chrdev_release(&inode, &file), 0);
	KUNIT_EXPECT_EQ(test, n_open, 1);
	KUNIT_EXPECT_EQ(test, n_read, 2);
	KUNIT_EXPECT_EQ(test, n_write, 1);
	KUNIT_EXPECT_EQ(test, n_release, 1);

	device_destroy(cls, d);
	KUNIT_EXPECT_EQ(test, chrdev_open_path("/dev/t_node0", &inode, &file), -ENOENT);
	/* A node whose numbers have no cdev: -ENXIO, as Linux's open. */
	dev = device_create(cls, NULL, d, NULL, "t_node1");
	cdev_del(&c);
	KUNIT_EXPECT_EQ(test, chrdev_open_path("/dev/t_node1", &inode, &file), -ENXIO);
	class_destroy(cls);         /* takes t_node1 with it */
	KUNIT_EXPECT_EQ(test, chrdev_open_path("/dev/t_node1", &inode, &file), -ENOENT);
	unregister_chrdev_region(d, 1);
}

static void test_misc_register(struct kunit *test)
{
	struct miscdevice a = { .minor = MISC_DYNAMIC_MINOR, .name = "t_misc_a",
				.fops = &t_fops };
	struct miscdevice b = { .minor = MISC_DYNAMIC_MINOR, .name = "t_misc_b",
				.fops = &t_fops };
	struct miscdevice fixed = { .minor = 42, .name = "t_misc_f", .fops = &t_fops };
	struct miscdevice clash = { .minor = 42, .name = "t_misc_g", .fops = &t_fops };
	struct inode inode = { 0 };
	struct file file = { 0 };

	n_open = n_release = 0;
	KUNIT_EXPECT_EQ(test, misc_register(&a), 0);
	KUNIT_EXPECT_EQ(test, misc_register(&b), 0);
	KUNIT_EXPECT_NE(test, a.minor, MISC_DYNAMIC_MINOR);
	KUNIT_EXPECT_NE(test, a.minor, b.minor);
	KUNIT_EXPECT_EQ(test, misc_register(&fixed), 0);
	KUNIT_EXPECT_EQ(test, misc_register(&clash), -EBUSY);
	KUNIT_EXPECT_EQ(test, chrdev_open_path("/dev/t_misc_b", &inode, &file), 0);
	KUNIT_EXPECT_EQ(test, MAJOR(inode.i_rdev), MISC_MAJOR);
	KUNIT_EXPECT_EQ(test, MINOR(inode.i_rdev), b.minor);
	KUNIT_EXPECT_TRUE(test, file.f_op == &t_fops);
	KUNIT_EXPECT_TRUE(test, file.private_data == &b);
	KUNIT_EXPECT_EQ(test, chrdev_release(&inode, &file), 0);
	KUNIT_EXPECT_EQ(test, n_open, 1);
	KUNIT_EXPECT_EQ(test, n_release, 1);
	misc_deregister(&fixed);
	misc_deregister(&b);
	misc_deregister(&a);
	KUNIT_EXPECT_EQ(test, chrdev_open_path("/dev/t_misc_a", &inode, &file), -ENOENT);
}

static void test_err_ptr(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, IS_ERR(ERR_PTR(-EINVAL)));
	KUNIT_EXPECT_EQ(test, PTR_ERR(ERR_PTR(-EBUSY)), -EBUSY);
	KUNIT_EXPECT_FALSE(test, IS_ERR(&test));
	KUNIT_EXPECT_TRUE(test, IS_ERR(class_create(NULL, NULL)));
}

static struct kunit_case chardev_cases[] = {
	KUNIT_CASE(test_dev_t_split),
	KUNIT_CASE(test_alloc_dynamic_majors),
	KUNIT_CASE(test_register_region_busy),
	KUNIT_CASE(test_register_chrdev),
	KUNIT_CASE(test_cdev_lookup),
	KUNIT_CASE(test_class_device_node_and_io),
	KUNIT_CASE(test_misc_register),
	KUNIT_CASE(test_err_ptr),
	{}
};
kunit_test_suite(chardev, chardev_cases);
