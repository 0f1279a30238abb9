/* include/irqlab/irqdesc.h - an interrupt line as the IRQ core keeps it, for reading.
 *
 * struct irq_desc is the core's record of one line: chip, flow handler, actions, counts.
 * Code outside kernel/irq/ (the shell, the demos, the event trace, a driver reporting its
 * own line) reads a line through this header and changes it only through
 * <irqlab/interrupt.h>. The state bits of desc->istate and the functions that change a
 * line are the core's own, in kernel/irq/internal.h.
 *
 * Lock: irqlab has one CPU and no descriptor lock. The fields change with interrupts off
 * (the flow handlers run so; request_irq() and its kin turn them off), so a reader that
 * needs several fields to agree, or walks the action list, turns interrupts off too.
 */
#ifndef IRQLAB_IRQDESC_H
#define IRQLAB_IRQDESC_H

#include <irqlab/irq.h>
#include <irqlab/percpu.h>
#include <irqlab/wait.h>

struct task_struct;

/* One handler on a line: what request_threaded_irq() installed. */
struct irqaction {
	irq_handler_t handler;          /* the primary handler: hard-IRQ context */
	void *dev_id;
	unsigned long flags;
	const char *name;
	u32 handled;            /* how often this action (or its thread) returned IRQ_HANDLED */
	irqreturn_t last_ret;   /* what the handler returned in the delivery IRQS_RECORD_RETURNS
				 * asked for (`raise`); not written otherwise */
	struct irqaction *next; /* the next action on a shared line */
	/* Threaded handlers (kernel/irq/thread.c); thread is NULL for a plain action. */
	irq_handler_t thread_fn;        /* runs in thread, process context */
	struct task_struct *thread;     /* irq/N-name, SCHED_FIFO 50 */
	unsigned int irq;
	unsigned int thread_flags;      /* IRQTF_*: changed with interrupts off */
	unsigned long thread_mask;      /* this action's bit in desc->threads_oneshot */
};

struct irq_desc {
	struct irq_data irq_data;
	irq_flow_handler_t handle_irq;
	const char *name;               /* the flow's name: "edge", "fasteoi", "level" */
	struct irqaction *action;
	unsigned int depth;             /* nested disable_irq() calls */
	unsigned int istate;            /* IRQS_* (kernel/irq/internal.h) */
	u32 kstat_irqs[NR_CPUS];        /* deliveries per CPU */
	/* The spurious-interrupt detector (kernel/irq/spurious.c). */
	u32 irq_count;                  /* deliveries in the current window */
	u32 irqs_unhandled;             /* of those, how many no action claimed */
	u32 unhandled_total;            /* since boot, for /proc and the tests */
	/* Threaded handlers (kernel/irq/thread.c). */
	unsigned long threads_oneshot;  /* ONESHOT actions whose thread_fn is still owed:
					 * the line stays masked while any bit is set */
	int threads_active;             /* thread_fn runs woken and not yet finished */
	struct wait_queue_head wait_for_threads; /* synchronize_irq() waits here */
	/* The affinity a move waits to set (IRQD_SETAFFINITY_PENDING); under
	 * irq_affinity_lock (kernel/irq/affinity.c). */
	unsigned long pending_mask;
};

extern struct irq_desc irq_desc[NR_IRQS];

/* The line's descriptor, or NULL past the last line. Any context. */
static inline struct irq_desc *irq_to_desc(unsigned int irq)
{
	return irq < NR_IRQS ? &irq_desc[irq] : NULL;
}

/* Walks the line's actions, first to last, with act. Interrupts off, or a request_irq()
 * or free_irq() may change the list under the walk. */
#define for_each_action_of_desc(desc, act)                                      \
	for ((act) = (desc)->action; (act); (act) = (act)->next)

/* Does line irq have at least one action? Any context. */
static inline bool irq_has_action(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	return desc && desc->action;
}

/* Deliveries of line irq on cpu that its flow handler counted: the line's column in
 * /proc/interrupts. A delivery the chip found spurious is not among them (it is in
 * SPU). Any context. */
static inline unsigned int kstat_irqs_cpu(unsigned int irq, unsigned int cpu)
{
	struct irq_desc *desc = irq_to_desc(irq);

	return desc && cpu < NR_CPUS ? desc->kstat_irqs[cpu] : 0;
}

#endif
