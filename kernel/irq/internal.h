/* kernel/irq/internal.h - the IRQ core's private state. Include it from kernel/irq/ and
 * from the in-kernel tests only: drivers see <irqlab/interrupt.h>, controllers
 * <irqlab/irq.h>. */
#ifndef KERNEL_IRQ_INTERNAL_H
#define KERNEL_IRQ_INTERNAL_H

#include <irqlab/irq.h>
#include <irqlab/wait.h>

struct task_struct;

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

/* action->thread_flags */
#define IRQTF_RUNTHREAD BIT(0)  /* the primary handler asked for a run of thread_fn */
#define IRQTF_WARNED    BIT(1)  /* "returned IRQ_WAKE_THREAD but no thread" said once */

/* desc->istate: the core's view of the line. */
#define IRQS_INPROGRESS BIT(0)  /* the actions are running right now */
#define IRQS_PENDING    BIT(1)  /* an edge came while disabled, held or in progress */
#define IRQS_DISABLED   BIT(2)  /* depth > 0 */
#define IRQS_MASKED     BIT(3)  /* masked at the chip */
#define IRQS_SPURIOUS_DISABLED BIT(4) /* shut off by the "nobody cared" detector */
#define IRQS_LEVEL      BIT(5)  /* a level-triggered line */
#define IRQS_ONESHOT    BIT(6)  /* its actions asked for IRQF_ONESHOT */
#define IRQS_RECORD_RETURNS BIT(7) /* the next handle_irq_event() notes each action's
				    * return in action->last_ret, then clears this */

struct irq_desc {
	struct irq_data irq_data;
	irq_flow_handler_t handle_irq;
	const char *name;               /* the flow's name: "edge", "fasteoi", "level" */
	struct irqaction *action;
	unsigned int depth;             /* nested disable_irq() calls */
	unsigned int istate;
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
};

extern struct irq_desc irq_desc[NR_IRQS];

static inline struct irq_desc *irq_to_desc(unsigned int irq)
{
	return irq < NR_IRQS ? &irq_desc[irq] : NULL;
}

/* Runs every action on the line (kernel/irq/handle.c); the flow handlers call it. */
irqreturn_t handle_irq_event(struct irq_desc *desc);
/* Spurious/unhandled accounting after each delivery (kernel/irq/spurious.c). */
void note_interrupt(struct irq_desc *desc, irqreturn_t ret);

void mask_irq(struct irq_desc *desc);
void unmask_irq(struct irq_desc *desc);
/* Raises again an interrupt held as IRQS_PENDING while the line was off (manage.c).
 * Interrupts off. */
void check_irq_resend(struct irq_desc *desc);

/* Threaded handlers (kernel/irq/thread.c). */
irqreturn_t irq_default_primary_handler(int irq, void *dev_id);
/* Marks action's thread_fn as owed and wakes its thread. Hard-IRQ context. */
void __irq_wake_thread(struct irq_desc *desc, struct irqaction *action);
/* Creates the irq/N-name thread of action (not yet woken). Process context. */
int __must_check irq_setup_thread(struct irqaction *action);
/* Stops action's thread, after a thread_fn that is running or owed has returned.
 * Process context. */
void irq_stop_thread(struct irqaction *action);

/* Counters shown in /proc/interrupts' SPU and ERR rows. */
extern u32 irq_spurious_count;
extern u32 irq_err_count;

#endif
