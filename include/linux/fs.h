/* include/linux/fs.h - struct file_operations, struct file and inode, dev_t with
 * MAJOR/MINOR/MKDEV, and the chrdev registry (alloc_chrdev_region, register_chrdev...):
 * include/irqlab/fs.h. irqlab's struct file and inode hold only the fields its
 * character devices use; a driver touching another gets a compile error. */
#ifndef LINUX_FS_H
#define LINUX_FS_H

#include <linux/compiler_types.h>
#include <irqlab/fs.h>

#endif
