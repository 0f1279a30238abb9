/* arch/x86/pci/msi.c - what an MSI is on x86: a memory write the LAPIC takes as an
 * interrupt.
 *
 * Intel SDM Vol. 3A, "Message Signalled Interrupts": "Message Address Register Format"
 * (0xFEE in bits 31-20, the destination APIC ID in bits 19-12, redirection hint and
 * destination mode) and "Message Data Register Format" (vector, delivery mode, trigger
 * mode). irqlab sends an MSI to one CPU (physical destination, CPU 0 until the line is
 * moved), fixed delivery, edge: an MSI is one write, there is no wire to stay asserted.
 */
#include "arch/x86/irq.h"
#include "arch/x86/lapic.h"
#include "arch/x86/processor.h"
#include "pci_x86.h"

#define MSI_ADDR_BASE           0xfee00000u
#define   MSI_ADDR_DEST_ID_SHIFT 12
#define   MSI_ADDR_DEST_MODE_PHYSICAL 0 /* bit 2 clear: the ID is an APIC ID */
#define   MSI_ADDR_REDIRECTION_CPU 0    /* bit 3 clear: to that CPU, not the lowest priority */
#define MSI_DATA_DELIVERY_FIXED 0       /* bits 10-8 */
#define MSI_DATA_TRIGGER_EDGE   0       /* bit 15 clear */
#define MSI_DATA_VECTOR_MASK    0xff

void pci_msi_compose_msg(unsigned int vector, unsigned int cpu, u32 *address, u32 *data)
{
	/* LAB 7 BEGIN msi-compose-msg: the address names cpu's LAPIC (its APIC ID), the data the vector, fixed, edge */
	u8 dest = per_cpu(cpu_info, cpu).apicid;

	*address = MSI_ADDR_BASE | (u32)dest << MSI_ADDR_DEST_ID_SHIFT |
		   MSI_ADDR_DEST_MODE_PHYSICAL | MSI_ADDR_REDIRECTION_CPU;
	*data = MSI_DATA_TRIGGER_EDGE | MSI_DATA_DELIVERY_FIXED | (vector & MSI_DATA_VECTOR_MASK);
	/* LAB 7 STUB
	(void)vector;
	(void)cpu;
	*address = MSI_ADDR_BASE;
	*data = MSI_DATA_TRIGGER_EDGE | MSI_DATA_DELIVERY_FIXED;
	LAB 7 END */
}

const char *pci_msi_arch_unavailable(void)
{
	if (apic_intr_mode != APIC_SYMMETRIC_IO)
		return "irqchip is the 8259 PIC, which no MSI write reaches";
	return NULL;
}

/* The end of an MSI: the LAPIC's EOI, before the handler, as for an IOAPIC edge line
 * (handle_edge_irq): a new message during the handler is then taken into the IRR. */
void pci_msi_arch_ack(void)
{
	lapic_eoi();
}

void pci_msi_arch_retrigger(unsigned int vector)
{
	apic_send_IPI_self(vector);
}
