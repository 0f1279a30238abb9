/* include/linux/uaccess.h - copy_to_user/copy_from_user, get_user/put_user:
 * include/irqlab/uaccess.h (plain copies: one address space, nothing can fault). */
#ifndef LINUX_UACCESS_H
#define LINUX_UACCESS_H

#include <linux/compiler_types.h>
#include <irqlab/uaccess.h>

#endif
