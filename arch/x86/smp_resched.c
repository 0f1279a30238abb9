/* arch/x86/smp_resched.c - the reschedule IPI: one CPU asks another to call schedule().
 *
 * Intel SDM Vol. 3A, chapter "Advanced Programmable Interrupt Controller (APIC)",
 * sections "Interrupt Command Register (ICR)" (a fixed-mode, edge-triggered IPI to one
 * APIC ID in physical destination mode) and "Handling Interrupts" (the EOI).
 *
 * When try_to_wake_up() queues a thread on another CPU's run queue and that thread
 * should run there now (the CPU is idle, or runs something it preempts), it sets
 * need_resched on that CPU's current thread and sends RESCHEDULE_VECTOR there. The
 * interrupt does the rest on its way out: irqentry_exit_cond_resched() (irq.c) switches
 * if the code it hit was preemptible; an idle CPU wakes from HLT into its idle loop,
 * which calls schedule(). Linux: native_smp_send_reschedule(), sysvec_reschedule_ipi().
 */
#include <irqlab/interrupt.h>
#include <irqlab/sched.h>
#include "hardirq.h"
#include "irq_vectors.h"
#include "lapic.h"
#include "processor.h"

void smp_send_reschedule(unsigned int cpu)
{
	/* Fixed delivery mode (000b), edge, physical destination: the vector alone. */
	lapic_icr_write(RESCHEDULE_VECTOR, per_cpu(cpu_info, cpu).apicid);
}

/* Hard-IRQ context, interrupts off. The EOI first: the switch on the way out may take
 * a while to come back here, and the vector's ISR bit would hold off every vector below
 * 0xfd (every device, the tick) meanwhile. */
void sysvec_reschedule_ipi(struct pt_regs *regs)
{
	(void)regs;
	irq_enter();
	this_cpu_inc(irq_resched_count);
	lapic_eoi();
	current->need_resched = true;   /* the sender set it too; an IPI says it again */
	irq_exit();
}
