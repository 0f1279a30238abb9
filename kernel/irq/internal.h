/* kernel/irq/internal.h - the IRQ core's private state and functions.
 *
 * Include it from kernel/irq/ and kernel/tests/ only (and the gdb helpers' constants,
 * which decode desc->istate). Everything else reads a line through <irqlab/irqdesc.h>;
 * drivers take one through <irqlab/interrupt.h>, interrupt controllers attach to one
 * through <irqlab/irq.h>. The SPU and ERR counts are the architecture's
 * (arch/x86/hardirq.h).
 */
#ifndef KERNEL_IRQ_INTERNAL_H
#define KERNEL_IRQ_INTERNAL_H

#include <irqlab/bench_stamp.h>
#include <irqlab/irqdesc.h>

/* action->thread_flags: bit numbers, for the atomic bitops (<irqlab/atomic.h>) - the
 * line's CPU sets them while the thread clears them, on another CPU. */
enum {
	IRQTF_RUNTHREAD,        /* the primary handler asked for a run of thread_fn */
	IRQTF_WARNED,           /* "returned IRQ_WAKE_THREAD but no thread" said once */
	IRQTF_AFFINITY,         /* the line moved: the thread should follow it
				 * (irq_thread_check_affinity) */
};

/* desc->istate: the core's view of the line, under desc->lock. */
#define IRQS_INPROGRESS BIT(0)  /* one CPU runs the actions, desc->lock dropped */
#define IRQS_PENDING    BIT(1)  /* an edge came while disabled, held or in progress */
#define IRQS_DISABLED   BIT(2)  /* depth > 0 */
#define IRQS_MASKED     BIT(3)  /* masked at the chip */
#define IRQS_SPURIOUS_DISABLED BIT(4) /* shut off by the "nobody cared" detector */
#define IRQS_LEVEL      BIT(5)  /* a level-triggered line */
#define IRQS_ONESHOT    BIT(6)  /* its actions asked for IRQF_ONESHOT */
#define IRQS_RECORD_RETURNS BIT(7) /* the next handle_irq_event() notes each action's
				    * return in action->last_ret, then clears this */
#define IRQS_AUTODETECT BIT(8)  /* turned on by probe_irq_on() (autoprobe.c) */
#define IRQS_WAITING    BIT(9)  /* probing: not fired yet; the flow handlers clear it */

/* Counts a delivery in the line's /proc/interrupts column. Hard-IRQ context. */
static inline void kstat_incr_irqs_this_cpu(struct irq_desc *desc)
{
	desc->kstat_irqs[smp_processor_id()]++;
}

/* Runs every action on the line (kernel/irq/handle.c); the flow handlers call it with
 * desc->lock held, and it drops the lock while the actions run. */
irqreturn_t handle_irq_event(struct irq_desc *desc);
/* Spurious/unhandled accounting after each delivery (kernel/irq/spurious.c).
 * desc->lock held. */
void note_interrupt(struct irq_desc *desc, irqreturn_t ret);

/* A line's first action turns it on, its last turns it off (manage.c); probing does
 * both for lines with none. These four: desc->lock held. */
void irq_startup(struct irq_desc *desc);
void irq_shutdown(struct irq_desc *desc);
void mask_irq(struct irq_desc *desc);
void unmask_irq(struct irq_desc *desc);
/* An interrupt held as IRQS_PENDING while the line was off: should it be raised again
 * now (manage.c)? desc->lock held. Then irq_resend() raises it, after the caller has
 * dropped desc->lock: the 8259's retrigger (INT n) runs the flow handler at once, and
 * the flow takes desc->lock. */
bool __must_check check_irq_resend(struct irq_desc *desc);
void irq_resend(struct irq_desc *desc);

/* Threaded handlers (kernel/irq/thread.c). */
irqreturn_t irq_default_primary_handler(int irq, void *dev_id);
/* Marks action's thread_fn as owed and wakes its thread. Hard-IRQ context. */
void __irq_wake_thread(struct irq_desc *desc, struct irqaction *action);
/* Creates the irq/N-name thread of action (not yet woken). Process context. */
int __must_check irq_setup_thread(struct irqaction *action);
/* Stops action's thread, after a thread_fn that is running or owed has returned.
 * Process context. */
void irq_stop_thread(struct irqaction *action);

/* Affinity (kernel/irq/affinity.c). */
extern unsigned long irq_default_affinity;
/* Can the line's chip move it at all (irq_set_affinity)? And may user space ask (not
 * IRQF_NOBALANCING)? Any context. */
bool irq_can_set_affinity(unsigned int irq);
bool irq_can_set_affinity_usr(unsigned int irq);
/* The requested mask (a pending one if a move waits) and the effective one of a line
 * that exists. Any context. */
unsigned long irq_get_affinity(unsigned int irq);
unsigned long irq_get_effective_affinity(unsigned int irq);
/* Takes the first action's IRQF_NOBALANCING. desc->lock held. */
void irq_setup_affinity(struct irq_desc *desc, unsigned long flags);
/* In an irq/N thread before each run: follows the line's CPUs. Process context. */
void irq_thread_check_affinity(struct irq_desc *desc, struct irqaction *action);

#endif
