/* include/linux/moduleparam.h - module_param(name, type, perm): the parameters insmod
 * sets (`insmod x.ko irq=12 name=hello`). irqlab's declarations are in
 * include/irqlab/moduleparam.h; perm is accepted and unused (irqlab has no sysfs). */
#ifndef LINUX_MODULEPARAM_H
#define LINUX_MODULEPARAM_H

#include <irqlab/moduleparam.h>

#endif
