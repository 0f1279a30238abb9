/* include/irqlab/irq_work.h - a function run in hard-IRQ context on a chosen CPU, queued
 * from any context, NMI-safe in Linux and here safe with interrupts off (Linux's
 * irq_work):
 *
 *     static void kick(struct irq_work *w) { raise_softirq_irqoff(TASKLET_SOFTIRQ); }
 *     static struct irq_work kick_work = IRQ_WORK_INIT(kick);
 *     irq_work_queue_on(&kick_work, cpu);     // kick() runs on cpu, in hard-IRQ context
 *
 * The way to make another CPU do something from where a function call IPI may not be
 * sent (interrupts off, a spinlock held): queueing takes no lock and never waits. The
 * target CPU takes an IPI on IRQ_WORK_VECTOR, counted in /proc/interrupts' IWI row ("IRQ
 * work interrupts"). With the 8259 (one CPU, no LAPIC to send it) the work runs at the
 * CPU's next tick instead.
 *
 * A work is PENDING from its queueing until its function starts, and BUSY until it has
 * returned: queueing a PENDING work does nothing (it will run once, after this call),
 * as for tasklets and work items. */
#ifndef IRQLAB_IRQ_WORK_H
#define IRQLAB_IRQ_WORK_H

#include <irqlab/types.h>

#define IRQ_WORK_PENDING        BIT(0)
#define IRQ_WORK_BUSY           BIT(1)

struct irq_work {
	struct irq_work *next;          /* on a CPU's raised list (kernel/irq_work.c) */
	unsigned long flags;            /* IRQ_WORK_*: changed with LOCKed instructions */
	void (*func)(struct irq_work *work);
};

#define IRQ_WORK_INIT(f)        { .next = NULL, .flags = 0, .func = (f) }

static inline void init_irq_work(struct irq_work *work, void (*func)(struct irq_work *))
{
	*work = (struct irq_work)IRQ_WORK_INIT(func);
}

/* Queues work to run on cpu (an online CPU), or on this CPU. False if it was already
 * pending. Any context. */
bool irq_work_queue_on(struct irq_work *work, unsigned int cpu);
bool irq_work_queue(struct irq_work *work);
/* Runs this CPU's queued works. Hard-IRQ context, interrupts off: IRQ_WORK_VECTOR's
 * handler, or the tick where there is no such vector. */
void irq_work_run(void);
void irq_work_tick(void);

/* The architecture's part (arch/x86/ipi.c): can this machine send IRQ_WORK_VECTOR, and
 * send it to cpu (this one included). */
bool arch_irq_work_has_interrupt(void);
void arch_irq_work_raise(unsigned int cpu);

#endif
