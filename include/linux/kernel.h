/* include/linux/kernel.h - printk and its levels, pr_info..., container_of, ARRAY_SIZE,
 * min/max: irqlab's own, under Linux's header name. */
#ifndef LINUX_KERNEL_H
#define LINUX_KERNEL_H

#include <irqlab/types.h>
#include <irqlab/printk.h>
#include <irqlab/errno.h>
#include <irqlab/kallsyms.h>       /* dump_stack(), Linux's printk.h has it */

#ifndef min
#define min(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
#endif

#endif
