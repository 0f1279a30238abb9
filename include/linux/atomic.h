/* include/linux/atomic.h - atomic_t (atomic_read/set/inc/xchg...) and the bit
 * operations: include/irqlab/atomic.h. */
#ifndef LINUX_ATOMIC_H
#define LINUX_ATOMIC_H

#include <irqlab/atomic.h>

#endif
