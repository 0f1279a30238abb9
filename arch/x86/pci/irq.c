/* arch/x86/pci/irq.c - which interrupt line a PCI INTx pin arrives on, without AML.
 *
 * Intel 82371SB (PIIX3) datasheet, "PIRQRC[A:D]-PIRQx Route Control Registers"; Intel
 * ICH9 datasheet, "PIRQ[n]_ROUT-PIRQ[A,B,C,D] / PIRQ[E,F,G,H] Routing Control" (LPC
 * bridge, D31:F0) and "Edge/Level Control Registers" (ELCR, 0x4D0/0x4D1, in the ISA
 * bridge's 8259 block); PCI-to-PCI Bridge Architecture Specification, "Interrupt Routing"
 * (the swizzle).
 *
 * A pin's way to the CPU:
 *   device INTx# pin -> (bridges: swizzled by slot) -> a PIRQ link on the chipset ->
 *     8259 mode: the ISA IRQ the link's route register names (set by the firmware);
 *     APIC mode on pc (PIIX3): the same ISA IRQ, through its IOAPIC pin (the MADT's
 *       overrides make 5, 9, 10, 11 level, active high);
 *     APIC mode on q35 (ICH9): PIRQA-H arrive on IOAPIC GSIs 16-23 whatever the route
 *       registers say; level, active low as PCI's INTx# wires are.
 *
 * Which link a slot's pin drives is board wiring, which firmware describes in the DSDT's
 * _PRT (AML, which irqlab does not run). irqlab assumes QEMU's boards, and says so:
 *   pc:  PIRQ = (slot + pin - 1) mod 4, on bus 0 (PIIX3 slots rotate A-D);
 *   q35: slots 25-31 (the ICH9's own functions) use PIRQA-D as pin A-D; every other slot
 *        uses PIRQ E + (slot + pin) mod 4 (E-H, leaving A-D to the chipset).
 * A router it does not know, or a link the firmware left disabled, is reported as
 * unroutable, never guessed.
 */
#include <irqlab/printk.h>
#include <irqlab/seq_file.h>
#include "arch/x86/io.h"
#include "arch/x86/ioapic.h"
#include "arch/x86/lapic.h"
#include "pci_x86.h"

#define PIIX3_VENDOR_DEVICE     0x70008086u
#define ICH9_LPC_VENDOR_DEVICE  0x29188086u

#define PIRQ_ROUTE_A_D          0x60    /* PIRQA-D route control, both chipsets */
#define PIRQ_ROUTE_E_H          0x68    /* ICH9: PIRQE-H */
#define   PIRQ_ROUTE_DISABLE    0x80    /* IRQEN#: set, the link reaches no 8259 input */
#define   PIRQ_ROUTE_IRQ_MASK   0x0f

#define ELCR_MASTER             0x4d0   /* bit n: IRQ n is level-triggered (0-7) */
#define ELCR_SLAVE              0x4d1   /* IRQ 8-15 */

#define ICH9_FIRST_CHIPSET_SLOT 25
#define ICH9_PIRQ_GSI_BASE      16
#define NR_PINS                 4

enum router { ROUTER_NONE, ROUTER_PIIX3, ROUTER_ICH9 };

static enum router router;
static struct pci_dev *router_dev;
static unsigned int nr_links;

void pcibios_irq_init(void)
{
	struct pci_dev *d;

	for_each_pci_dev(d) {
		u32 id = (u32)d->device << 16 | d->vendor;

		if (d->bus == 0 && (id == PIIX3_VENDOR_DEVICE || id == ICH9_LPC_VENDOR_DEVICE)) {
			router = id == PIIX3_VENDOR_DEVICE ? ROUTER_PIIX3 : ROUTER_ICH9;
			router_dev = d;
			nr_links = router == ROUTER_PIIX3 ? 4 : 8;
		}
	}
	if (router == ROUTER_NONE)
		pr_warn("PCI: no known interrupt router (PIIX3, ICH9): INTx is unroutable\n");
}

static u8 link_route(unsigned int link)
{
	return pci_read_config_byte(router_dev, link < 4 ? PIRQ_ROUTE_A_D + link :
				    PIRQ_ROUTE_E_H + link - 4);
}

static u16 read_elcr(void)
{
	return inb(ELCR_MASTER) | (u16)inb(ELCR_SLAVE) << 8;
}

/* The PIRQ link (0-7: PIRQA-H) that dev's INTx pin drives: the work of the DSDT's _PRT,
 * done from the board's wiring as the header states it. */
static unsigned int pirq_link(const struct pci_dev *dev)
{
	/* LAB 7 BEGIN intx-pirq-link: swizzle the pin through each bridge, then the root slot's wiring to a PIRQ link */
	const struct pci_dev *d = dev;
	unsigned int pin = dev->pin - 1u, slot;         /* INTA-D: 0-3 */

	/* The swizzle: behind a bridge, the pin is rotated by the device's slot, and the
	 * bridge's own slot carries it on the bus above. */
	for (; d->bridge; d = d->bridge)
		pin = (pin + PCI_SLOT(d->devfn)) % NR_PINS;
	slot = PCI_SLOT(d->devfn);
	if (router == ROUTER_PIIX3)
		return (slot + pin - 1) % NR_PINS;
	if (slot >= ICH9_FIRST_CHIPSET_SLOT)
		return pin;
	return NR_PINS + (slot + pin) % NR_PINS;
	/* LAB 7 STUB
	return dev->pin - 1u;
	LAB 7 END */
}

void pcibios_route_intx(struct pci_dev *dev)
{
	unsigned int link;
	u8 route;

	dev->intx_irq = -1;
	if (!dev->pin) {
		dev->intx_route = "no INTx pin";
		return;
	}
	if (router == ROUTER_NONE) {
		dev->intx_route = "unroutable: no known interrupt router";
		return;
	}
	link = pirq_link(dev);
	if (link >= nr_links) {
		dev->intx_route = "unroutable: no such PIRQ link";
		return;
	}
	if (router == ROUTER_ICH9 && apic_intr_mode == APIC_SYMMETRIC_IO) {
		unsigned int gsi = ICH9_PIRQ_GSI_BASE + link;

		if (ioapic_setup_pci_gsi(gsi) < 0) {
			dev->intx_route = "unroutable: no IOAPIC pin for the link's GSI";
			return;
		}
		dev->intx_irq = (int)gsi;
		dev->intx_route = "PIRQ link -> IOAPIC GSI (ICH9), level, active low";
		return;
	}
	route = link_route(link);
	if (route & PIRQ_ROUTE_DISABLE) {
		dev->intx_route = "unroutable: the firmware left the PIRQ link disabled";
		return;
	}
	dev->intx_irq = route & PIRQ_ROUTE_IRQ_MASK;
	if (apic_intr_mode == APIC_SYMMETRIC_IO)
		dev->intx_route = "PIRQ link -> ISA IRQ -> IOAPIC pin (MADT override: level)";
	else if (read_elcr() & BIT(dev->intx_irq))
		dev->intx_route = "PIRQ link -> ISA IRQ -> 8259, level (ELCR)";
	else
		dev->intx_route = "PIRQ link -> ISA IRQ -> 8259, but the ELCR says edge";
}

/* /proc/pci_irq: the router's links as the firmware programmed them, and the ELCR. The
 * ELCR is why the 8259 can share a PCI line: an edge input latches one rising edge, so
 * a second device asserting while the first still holds the shared wire low would never
 * be seen; a level input keeps requesting while any device holds it. */
static int show_pci_irq(struct seq_file *m)
{
	u16 elcr = read_elcr();

	if (router == ROUTER_NONE) {
		seq_puts(m, "no known interrupt router\n");
		return 0;
	}
	seq_printf(m, "router: %s at 00:%02x.%u\n", router == ROUTER_PIIX3 ? "PIIX3" : "ICH9",
		   PCI_SLOT(router_dev->devfn), PCI_FUNC(router_dev->devfn));
	for (unsigned int link = 0; link < nr_links; link++) {
		u8 r = link_route(link);

		seq_printf(m, "PIRQ%c: ", 'A' + link);
		if (r & PIRQ_ROUTE_DISABLE)
			seq_puts(m, "8259 routing disabled");
		else
			seq_printf(m, "ISA IRQ %u", r & PIRQ_ROUTE_IRQ_MASK);
		if (router == ROUTER_ICH9)
			seq_printf(m, ", IOAPIC GSI %u", ICH9_PIRQ_GSI_BASE + link);
		seq_puts(m, "\n");
	}
	seq_printf(m, "ELCR: %04x, level-triggered ISA IRQs:", elcr);
	for (unsigned int irq = 0; irq < 16; irq++)
		if (elcr & BIT(irq))
			seq_printf(m, " %u", irq);
	seq_puts(m, "\n");
	return 0;
}
DEFINE_PROC_FILE(pci_irq, "/proc/pci_irq", show_pci_irq);
