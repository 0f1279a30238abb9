/* include/linux/module.h - Linux's name for irqlab's module API, so that a module written
 * for Linux (#include <linux/module.h>) builds out of tree unchanged. irqlab's own code
 * and kernel/tests/modules/ include <irqlab/module.h>. */
#ifndef LINUX_MODULE_H
#define LINUX_MODULE_H

#include <irqlab/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>        /* Linux's module.h reaches it through its own includes */
/* THIS_MODULE, try_module_get() and module_put() are irqlab's own, Linux's names. */


#endif
