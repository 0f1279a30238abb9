/* arch/x86/ipi.h - sending interprocessor interrupts through the LAPIC's ICR, and the
 * handlers of the IPI vectors (irq_vectors.h). Used by kernel/smp.c, arch/x86/tlb.c and
 * kernel/nmi_backtrace.c; idt.c installs the handlers. APIC mode only: with the 8259
 * there is one CPU and nobody to send to. */
#ifndef ARCH_X86_IPI_H
#define ARCH_X86_IPI_H

#include "ptrace.h"

/* Any context; interrupts may be on or off. The CPUs must be online. */
void arch_send_call_function_single_ipi(unsigned int cpu);
void arch_send_call_function_ipi_mask(unsigned long mask);
void apic_send_nmi_mask(unsigned long mask);

/* CALL_FUNCTION_VECTOR, CALL_FUNCTION_SINGLE_VECTOR and IRQ_WORK_VECTOR. */
void sysvec_call_function(struct pt_regs *regs);
void sysvec_call_function_single(struct pt_regs *regs);
void sysvec_irq_work(struct pt_regs *regs);

#endif
