/* include/linux/kthread.h - kthread_create/run/stop: include/irqlab/kthread.h. */
#ifndef LINUX_KTHREAD_H
#define LINUX_KTHREAD_H

#include <irqlab/kthread.h>

#endif
