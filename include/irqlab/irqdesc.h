/* include/irqlab/irqdesc.h - an interrupt line as the IRQ core keeps it, for reading.
 *
 * struct irq_desc is the core's record of one line: chip, flow handler, actions, counts.
 * Code outside kernel/irq/ (the shell, the demos, the event trace, a driver reporting its
 * own line) reads a line through this header and changes it only through
 * <irqlab/interrupt.h>. The state bits of desc->istate and the functions that change a
 * line are the core's own, in kernel/irq/internal.h.
 *
 * Lock: desc->lock, one per line (see struct irq_desc). A reader that needs several
 * fields to agree, or walks the action list, takes it with raw_spin_lock_irqsave(); a
 * single word (a count, depth) may be read without it, and may then be one behind.
 */
#ifndef IRQLAB_IRQDESC_H
#define IRQLAB_IRQDESC_H

#include <irqlab/irq.h>
#include <irqlab/percpu.h>
#include <irqlab/spinlock.h>
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
	unsigned long thread_flags;     /* IRQTF_* bit numbers: changed only with atomic
					 * bitops, by the line's CPU and its thread at once */
	unsigned long thread_mask;      /* this action's bit in desc->threads_oneshot */
	unsigned long caller;           /* request_irq's caller, for the module leak report;
					 * set before the action is listed, never changed */
};

/* Lock: desc->lock, a raw spinlock taken with interrupts off (in the flow handlers, by
 * the CPU the interrupt came to; elsewhere with raw_spin_lock_irqsave), covers the line's
 * state: istate, depth, the action list, irq_data (its state bits, its chip's calls,
 * its affinity masks), pending_mask, the handler and chip, the spurious detector's
 * window, threads_oneshot and threads_active. The flow handlers drop it while the
 * actions run, as Linux's handle_irq_event() does: IRQS_INPROGRESS then says that one
 * CPU runs them, and no other CPU will until it is clear again (a delivery that comes
 * meanwhile is held as IRQS_PENDING or left, chip.c), so what the actions change
 * (action->handled, last_ret, threads_oneshot, threads_active) is the running CPU's
 * alone until it takes the lock back; a thread waits for IRQS_INPROGRESS to clear
 * before it touches them (thread.c). kstat_irqs[cpu] is written only by cpu. */
struct irq_desc {
	raw_spinlock_t lock;
	struct irq_data irq_data;
	irq_flow_handler_t handle_irq;
	const char *name;               /* the flow's name: "edge", "fasteoi", "level" */
	struct irqaction *action;
	unsigned int depth;             /* nested disable_irq() calls */
	unsigned int istate;            /* IRQS_* (kernel/irq/internal.h) */
	u32 kstat_irqs[NR_CPUS];        /* deliveries per CPU, each written by its CPU */
	/* The spurious-interrupt detector (kernel/irq/spurious.c). */
	u32 irq_count;                  /* deliveries in the current window */
	u32 irqs_unhandled;             /* of those, how many no action claimed */
	u32 unhandled_total;            /* since boot, for /proc and the tests */
	unsigned long last_unhandled;   /* jiffies at the last one (/proc/irq/N/spurious) */
	/* Threaded handlers (kernel/irq/thread.c). */
	unsigned long threads_oneshot;  /* ONESHOT actions whose thread_fn is still owed:
					 * the line stays masked while any bit is set */
	int threads_active;             /* thread_fn runs woken and not yet finished */
	struct wait_queue_head wait_for_threads; /* synchronize_irq() waits here */
	/* The affinity a move waits to set (IRQD_SETAFFINITY_PENDING; affinity.c). */
	unsigned long pending_mask;
};

extern struct irq_desc irq_desc[NR_IRQS];

/* The line's descriptor, or NULL past the last line. Any context. */
static inline struct irq_desc *irq_to_desc(unsigned int irq)
{
	return irq < NR_IRQS ? &irq_desc[irq] : NULL;
}

/* Walks the line's actions, first to last, with act. desc->lock held, or a request_irq()
 * or free_irq() may change the list under the walk (the flow handlers' walk, without
 * it, is covered by IRQS_INPROGRESS: free_irq() waits for it before it frees). */
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

/* The same over every CPU: the line's total, as /proc/stat's intr line shows it
 * (Linux's kstat_irqs_usr()). Any context; each CPU's count may be one behind. */
static inline unsigned int kstat_irqs(unsigned int irq)
{
	unsigned int n = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		n += kstat_irqs_cpu(irq, cpu);
	return n;
}

#endif
