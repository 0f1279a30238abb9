/* include/linux/string.h - strcpy, strlen, memcpy... (exported to modules):
 * include/irqlab/string.h, lib/string.c. */
#ifndef LINUX_STRING_H
#define LINUX_STRING_H

#include <irqlab/string.h>

#endif
