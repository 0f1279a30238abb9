/* include/irqlab/uaccess.h - copy_to_user and friends, with Linux's names and returns.
 * irqlab has one address space and no user mode, so these are plain copies that cannot
 * fault: copy_*_user return the number of bytes NOT copied (always 0 here), as Linux's
 * do, and put_user/get_user return 0. Drivers written against them port unchanged. */
#ifndef IRQLAB_UACCESS_H
#define IRQLAB_UACCESS_H

#include <irqlab/string.h>

static inline unsigned long copy_to_user(void *to, const void *from, unsigned long n)
{
	memcpy(to, from, n);
	return 0;
}
static inline unsigned long copy_from_user(void *to, const void *from, unsigned long n)
{
	memcpy(to, from, n);
	return 0;
}
#define put_user(x, ptr) ({ *(ptr) = (x); 0; })
#define get_user(x, ptr) ({ (x) = *(ptr); 0; })

#endif
