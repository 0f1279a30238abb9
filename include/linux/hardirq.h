/* include/linux/hardirq.h - in_interrupt(), in_irq(), in_softirq(): include/irqlab/preempt.h. */
#ifndef LINUX_HARDIRQ_H
#define LINUX_HARDIRQ_H

#include <irqlab/preempt.h>

#endif
