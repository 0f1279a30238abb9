/* arch/x86/idt.h - the IDT and irqlab's vector map. */
#ifndef ARCH_X86_IDT_H
#define ARCH_X86_IDT_H

#include <irqlab/types.h>

#define IDT_ENTRIES             256
#define FIRST_EXTERNAL_VECTOR   0x20    /* vectors 0-31 are reserved for CPU exceptions */
#define PIC_VECTOR_BASE         0x20    /* IRQ 0-15 through the 8259s: vectors 0x20-0x2f */

void idt_init(void);
u32 idt_gate_handler(unsigned vector);
bool idt_gate_is_task(unsigned vector);

#endif
