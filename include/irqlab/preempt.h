/* include/irqlab/preempt.h - preempt_count and the context predicates.
 *
 * One per-CPU counter says what context the CPU is in, with Linux's layout:
 *
 *   bits  0-7   preemption disable depth
 *   bits  8-15  softirq: bit 8 = serving a softirq, +2 per local_bh_disable()
 *   bits 16-19  hard-IRQ nesting (irq_enter/irq_exit)
 *   bits 20-23  NMI nesting
 *
 * so in_hardirq() is "any hard-IRQ bit set", in_softirq() "any softirq bit set" (which
 * includes bh-disabled sections), in_serving_softirq() "bit 8 set". */
#ifndef IRQLAB_PREEMPT_H
#define IRQLAB_PREEMPT_H

#include <irqlab/percpu.h>

#define PREEMPT_BITS    8
#define SOFTIRQ_BITS    8
#define HARDIRQ_BITS    4
#define NMI_BITS        4

#define PREEMPT_SHIFT   0
#define SOFTIRQ_SHIFT   (PREEMPT_SHIFT + PREEMPT_BITS)
#define HARDIRQ_SHIFT   (SOFTIRQ_SHIFT + SOFTIRQ_BITS)
#define NMI_SHIFT       (HARDIRQ_SHIFT + HARDIRQ_BITS)

#define __IRQ_MASK(x)   ((1u << (x)) - 1)
#define PREEMPT_MASK    (__IRQ_MASK(PREEMPT_BITS) << PREEMPT_SHIFT)
#define SOFTIRQ_MASK    (__IRQ_MASK(SOFTIRQ_BITS) << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK    (__IRQ_MASK(HARDIRQ_BITS) << HARDIRQ_SHIFT)
#define NMI_MASK        (__IRQ_MASK(NMI_BITS) << NMI_SHIFT)

#define PREEMPT_OFFSET  (1u << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET  (1u << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET  (1u << HARDIRQ_SHIFT)
#define NMI_OFFSET      (1u << NMI_SHIFT)
#define SOFTIRQ_DISABLE_OFFSET (2 * SOFTIRQ_OFFSET)

DECLARE_PER_CPU(unsigned int, __preempt_count);

static inline unsigned int preempt_count(void)
{
	return this_cpu_read(__preempt_count);
}

static inline void preempt_count_add(unsigned int v)
{
	barrier();
	this_cpu_add(__preempt_count, v);
	barrier();
}

static inline void preempt_count_sub(unsigned int v)
{
	barrier();
	this_cpu_add(__preempt_count, -v);
	barrier();
}

#define hardirq_count()         (preempt_count() & HARDIRQ_MASK)
#define softirq_count()         (preempt_count() & SOFTIRQ_MASK)
#define irq_count()             (preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK | NMI_MASK))

#define in_nmi()                (preempt_count() & NMI_MASK)
#define in_hardirq()            (hardirq_count())
#define in_irq()                in_hardirq()
#define in_softirq()            (softirq_count())
#define in_serving_softirq()    (softirq_count() & SOFTIRQ_OFFSET)
#define in_interrupt()          (irq_count())
#define in_task()               (!(preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)))
#define in_atomic()             (preempt_count() != 0)

#define preempt_disable()       preempt_count_add(PREEMPT_OFFSET)
#define preempt_enable_no_resched() preempt_count_sub(PREEMPT_OFFSET)

#endif
