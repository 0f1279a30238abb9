/* arch/x86/idt.h - the IDT, and where the system vectors go.
 *
 * The vector map itself is in irq_vectors.h. Vectors from FIRST_SYSTEM_VECTOR up belong
 * to the LAPIC, not to a device line, so entry.asm sends them to system_vector_handlers[]
 * instead of do_IRQ's vector -> irq_desc lookup (Linux: the sysvec_* entry points).
 */
#ifndef ARCH_X86_IDT_H
#define ARCH_X86_IDT_H

#include <irqlab/types.h>
#include "irq_vectors.h"
#include "ptrace.h"

void idt_init(void);
/* Points this CPU's IDTR at the one IDT all CPUs share (idt_init() did the boot CPU's). */
void idt_load(void);
void idt_set_raw_handler(unsigned vector, void (*handler)(void));
void idt_restore_gate(unsigned vector);

/* entry.asm calls system_vector_handlers[vector - FIRST_SYSTEM_VECTOR](regs); the ones
 * nobody claims go to do_IRQ, which reports them as vectors without a handler. */
typedef void (*sysvec_handler_t)(struct pt_regs *regs);
extern sysvec_handler_t system_vector_handlers[NR_SYSTEM_VECTORS];

#endif
