/* include/linux/irqflags.h - local_irq_save/restore/disable/enable: include/irqlab/irqflags.h. */
#ifndef LINUX_IRQFLAGS_H
#define LINUX_IRQFLAGS_H

#include <irqlab/irqflags.h>
#include <irqlab/percpu.h>       /* smp_processor_id(), which Linux's reaches too */

#endif
