/* arch/x86/hardirq.h - the architecture's own interrupt counts: the rows /proc/interrupts
 * prints after the lines (arch_show_interrupts() in irq.c, where they are defined), as
 * Linux keeps them in irq_stat and irq_err_count. The gdb helpers read them by name.
 *
 * Lock: the per-CPU ones are changed only in hard-IRQ context with interrupts off, on
 * the CPU that took the interrupt they count; ERR, which any CPU counts, is atomic. A
 * reader may see a count one behind. */
#ifndef ARCH_X86_HARDIRQ_H
#define ARCH_X86_HARDIRQ_H

#include <irqlab/atomic.h>
#include <irqlab/percpu.h>
#include <irqlab/types.h>

/* LOC: LAPIC timer interrupts (lapic.c). */
DECLARE_PER_CPU(u32, apic_timer_irqs);
/* CAL: functions run for other CPUs' function call IPIs (ipi.c), one per call (calls
 * queued together share one interrupt); TLB shootdowns among them are shown in TLB
 * instead. TLB: kernel TLB flushes run for another CPU (tlb.c). NMI: non-maskable
 * interrupts taken (traps.c). */
DECLARE_PER_CPU(u32, irq_call_count);
DECLARE_PER_CPU(u32, irq_tlb_count);
DECLARE_PER_CPU(u32, __nmi_count);
/* IWI: IRQ_WORK_VECTOR interrupts taken (ipi.c). */
DECLARE_PER_CPU(u32, irq_work_count);
/* RES: reschedule IPIs taken (smp_resched.c). */
DECLARE_PER_CPU(u32, irq_resched_count);
/* SPU: interrupts no source raised - the LAPIC's spurious vector (lapic.c), and the
 * 8259's spurious IRQ 7/15 (pic8259.c); per CPU, as Linux's irq_stat.irq_spurious_count. */
DECLARE_PER_CPU(u32, irq_spurious_count);
/* ERR: LAPIC error interrupts (lapic.c), vectors with no line and lines with no chip
 * (irq.c). One count for the machine, as Linux's: atomic. */
extern atomic_t irq_err_count;

#endif
