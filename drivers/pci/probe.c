/* drivers/pci/probe.c - finding the functions: bus 0, then behind each bridge.
 *
 * A function exists where its vendor ID reads other than 0xffff. Function 0 of a slot
 * says in its header type whether functions 1-7 may exist. A PCI-to-PCI bridge (header
 * type 1) forwards config cycles for its secondary bus, whose number the firmware
 * assigned; irqlab scans the buses in number order and does not renumber them.
 *
 * BAR sizing (PCI Local Bus Specification, "Address Maps"): write all ones, read back;
 * the bits that stay zero above the type bits are the size's alignment. Decoding is
 * turned off meanwhile, so the device never answers at the all-ones address.
 */
#include <irqlab/cmdline.h>
#include <irqlab/init.h>
#include <irqlab/pci.h>
#include <irqlab/printk.h>
#include "arch/x86/pci/pci_x86.h"
#include "pci.h"

struct pci_dev pci_devices[PCI_MAX_DEVICES];
unsigned int pci_nr_devices;

u8 pci_find_capability(const struct pci_dev *dev, u8 id)
{
	u8 pos;
	int ttl = 48;                   /* a loop in a broken list ends somewhere */

	if (!(pci_read_config_word(dev, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	pos = pci_read_config_byte(dev, PCI_CAPABILITY_LIST) & ~3;
	while (pos >= 0x40 && ttl--) {
		if (pci_read_config_byte(dev, pos + PCI_CAP_LIST_ID) == id)
			return pos;
		pos = pci_read_config_byte(dev, pos + PCI_CAP_LIST_NEXT) & ~3;
	}
	return 0;
}

static void pci_size_bars(struct pci_dev *dev, unsigned int nr)
{
	u16 cmd = pci_read_config_word(dev, PCI_COMMAND);

	pci_write_config_word(dev, PCI_COMMAND, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (unsigned int i = 0; i < nr; i++) {
		unsigned int reg = PCI_BASE_ADDRESS_0 + 4 * i;
		u32 orig = pci_read_config_dword(dev, reg), sz, mask;

		pci_write_config_dword(dev, reg, ~0u);
		sz = pci_read_config_dword(dev, reg);
		pci_write_config_dword(dev, reg, orig);
		if (!sz || sz == ~0u)
			continue;
		mask = orig & PCI_BASE_ADDRESS_SPACE_IO ? PCI_BASE_ADDRESS_IO_MASK :
							  PCI_BASE_ADDRESS_MEM_MASK;
		/* I/O BARs decode 16 bits: the upper half may read back as zero. */
		if (orig & PCI_BASE_ADDRESS_SPACE_IO)
			sz |= 0xffff0000u;
		dev->bar[i] = (struct pci_bar){ .start = orig & mask, .len = ~(sz & mask) + 1,
						.flags = orig & ~mask };
		/* A 64-bit BAR takes the next register for its upper half; irqlab is 32-bit
		 * and uses only BARs the firmware placed below 4 GiB. */
		if (!(orig & PCI_BASE_ADDRESS_SPACE_IO) && (orig & PCI_BASE_ADDRESS_MEM_TYPE_64))
			i++;
	}
	pci_write_config_word(dev, PCI_COMMAND, cmd);
}

static void pci_scan_function(unsigned int bus, unsigned int devfn, struct pci_dev *bridge)
{
	struct pci_dev *dev;
	u32 class_rev;

	if (pci_nr_devices == PCI_MAX_DEVICES) {
		pr_warn("PCI: more than %u functions; %02x:%02x.%u and later are left out\n",
			PCI_MAX_DEVICES, bus, PCI_SLOT(devfn), PCI_FUNC(devfn));
		return;
	}
	dev = &pci_devices[pci_nr_devices++];
	*dev = (struct pci_dev){ .bus = bus, .devfn = devfn, .bridge = bridge, .intx_irq = -1,
				 .dma_mask = 0xffffffffu };
	dev->vendor = pci_read_config_word(dev, PCI_VENDOR_ID);
	dev->device = pci_read_config_word(dev, PCI_DEVICE_ID);
	class_rev = pci_read_config_dword(dev, PCI_CLASS_REVISION);
	dev->revision = class_rev & 0xff;
	dev->class = class_rev >> 8;
	dev->hdr_type = pci_read_config_byte(dev, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK;
	dev->pin = pci_read_config_byte(dev, PCI_INTERRUPT_PIN);
	dev->msi_cap = pci_find_capability(dev, PCI_CAP_ID_MSI);
	dev->msix_cap = pci_find_capability(dev, PCI_CAP_ID_MSIX);
	dev->pcie_cap = pci_find_capability(dev, PCI_CAP_ID_EXP);
	if (dev->hdr_type == PCI_HEADER_TYPE_NORMAL) {
		dev->subsystem_vendor = pci_read_config_word(dev, PCI_SUBSYSTEM_VENDOR_ID);
		dev->subsystem_device = pci_read_config_word(dev, PCI_SUBSYSTEM_ID);
		pci_size_bars(dev, 6);
	} else if (dev->hdr_type == PCI_HEADER_TYPE_BRIDGE) {
		pci_size_bars(dev, 2);
		dev->secondary_bus = pci_read_config_byte(dev, PCI_SECONDARY_BUS);
		if (dev->secondary_bus <= bus)
			pr_warn("PCI: bridge %02x:%02x.%u has no bus number assigned; not scanned\n",
				bus, PCI_SLOT(devfn), PCI_FUNC(devfn));
	}
}

static void pci_scan_bus(unsigned int bus, struct pci_dev *bridge)
{
	for (unsigned int slot = 0; slot < 32; slot++) {
		for (unsigned int fn = 0; fn < 8; fn++) {
			unsigned int devfn = PCI_DEVFN(slot, fn);

			if ((u16)pci_conf1_read(bus, devfn, PCI_VENDOR_ID, 2) == 0xffff) {
				if (fn == 0)
					break;
				continue;
			}
			pci_scan_function(bus, devfn, bridge);
			if (fn == 0 && !(pci_conf1_read(bus, devfn, PCI_HEADER_TYPE, 1) &
					 PCI_HEADER_TYPE_MFD))
				break;
		}
	}
}

void pci_subsys_init(void)
{
	struct pci_dev *dev;
	char name[8];

	pci_msi_disabled = cmdline_has(boot_command_line, "nomsi");
	if (!pci_conf1_probe()) {
		pr_info("PCI: no configuration mechanism #1 at 0xcf8: no PCI\n");
		return;
	}
	/* Bus by bus in number order, so the table is in lspci's order: each bus is behind
	 * the bridge whose secondary bus it is, found on a lower-numbered bus. */
	pci_scan_bus(0, NULL);
	for (unsigned int bus = 1; bus < 256; bus++)
		for (unsigned int i = 0; i < pci_nr_devices; i++)
			if (pci_devices[i].hdr_type == PCI_HEADER_TYPE_BRIDGE &&
			    pci_devices[i].secondary_bus == bus &&
			    pci_devices[i].bus < bus)
				pci_scan_bus(bus, &pci_devices[i]);
	pcibios_irq_init();
	for_each_pci_dev(dev) {
		pcibios_route_intx(dev);
		pr_info("pci %s: [%04x:%04x] class 0x%06x%s", pci_slot_name(dev, name), dev->vendor,
			dev->device, dev->class, dev->pin ? "" : "\n");
		if (dev->pin && dev->intx_irq >= 0)
			pr_cont(", INT%c -> IRQ %d\n", 'A' + dev->pin - 1, dev->intx_irq);
		else if (dev->pin)
			pr_cont(", INT%c %s\n", 'A' + dev->pin - 1, dev->intx_route);
	}
}
