/* include/irqlab/irq.h - the interface between the IRQ core and interrupt controllers.
 *
 * A controller driver (arch/x86/pic8259.c, arch/x86/ioapic.c) describes itself with a
 * struct irq_chip and attaches it to lines with irq_set_chip_and_handler_name(),
 * choosing the flow handler that matches how its lines behave. Drivers of devices use
 * <irqlab/interrupt.h>, not this. */
#ifndef IRQLAB_IRQ_H
#define IRQLAB_IRQ_H

#include <irqlab/interrupt.h>

struct irq_desc;

struct irq_data {
	unsigned int irq;               /* the Linux-visible line number */
	unsigned long hwirq;            /* the pin on its controller */
	struct irq_chip *chip;
	void *chip_data;
	unsigned int state;             /* IRQD_*: under the line's desc->lock */
	/* Cpumasks, one bit per CPU (cpumask.h), under the line's desc->lock. */
	unsigned long affinity;         /* the CPUs the line may go to: smp_affinity */
	unsigned long effective_affinity; /* where the chip really sends it */
};

/* irq_data->state */
#define IRQD_ACK_SPURIOUS BIT(0)        /* the chip's ack found no request behind this
					 * delivery (irqd_set_ack_spurious) */
#define IRQD_SETAFFINITY_PENDING BIT(1) /* a new affinity waits for the line's next
					 * interrupt (desc->pending_mask, irq_move_irq) */
#define IRQD_NO_BALANCING BIT(2)        /* the line's action said IRQF_NOBALANCING */
#define IRQD_AFFINITY_SET BIT(3)        /* its affinity was set: request_irq() keeps it
					 * rather than take the default */

struct irq_chip {
	const char *name;               /* the /proc/interrupts column: "XT-PIC", "IO-APIC" */
	void (*irq_mask)(struct irq_data *d);
	void (*irq_unmask)(struct irq_data *d);
	/* Edge and level flows: accept the delivery, before handling. A chip that can tell
	 * a delivery no device raised (the 8259's spurious IR7) has both, checks in both
	 * before it masks or acks anything, and then calls irqd_set_ack_spurious(). */
	void (*irq_ack)(struct irq_data *d);
	void (*irq_mask_ack)(struct irq_data *d);
	void (*irq_eoi)(struct irq_data *d);            /* fasteoi: done, after handling */
	/* Raise the line from software, as the hardware would (irq_inject); 0 or -errno. */
	int (*irq_retrigger)(struct irq_data *d);
	/* Program the line's trigger (one IRQF_TRIGGER_* value) and switch its flow handler
	 * to match; called by request_irq() when a driver names a trigger. 0 or -errno. */
	int (*irq_set_type)(struct irq_data *d, unsigned int type);
	/* Send the line to one or more CPUs of mask (online ones only; never empty), and
	 * say which in d->effective_affinity. Called with the line quiet: no delivery of it
	 * in flight (irq_move_irq). 0 or -errno. A chip without it (the 8259: wired to the
	 * boot CPU) cannot move its lines. */
	int (*irq_set_affinity)(struct irq_data *d, unsigned long mask);
};

typedef void (*irq_flow_handler_t)(struct irq_desc *desc);

/* For a chip's irq_ack/irq_mask_ack: nothing raised this delivery. The chip has counted
 * it and done what its hardware needs (no EOI where nothing is in service); the flow
 * handler then stops: the delivery is not counted as the line's, the line's mask and
 * pending state stay as they were, and no action runs. Hard-IRQ context. */
static inline void irqd_set_ack_spurious(struct irq_data *d)
{
	d->state |= IRQD_ACK_SPURIOUS;
}

/* For a chip's ack or EOI: if the line has a move pending, make it now, with the line
 * masked around the chip's irq_set_affinity (kernel/irq/affinity.c). Hard-IRQ context,
 * from the line's own delivery: its flow handler holds desc->lock. */
void irq_move_irq(struct irq_data *d);
/* irq_move_irq() for a chip that has masked the line itself. */
void irq_move_masked_irq(struct irq_data *d);
static inline bool irqd_is_setaffinity_pending(const struct irq_data *d)
{
	return READ_ONCE(d->state) & IRQD_SETAFFINITY_PENDING;
}

/* The flow handlers (kernel/irq/chip.c): how a line is acknowledged around its actions. */
void handle_edge_irq(struct irq_desc *desc);
void handle_fasteoi_irq(struct irq_desc *desc);
void handle_level_irq(struct irq_desc *desc);

/* Attaches a chip and flow handler to a line. Any context, but not with the line's
 * desc->lock held: a chip's irq_set_type, which runs with it held, uses the _locked
 * form. */
void irq_set_chip_and_handler_name(unsigned int irq, struct irq_chip *chip,
				   irq_flow_handler_t handle, const char *name);
void irq_set_chip_handler_name_locked(struct irq_data *d, struct irq_chip *chip,
				      irq_flow_handler_t handle, const char *name);
void irq_set_chip_data(unsigned int irq, void *data);
void irq_set_hwirq(unsigned int irq, unsigned long hwirq);

/* Runs the flow handler of a line: the generic half of do_IRQ(). Hard-IRQ context. */
void generic_handle_irq(unsigned int irq);

/* Boot, interrupts off, before any controller attaches to a line: the core's table of
 * lines (kernel/irq/irqdesc.c), then the architecture's vector table (arch/x86/irq.c). */
void early_irq_init(void);
void arch_early_irq_init(void);

/* What the architecture provides to the core (arch/x86/irq.c). */
struct seq_file;
/* A delivery on a line no controller drives (its flow is handle_bad_irq): count it in
 * ERR. Hard-IRQ context. */
void ack_bad_irq(unsigned int irq);
/* The rows of /proc/interrupts after the lines (LOC, SPU, ERR), their names prec wide. */
void arch_show_interrupts(struct seq_file *p, int prec);
/* The sum of those rows over every CPU, as /proc/stat's intr total counts them beside
 * the lines (Linux: arch_irq_stat_cpu() and arch_irq_stat()). Any context. */
u64 arch_irq_stat(void);

#endif
