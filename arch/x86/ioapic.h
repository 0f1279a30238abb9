/* arch/x86/ioapic.h - the I/O APIC: redirection entries and what kernel/main.c calls. */
#ifndef ARCH_X86_IOAPIC_H
#define ARCH_X86_IOAPIC_H

#include <irqlab/types.h>

/* Intel 82093AA datasheet, "IOREDTBL[23:0]-I/O Redirection Table Registers": one 64-bit
 * entry per pin, read and written as two 32-bit registers. */
#define IOAPIC_RTE_VECTOR_MASK          0xffull
#define IOAPIC_RTE_DELMOD_FIXED         (0ull << 8)
#define IOAPIC_RTE_DESTMOD_LOGICAL      BIT(11) /* clear: physical, dest = a LAPIC id */
#define IOAPIC_RTE_DELIVS               BIT(12) /* read-only: waiting to be delivered */
#define IOAPIC_RTE_INTPOL_LOW           BIT(13) /* active low (else high) */
#define IOAPIC_RTE_REMOTE_IRR           BIT(14) /* read-only: level line in service */
#define IOAPIC_RTE_LEVEL                BIT(15) /* level-triggered (else edge) */
#define IOAPIC_RTE_MASKED               BIT(16)
#define IOAPIC_RTE_DEST_SHIFT           56

/* Maps the register page of every IOAPIC the MADT lists. 0 or -ENOMEM. Boot only. */
int ioapic_probe(void);
/* Puts lines 0-15 on the IOAPIC as the MADT says (masked until request_irq), then masks
 * both 8259s. Boot only, interrupts off. */
void setup_IO_APIC(void);
/* Puts a PCI interrupt link's GSI (16-23) on its pin: level, active low, masked. 0 or
 * -ENOENT. Boot or process context. */
int ioapic_setup_pci_gsi(unsigned int gsi);
/* Waits for the PIT's IRQ 0 through the IOAPIC: proves the routing before it is
 * relied on. Boot, interrupts on. 0 or -ETIMEDOUT. */
int check_timer(void);
/* The redirection entry of line irq, read from the IOAPIC: 0, or -ENOENT when no IOAPIC
 * pin carries that line. For /proc/ioapic and the tests. */
int ioapic_read_irq_entry(unsigned int irq, u64 *entry);

#endif
