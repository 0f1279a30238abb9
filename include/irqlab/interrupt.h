/* include/irqlab/interrupt.h - what a driver uses to take an interrupt.
 *
 * The same calls as Linux's <linux/interrupt.h>: a driver asks for a line with
 * request_irq() (or request_threaded_irq() for a handler with a thread) and never learns
 * whether an 8259 or an IOAPIC delivers it. */
#ifndef IRQLAB_INTERRUPT_H
#define IRQLAB_INTERRUPT_H

#include <irqlab/types.h>
#include <irqlab/bottom_half.h>
#include <irqlab/irqflags.h>
#include <irqlab/preempt.h>
#include <irqlab/printk.h>

typedef enum irqreturn {
	IRQ_NONE        = 0,            /* not my device */
	IRQ_HANDLED     = 1 << 0,       /* my device, dealt with */
	IRQ_WAKE_THREAD = 1 << 1,       /* my device: wake the handler thread */
} irqreturn_t;

typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

/* Trigger types: the line's electrical behaviour, when the driver knows it. */
#define IRQF_TRIGGER_NONE       0x00000000
#define IRQF_TRIGGER_RISING     0x00000001
#define IRQF_TRIGGER_FALLING    0x00000002
#define IRQF_TRIGGER_HIGH       0x00000004
#define IRQF_TRIGGER_LOW        0x00000008
#define IRQF_TRIGGER_MASK       (IRQF_TRIGGER_HIGH | IRQF_TRIGGER_LOW | \
				 IRQF_TRIGGER_RISING | IRQF_TRIGGER_FALLING)
#define IRQF_SHARED             0x00000080      /* other devices may share the line */
#define IRQF_ONESHOT            0x00002000      /* keep masked until the thread is done */
#define IRQF_NOBALANCING        0x00000800      /* the line's CPUs are not to be
						 * changed from user space (/proc) */
#define IRQF_NO_THREAD          0x00010000

#define NR_GSI_IRQS             24      /* 16 ISA lines, or the IOAPIC's 24 pins */
#define NR_MSI_IRQS             16      /* lines made for PCI MSI, numbered above the GSIs */
#define NR_IRQS                 (NR_GSI_IRQS + NR_MSI_IRQS)

/* Installs an action on line irq: handler runs in hard-IRQ context on every interrupt
 * of the line; if it returns IRQ_WAKE_THREAD, thread_fn then runs in the action's own
 * thread, irq/<irq>-<name> (SCHED_FIFO 50), in process context where it may sleep.
 * handler NULL means "only wake the thread", and then needs IRQF_ONESHOT, which keeps
 * the line masked from the interrupt until thread_fn has returned. Sharers must agree on
 * IRQF_SHARED, the trigger and IRQF_ONESHOT.
 * Process context when thread_fn is given (it creates the thread and may sleep).
 * Returns 0, -EINVAL (bad line, no handler and no thread_fn, IRQF_SHARED without dev_id,
 * handler NULL without IRQF_ONESHOT), -EBUSY (the line is taken and the flags do not
 * agree), -ENOMEM. */
int __must_check request_threaded_irq(unsigned int irq, irq_handler_t handler,
				      irq_handler_t thread_fn, unsigned long flags,
				      const char *name, void *dev_id);

/* Installs handler on line irq, with no thread. Process context, or the boot with
 * interrupts off. Returns 0, -EINVAL (bad line, NULL handler, IRQF_SHARED without
 * dev_id), -EBUSY (the line is taken and the two do not both say IRQF_SHARED, or their
 * triggers differ), -ENOMEM. */
static inline int __must_check request_irq(unsigned int irq, irq_handler_t handler,
					   unsigned long flags, const char *name, void *dev_id)
{
	return request_threaded_irq(irq, handler, NULL, flags, name, dev_id);
}

/* Removes the action whose dev_id matches and returns its name; warns and returns NULL
 * when there is none. Waits for a running handler to finish, and stops the action's
 * thread after its thread_fn has returned. Process context; never from the action's
 * own thread_fn. */
const void *free_irq(unsigned int irq, void *dev_id);

/* disable_irq() masks the line and waits for running handlers, threaded ones included
 * (so it may sleep on a threaded line); disable_irq_nosync() does not wait (safe from
 * the line's own handler). They nest: each needs one enable_irq(). An unbalanced
 * enable_irq() warns. synchronize_irq() waits for the primary handlers and for every
 * thread_fn woken so far (process context on a threaded line); synchronize_hardirq()
 * for the primary handlers only (any context but the line's own handler). */
void disable_irq(unsigned int irq);
void disable_irq_nosync(unsigned int irq);
void enable_irq(unsigned int irq);
void synchronize_irq(unsigned int irq);
void synchronize_hardirq(unsigned int irq);

/* Sends line irq to the CPUs of mask (a cpumask, <irqlab/cpumask.h>): its smp_affinity.
 * The interrupt controller picks the CPU (or CPUs) it really delivers to, among the
 * online ones of mask; a line that is in use moves at its next interrupt (the README's
 * "Interrupt affinity"). Any context but the line's own handler; interrupts may be on.
 * Returns 0, -EINVAL (no such line, no online CPU in mask, a chip that cannot move its
 * lines). */
int __must_check irq_set_affinity(unsigned int irq, unsigned long mask);

/* Interrupt autoprobing (kernel/irq/autoprobe.c), for a device that cannot say which
 * line it raises. probe_irq_on() turns on every line no driver holds, waits 100 ms, and
 * returns the mask of those that stayed quiet (lines 0-31); the caller then makes its
 * device interrupt and calls probe_irq_off() with that mask, which turns them off again
 * and returns the line that fired, 0 if none did, or minus the lowest if several did.
 * Process context (it sleeps); one probe at a time (the second caller waits). */
unsigned long probe_irq_on(void);
int probe_irq_off(unsigned long val);
/* Would request_irq(irq, ..., irqflags, ...) find the line free, or shareable? Only a
 * hint: another driver may take it before the request. Any context. */
bool can_request_irq(unsigned int irq, unsigned long irqflags);

/* Raises line irq in software, through the same path as the hardware would: the chip,
 * do_IRQ, the flow handler, every action, the counters. Any context. Returns 0, or
 * -EINVAL for a line with no controller. */
int __must_check irq_inject(unsigned int irq);
/* irq_inject() that notes each handler's return in its action's last_ret (`raise`);
 * *ran says whether the handlers ran. Process context. */
int __must_check irq_inject_recorded(unsigned int irq, bool *ran);

/* Hard-IRQ context accounting around every interrupt (kernel/softirq.c). */
void irq_enter(void);
void irq_exit(void);

#endif
