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
};

struct irq_chip {
	const char *name;               /* the /proc/interrupts column: "XT-PIC", "IO-APIC" */
	void (*irq_mask)(struct irq_data *d);
	void (*irq_unmask)(struct irq_data *d);
	void (*irq_ack)(struct irq_data *d);            /* edge: accept, before handling */
	void (*irq_mask_ack)(struct irq_data *d);
	void (*irq_eoi)(struct irq_data *d);            /* fasteoi: done, after handling */
	/* Raise the line from software, as the hardware would (irq_inject); 0 or -errno. */
	int (*irq_retrigger)(struct irq_data *d);
	/* Program the line's trigger (one IRQF_TRIGGER_* value) and switch its flow handler
	 * to match; called by request_irq() when a driver names a trigger. 0 or -errno. */
	int (*irq_set_type)(struct irq_data *d, unsigned int type);
};

typedef void (*irq_flow_handler_t)(struct irq_desc *desc);

/* The flow handlers (kernel/irq/chip.c): how a line is acknowledged around its actions. */
void handle_edge_irq(struct irq_desc *desc);
void handle_fasteoi_irq(struct irq_desc *desc);
void handle_level_irq(struct irq_desc *desc);

void irq_set_chip_and_handler_name(unsigned int irq, struct irq_chip *chip,
				   irq_flow_handler_t handle, const char *name);
void irq_set_chip_data(unsigned int irq, void *data);
void irq_set_hwirq(unsigned int irq, unsigned long hwirq);

/* Runs the flow handler of a line: the generic half of do_IRQ(). Hard-IRQ context. */
void generic_handle_irq(unsigned int irq);

#endif
