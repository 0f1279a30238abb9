/* include/linux/smp.h - smp_processor_id(): include/irqlab/percpu.h. */
#ifndef LINUX_SMP_H
#define LINUX_SMP_H

#include <irqlab/percpu.h>
#include <irqlab/smp.h>

#endif
