/* include/irqlab/cdev.h - struct cdev: a driver's file_operations bound to a range of
 * device numbers, as Linux's. cdev_add() makes it reachable by open; cdev_del() removes
 * it. Process context (may sleep). */
#ifndef IRQLAB_CDEV_H
#define IRQLAB_CDEV_H

#include <irqlab/fs.h>
#include <irqlab/list.h>

struct cdev {
	struct module *owner;
	const struct file_operations *ops;
	struct list_head list;          /* in the cdev map; cdev_lock (kernel/cdev.c) */
	dev_t dev;
	unsigned int count;
};

void cdev_init(struct cdev *cdev, const struct file_operations *fops);
/* 0, -EINVAL (count 0), -EBUSY (a number already bound to another cdev). */
int cdev_add(struct cdev *cdev, dev_t dev, unsigned int count)
	__attribute__((warn_unused_result));
void cdev_del(struct cdev *cdev);
/* The cdev bound to dev, or NULL. */
struct cdev *cdev_lookup(dev_t dev);

#endif
