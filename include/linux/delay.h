/* include/linux/delay.h - mdelay/udelay (spin, any context) and msleep/ssleep (process
 * context): include/irqlab/timer.h. */
#ifndef LINUX_DELAY_H
#define LINUX_DELAY_H

#include <irqlab/timer.h>

static inline void ssleep(unsigned int seconds)
{
	msleep(seconds * 1000);
}

#endif
