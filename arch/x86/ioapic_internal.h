/* arch/x86/ioapic_internal.h - the IOAPIC driver's own tables, shared by ioapic.c (which
 * fills them and programs the chip) and ioapic_proc.c (which reads them for /proc/ioapic).
 * Include it from those two only: everything else goes through ioapic.h, and the IRQ
 * core through the irq_chip. */
#ifndef ARCH_X86_IOAPIC_INTERNAL_H
#define ARCH_X86_IOAPIC_INTERNAL_H

#include <irqlab/irq.h>
#include <irqlab/types.h>
#include "acpi.h"

/* One IOAPIC the MADT lists. Written by ioapic_probe() at boot, on the boot CPU before
 * any other CPU starts; read-only after, so read without a lock. */
struct ioapic {
	uintptr_t base;
	u8 id, version;
	u32 gsi_base;
	unsigned int nr_pins;
};

/* Per line on the IOAPIC: its chip_data. apic and pin are set once, when the line is set
 * up (setup_IO_APIC at boot, ioapic_setup_pci_gsi before request_irq), and never change;
 * the rest (trigger, polarity, dest) changes under the line's desc->lock. */
struct ioapic_line {
	struct ioapic *apic;            /* NULL: no IOAPIC pin carries this line */
	u8 pin, vector, dest;
	bool level, active_low;
};

extern struct ioapic ioapics[MADT_MAX_IOAPICS];
extern unsigned int nr_ioapics;
extern struct ioapic_line ioapic_lines[NR_IRQS];

/* Pin's redirection entry, read from the chip (high dword, then low; each under
 * ioapic_lock). Any context. */
u64 ioapic_read_entry(const struct ioapic *a, unsigned int pin);

#endif
