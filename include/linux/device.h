/* include/linux/device.h - class_create/class_destroy, device_create/device_destroy,
 * ERR_PTR/IS_ERR/PTR_ERR: include/irqlab/device.h. class_create() takes (owner, name),
 * Linux's form up to 6.3 (the notes' 5.4, Debian 12's 6.1). */
#ifndef LINUX_DEVICE_H
#define LINUX_DEVICE_H

#include <linux/fs.h>
#include <irqlab/device.h>
#include <irqlab/err.h>

#endif
