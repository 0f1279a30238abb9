/* include/linux/interrupt.h - request_irq, free_irq, IRQF_*, irqreturn_t, threaded
 * handlers, tasklets: irqlab's include/irqlab/interrupt.h and tasklet.h. */
#ifndef LINUX_INTERRUPT_H
#define LINUX_INTERRUPT_H

#include <irqlab/interrupt.h>
#include <irqlab/tasklet.h>
#include <irqlab/preempt.h>      /* in_interrupt(), in_irq(), in_softirq() */
#include <irqlab/printk.h>
#include <irqlab/softirq.h>      /* local_softirq_pending() */
#include <irqlab/atomic.h>
#include <irqlab/sched.h>        /* current: Linux's reaches it through hardirq.h */
#include <irqlab/percpu.h>       /* smp_processor_id() */
#include <irqlab/workqueue.h>    /* Linux's interrupt.h includes workqueue.h too */
#include <asm/io.h>             /* Linux's x86 interrupt.h reaches inb() this way too */

#endif
