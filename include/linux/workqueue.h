/* include/linux/workqueue.h - work items and queues: include/irqlab/workqueue.h. */
#ifndef LINUX_WORKQUEUE_H
#define LINUX_WORKQUEUE_H

#include <irqlab/workqueue.h>

#endif
