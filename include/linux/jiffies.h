/* include/linux/jiffies.h - jiffies, HZ and the conversions: include/irqlab/time.h. */
#ifndef LINUX_JIFFIES_H
#define LINUX_JIFFIES_H

#include <irqlab/time.h>

#endif
