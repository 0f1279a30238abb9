/* arch/x86/ioapic_proc.c - /proc/ioapic: the IOAPICs' redirection tables, read back.
 *
 * Intel 82093AA I/O Advanced Programmable Interrupt Controller (IOAPIC) datasheet,
 * section "Register Description": "IOAPICID-IOAPIC Identification Register",
 * "IOAPICVER-IOAPIC Version Register" (the heading of each IOAPIC) and "IOREDTBL[23:0]-I/O
 * Redirection Table Registers" (one row per pin: its Interrupt Vector, Trigger Mode,
 * Interrupt Input Pin Polarity, Interrupt Mask, Destination Field and Remote IRR).
 *
 * Each row is read from the chip as the file is read, not from what ioapic.c meant to
 * write: a wrong write (lab 3's ioapic-rte) shows here as it is. The irq column is the
 * only part irqlab supplies, from its line table (ioapic_internal.h).
 */
#include <irqlab/irq.h>
#include <irqlab/seq_file.h>
#include "ioapic.h"
#include "ioapic_internal.h"

/* /proc/ioapic: every pin as the IOAPIC reports it now (not as irqlab remembers it). */
static int show_ioapic(struct seq_file *m)
{
	if (!nr_ioapics) {
		seq_puts(m, "no IOAPIC in use (irqchip: 8259 PIC)\n");
		return 0;
	}
	for (unsigned int i = 0; i < nr_ioapics; i++) {
		const struct ioapic *a = &ioapics[i];

		seq_printf(m, "IOAPIC[%u]: apic_id %u, version 0x%02x, address 0x%08x, GSI %u-%u\n",
			   i, a->id, a->version, (u32)a->base, a->gsi_base,
			   a->gsi_base + a->nr_pins - 1);
		seq_puts(m, " pin  irq  vector  trigger  polarity  mask      dest  remote-IRR\n");
		for (unsigned int pin = 0; pin < a->nr_pins; pin++) {
			u64 e = ioapic_read_entry(a, pin);
			int irq = -1;

			for (unsigned int n = 0; n < NR_IRQS; n++)
				if (ioapic_lines[n].apic == a && ioapic_lines[n].pin == pin)
					irq = (int)n;
			seq_printf(m, " %3u  ", pin);
			if (irq < 0)
				seq_puts(m, "  -");
			else
				seq_printf(m, "%3d", irq);
			seq_printf(m, "  0x%02x    %-7s  %-8s  %-8s  %-4u  %u\n",
				   (unsigned)(e & IOAPIC_RTE_VECTOR_MASK),
				   (e & IOAPIC_RTE_LEVEL) ? "level" : "edge",
				   (e & IOAPIC_RTE_INTPOL_LOW) ? "low" : "high",
				   (e & IOAPIC_RTE_MASKED) ? "masked" : "unmasked",
				   (unsigned)(e >> IOAPIC_RTE_DEST_SHIFT),
				   (e & IOAPIC_RTE_REMOTE_IRR) ? 1 : 0);
		}
	}
	return 0;
}
DEFINE_PROC_FILE(ioapic, "/proc/ioapic", show_ioapic);
