/* include/linux/spinlock.h - spinlock_t, spin_lock_irqsave...: include/irqlab/spinlock.h. */
#ifndef LINUX_SPINLOCK_H
#define LINUX_SPINLOCK_H

#include <irqlab/spinlock.h>

#endif
