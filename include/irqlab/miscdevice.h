/* include/irqlab/miscdevice.h - misc devices: major 10, one minor each, the node made
 * at registration, as Linux's. Process context (may sleep). */
#ifndef IRQLAB_MISCDEVICE_H
#define IRQLAB_MISCDEVICE_H

#include <irqlab/fs.h>
#include <irqlab/list.h>

#define MISC_MAJOR              10
#define MISC_DYNAMIC_MINOR      255

struct miscdevice {
	int minor;                      /* MISC_DYNAMIC_MINOR: one is picked and stored */
	const char *name;               /* the node: /dev/name */
	const struct file_operations *fops;
	struct list_head list;          /* misc_lock */
	unsigned long caller;           /* irqlab's: misc_register's caller, for the module
					 * leak report; misc_lock */
};

/* 0, -EBUSY (minor taken), -EEXIST (node name taken), -EINVAL. */
int misc_register(struct miscdevice *misc) __attribute__((warn_unused_result));
void misc_deregister(struct miscdevice *misc);

#endif
