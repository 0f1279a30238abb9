/* arch/x86/irq_vectors.h - irqlab's vector map.
 *
 * Linux's (arch/x86/include/asm/irq_vectors.h) cut down to one CPU. The LAPIC takes the
 * upper 4 bits of a vector as its priority class, so the LAPIC's own vectors sit at the
 * top: they outrank every device line.
 *
 *   0x00-0x1f  CPU exceptions (traps.c)
 *   0x20-0x2f  PIC mode: the 8259s' IRQ 0-15 (the remap in pic8259.c)
 *   0x30-0x47  APIC mode: lines 0-23 through the IOAPIC (ioapic.c); Linux's
 *              ISA_IRQ_VECTOR(irq) is 0x30 + irq too
 *   0xec       LOCAL_TIMER_VECTOR      the LAPIC timer, the tick in APIC mode (LOC)
 *   0xf6       IRQ_WORK_VECTOR         irq_work queued for this CPU (IWI)
 *   0xfb       CALL_FUNCTION_SINGLE_VECTOR  function call IPI to one CPU (CAL, TLB)
 *   0xfc       CALL_FUNCTION_VECTOR    function call IPI to many CPUs (CAL, TLB)
 *   0xfd       RESCHEDULE_VECTOR       another CPU asks this one to schedule (RES)
 *   0xfe       ERROR_APIC_VECTOR       the LAPIC's error interrupt (ERR)
 *   0xff       SPURIOUS_APIC_VECTOR    the LAPIC's spurious interrupt (SPU)
 *
 * Vectors from FIRST_SYSTEM_VECTOR up are "system vectors": they belong to the LAPIC, not
 * to a device line (idt.h says where they go).
 *
 * Constants only: the IDT, the controllers and do_IRQ all include it, and it includes
 * none of them.
 */
#ifndef ARCH_X86_IRQ_VECTORS_H
#define ARCH_X86_IRQ_VECTORS_H

#define IDT_ENTRIES             256
#define FIRST_EXTERNAL_VECTOR   0x20    /* vectors 0-31 are reserved for CPU exceptions */
#define PIC_VECTOR_BASE         0x20    /* IRQ 0-15 through the 8259s: vectors 0x20-0x2f */
#define IRQ0_VECTOR             0x30    /* IRQ 0-23 through the IOAPIC: 0x30-0x47 */
#define IRQ_VECTOR(irq)         (IRQ0_VECTOR + (irq))

#define FIRST_SYSTEM_VECTOR     0xec    /* entry.asm has a copy; idt_init() checks it */
#define LOCAL_TIMER_VECTOR      0xec
#define IRQ_WORK_VECTOR         0xf6
#define CALL_FUNCTION_SINGLE_VECTOR 0xfb
#define CALL_FUNCTION_VECTOR    0xfc
#define RESCHEDULE_VECTOR       0xfd
#define ERROR_APIC_VECTOR       0xfe
/* The SVR's vector: bits 0-3 must be 1 on P6 and Pentium LAPICs (hardwired there). */
#define SPURIOUS_APIC_VECTOR    0xff
#define NR_SYSTEM_VECTORS       (IDT_ENTRIES - FIRST_SYSTEM_VECTOR)

#endif
