/* include/linux/sched.h - current (current->pid, current->comm) and schedule(): include/irqlab/sched.h. */
#ifndef LINUX_SCHED_H
#define LINUX_SCHED_H

#include <irqlab/sched.h>

#endif
