/* arch/x86/ipi.c - interprocessor interrupts: the function call IPIs and the NMI IPI.
 *
 * Intel SDM Vol. 3A, chapter "Advanced Programmable Interrupt Controller (APIC)":
 * sections "Issuing Interprocessor Interrupts" (the ICR: vector, delivery mode,
 * destination) and "IPI Delivery and Acceptance".
 *
 * Every IPI here goes to one CPU at a time by its APIC ID (physical destination, fixed
 * or NMI delivery). The two function call vectors share one handler: both drain this
 * CPU's call queue (kernel/smp.c). Linux keeps two so that a single call and a call to
 * many CPUs can be told apart in traces; irqlab does the same.
 */
#include <irqlab/irqflags.h>
#include <irqlab/interrupt.h>
#include <irqlab/irq_work.h>
#include <irqlab/smp.h>
#include <irqlab/trace.h>
#include "hardirq.h"
#include "ipi.h"
#include "irq_vectors.h"
#include "lapic.h"
#include "processor.h"

/* CAL, TLB and IWI (hardirq.h): changed on their own CPU, in hard-IRQ context. */
DEFINE_PER_CPU(u32, irq_call_count);
DEFINE_PER_CPU(u32, irq_tlb_count);
DEFINE_PER_CPU(u32, irq_work_count);

/* The ICR is one register pair per CPU: an interrupt whose handler sends an IPI between
 * our high and low dword writes would send ours to its destination. */
static void send_IPI(unsigned int cpu, u32 icr_low)
{
	unsigned long flags;

	local_irq_save(flags);
	lapic_icr_write(LAPIC_ICR_ASSERT | icr_low, per_cpu(cpu_info, cpu).apicid);
	local_irq_restore(flags);
}

void arch_send_call_function_single_ipi(unsigned int cpu)
{
	send_IPI(cpu, LAPIC_DM_FIXED | CALL_FUNCTION_SINGLE_VECTOR);
}

void arch_send_call_function_ipi_mask(unsigned long mask)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (mask & BIT(cpu))
			send_IPI(cpu, LAPIC_DM_FIXED | CALL_FUNCTION_VECTOR);
}

/* NMI delivery ignores the vector field; the target enters vector 2 even with
 * interrupts off. */
void apic_send_nmi_mask(unsigned long mask)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (mask & BIT(cpu))
			send_IPI(cpu, LAPIC_DM_NMI);
}

/* The EOI first, as Linux does: a call queued while these run raises a new IPI, which
 * then waits in the IRR instead of behind this one's ISR bit. */
static void call_function_interrupt(unsigned int vector)
{
	irq_enter();
	trace_event(TRACE_IRQ_ENTRY, (u32)-1, vector);
	lapic_eoi();
	this_cpu_add(irq_call_count, generic_smp_call_function_single_interrupt());
	trace_event(TRACE_IRQ_EXIT, (u32)-1, vector);
	irq_exit();
}

void sysvec_call_function(struct pt_regs *regs)
{
	(void)regs;
	call_function_interrupt(CALL_FUNCTION_VECTOR);
}

void sysvec_call_function_single(struct pt_regs *regs)
{
	(void)regs;
	call_function_interrupt(CALL_FUNCTION_SINGLE_VECTOR);
}

/* irq_work (kernel/irq_work.c): an IPI to the CPU whose list it was queued on, to this
 * CPU by the self shorthand. Only with the LAPIC: the 8259 boots run works at the tick. */
bool arch_irq_work_has_interrupt(void)
{
	return apic_intr_mode == APIC_SYMMETRIC_IO;
}

void arch_irq_work_raise(unsigned int cpu)
{
	if (cpu == smp_processor_id())
		apic_send_IPI_self(IRQ_WORK_VECTOR);
	else
		send_IPI(cpu, LAPIC_DM_FIXED | IRQ_WORK_VECTOR);
}

/* The EOI first, as for the function calls: a work queued while these run raises a new
 * IPI, which waits in the IRR. */
void sysvec_irq_work(struct pt_regs *regs)
{
	(void)regs;
	irq_enter();
	trace_event(TRACE_IRQ_ENTRY, (u32)-1, IRQ_WORK_VECTOR);
	lapic_eoi();
	this_cpu_inc(irq_work_count);
	irq_work_run();
	trace_event(TRACE_IRQ_EXIT, (u32)-1, IRQ_WORK_VECTOR);
	irq_exit();
}
