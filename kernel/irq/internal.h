/* kernel/irq/internal.h - the IRQ core's private state. Include it from kernel/irq/ and
 * from the in-kernel tests only: drivers see <irqlab/interrupt.h>, controllers
 * <irqlab/irq.h>. */
#ifndef KERNEL_IRQ_INTERNAL_H
#define KERNEL_IRQ_INTERNAL_H

#include <irqlab/irq.h>

struct irqaction {
	irq_handler_t handler;
	void *dev_id;
	unsigned long flags;
	const char *name;
	u32 handled;            /* how often this action returned IRQ_HANDLED */
	struct irqaction *next; /* the next action on a shared line */
};

/* desc->istate: the core's view of the line. */
#define IRQS_INPROGRESS BIT(0)  /* the actions are running right now */
#define IRQS_PENDING    BIT(1)  /* an edge came while disabled or in progress */
#define IRQS_DISABLED   BIT(2)  /* depth > 0 */
#define IRQS_MASKED     BIT(3)  /* masked at the chip */
#define IRQS_SPURIOUS_DISABLED BIT(4) /* shut off by the "nobody cared" detector */
#define IRQS_LEVEL      BIT(5)  /* a level-triggered line */

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

/* Counters shown in /proc/interrupts' SPU and ERR rows. */
extern u32 irq_spurious_count;
extern u32 irq_err_count;

#endif
