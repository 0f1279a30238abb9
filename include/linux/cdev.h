/* include/linux/cdev.h - struct cdev, cdev_init/cdev_add/cdev_del: include/irqlab/cdev.h. */
#ifndef LINUX_CDEV_H
#define LINUX_CDEV_H

#include <linux/fs.h>
#include <irqlab/cdev.h>

#endif
