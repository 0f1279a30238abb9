/* include/irqlab/fs.h - character devices: dev_t numbers, struct file_operations and the
 * major/minor registry (register_chrdev, alloc_chrdev_region...), with Linux's names.
 *
 * A driver reserves numbers, binds a struct cdev to them (include/irqlab/cdev.h), and a
 * node /dev/NAME points at the numbers (device_create, include/irqlab/device.h). The
 * shell's `cat /dev/NAME` then opens the node and calls the driver's read().
 * Every function here may sleep (process context only): the registry is a mutex.
 */
#ifndef IRQLAB_FS_H
#define IRQLAB_FS_H

#include <irqlab/types.h>

typedef u32 dev_t;
typedef long long loff_t;
typedef long ssize_t;

/* Linux's split: 12 bits of major, 20 of minor. */
#define MINORBITS       20
#define MINORMASK       ((1u << MINORBITS) - 1)
#define MAJOR(dev)      ((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)      ((unsigned int)((dev) & MINORMASK))
#define MKDEV(ma, mi)   (((dev_t)(ma) << MINORBITS) | (dev_t)(mi))
#define CHRDEV_MAJOR_MAX 512            /* majors 1..511, as Linux */
#define CHRDEV_MAJOR_DYN_END 234        /* dynamic majors: 254 down to 234, as Linux */

struct module;
struct cdev;

struct inode {
	dev_t i_rdev;                   /* the node's numbers */
	struct cdev *i_cdev;            /* the driver's cdev, found by i_rdev at open */
};

struct file {
	const struct file_operations *f_op;
	loff_t f_pos;                   /* advanced by the caller of read/write */
	void *private_data;             /* the driver's, from its open() */
};

struct file_operations {
	struct module *owner;           /* THIS_MODULE: open takes a reference on it,
					 * release drops it (module_refcount) */
	loff_t (*llseek)(struct file *, loff_t, int);
	ssize_t (*read)(struct file *, char *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char *, size_t, loff_t *);
	int (*open)(struct inode *, struct file *);
	int (*release)(struct inode *, struct file *);
};

/* Reserve count minors of major from baseminor; major 0 picks a free dynamic major and
 * returns it. Returns the major (or 0 for a fixed one), -EBUSY if taken, -EINVAL. */
int __register_chrdev(unsigned int major, unsigned int baseminor, unsigned int count,
		      const char *name, const struct file_operations *fops)
	__attribute__((warn_unused_result));
/* Minors 0..255 of major, bound to fops with an internal cdev. No node is made. */
int register_chrdev(unsigned int major, const char *name,
		    const struct file_operations *fops) __attribute__((warn_unused_result));
void unregister_chrdev(unsigned int major, const char *name);
/* A dynamic major; *dev gets its first number. 0 or -errno. */
int alloc_chrdev_region(dev_t *dev, unsigned int baseminor, unsigned int count,
			const char *name) __attribute__((warn_unused_result));
/* The numbers from..from+count-1 (may span majors). 0 or -errno. */
int register_chrdev_region(dev_t from, unsigned int count, const char *name)
	__attribute__((warn_unused_result));
void unregister_chrdev_region(dev_t from, unsigned int count);

/* The shell's side, Linux's chrdev_open and vfs_read/vfs_write: open the node at path
 * ("/dev/NAME"); -ENOENT when no such node, -ENXIO when no cdev has its numbers (or
 * its module is being removed). An open that succeeds holds a reference on the cdev's
 * and the fops' owner modules until chrdev_release(). */
int chrdev_open_path(const char *path, struct inode *inode, struct file *file);
ssize_t chrdev_read(struct file *file, char *buf, size_t count);
ssize_t chrdev_write(struct file *file, const char *buf, size_t count);
int chrdev_release(struct inode *inode, struct file *file);

/* devtmpfs's part: /dev/NAME -> devt. -EEXIST when the name is taken (by a node or a
 * /proc-style /dev file). For device_create and misc_register. */
int devtmpfs_create_node(const char *name, dev_t devt);
void devtmpfs_delete_node(const char *name);
/* The numbers of node /dev/NAME into *devt: 0, or -ENOENT. */
int devtmpfs_node_devt(const char *name, dev_t *devt);
/* For `ls /dev`: node i's name (NULL past the end). */
const char *devtmpfs_node_name(unsigned int i, char *buf, size_t size);

#endif
