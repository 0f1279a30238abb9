/* kernel/shell/cmd_lspci.c - `lspci` and `lspci -v`, in the layout of pciutils' lspci
 * run without its ID database ("Device 1234:11e8"), with the class names it knows.
 *
 *   00:04.0 Unclassified device [00ff]: Device 1234:11e8 (rev 10)
 *           Subsystem: Device 1af4:1100
 *           Flags: bus master, fast devsel, latency 0, IRQ 24
 *           Memory at fea00000 (32-bit, non-prefetchable) [size=1M]
 *           Capabilities: [40] MSI: Enable+ Count=1/1 Maskable- 64bit+
 *           Kernel driver in use: edu
 *
 * `lspci -v` adds lspci -vv's "Interrupt: pin A routed to IRQ 11" line, and how the pin
 * gets there.
 */
#include <irqlab/pci.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include "drivers/pci/pci.h"
#include "shell.h"

#define PCI_STATUS_DEVSEL_SHIFT 9

static void print_size(u32 len)
{
	if (len >= (1u << 20) && !(len & ((1u << 20) - 1)))
		kprintf("[size=%uM]\n", len >> 20);
	else if (len >= 1024 && !(len & 1023))
		kprintf("[size=%uK]\n", len >> 10);
	else
		kprintf("[size=%u]\n", len);
}

static void print_msi(const struct pci_dev *d)
{
	u16 f = pci_read_config_word(d, d->msi_cap + PCI_MSI_FLAGS);

	kprintf("\tCapabilities: [%02x] MSI: Enable%c Count=%u/%u Maskable%c 64bit%c\n",
		d->msi_cap, f & PCI_MSI_FLAGS_ENABLE ? '+' : '-',
		1u << ((f & PCI_MSI_FLAGS_QSIZE) >> 4), 1u << ((f & PCI_MSI_FLAGS_QMASK) >> 1),
		f & PCI_MSI_FLAGS_MASKBIT ? '+' : '-', f & PCI_MSI_FLAGS_64BIT ? '+' : '-');
}

static void print_caps(const struct pci_dev *d)
{
	static const char *const exp_types[16] = {
		[0] = "Endpoint", [1] = "Legacy Endpoint", [4] = "Root Port",
		[5] = "Upstream Port", [6] = "Downstream Port", [7] = "PCI-Express to PCI/PCI-X Bridge",
		[9] = "Root Complex Integrated Endpoint",
	};

	if (d->msi_cap)
		print_msi(d);
	if (d->msix_cap) {
		u16 f = pci_read_config_word(d, d->msix_cap + PCI_MSIX_FLAGS);

		kprintf("\tCapabilities: [%02x] MSI-X: Enable%c Count=%u Masked%c\n", d->msix_cap,
			f & PCI_MSIX_FLAGS_ENABLE ? '+' : '-', (f & PCI_MSIX_FLAGS_QSIZE) + 1,
			f & PCI_MSIX_FLAGS_MASKALL ? '+' : '-');
	}
	if (d->pcie_cap) {
		u16 f = pci_read_config_word(d, d->pcie_cap + PCI_EXP_FLAGS);
		const char *t = exp_types[(f & PCI_EXP_FLAGS_TYPE) >> 4];

		kprintf("\tCapabilities: [%02x] Express (v%u) %s\n", d->pcie_cap,
			f & PCI_EXP_FLAGS_VERS, t ? t : "Unknown type");
	}
}

static void print_verbose(const struct pci_dev *d)
{
	u16 cmd = pci_read_config_word(d, PCI_COMMAND);
	static const char *const devsel[] = { "fast", "medium", "slow", "??" };
	int irq = d->nr_irqs ? (int)d->irq : d->intx_irq;

	if (d->hdr_type == PCI_HEADER_TYPE_NORMAL)
		kprintf("\tSubsystem: Device %04x:%04x\n", d->subsystem_vendor, d->subsystem_device);
	kprintf("\tFlags: %s%s devsel, latency %u", cmd & PCI_COMMAND_MASTER ? "bus master, " : "",
		devsel[(pci_read_config_word(d, PCI_STATUS) >> PCI_STATUS_DEVSEL_SHIFT) & 3],
		pci_read_config_byte(d, PCI_LATENCY_TIMER));
	if (irq >= 0 && d->pin)
		kprintf(", IRQ %d", irq);
	kprintf("\n");
	if (d->pin)
		kprintf("\tInterrupt: pin %c routed to IRQ %d (%s)\n", 'A' + d->pin - 1,
			d->intx_irq, d->intx_route);
	for (int i = 0; i < PCI_NUM_BARS; i++) {
		const struct pci_bar *b = &d->bar[i];

		if (!b->len)
			continue;
		if (b->flags & PCI_BASE_ADDRESS_SPACE_IO)
			kprintf("\tI/O ports at %04x ", b->start);
		else
			kprintf("\tMemory at %08x (%s-bit, %sprefetchable) ", b->start,
				b->flags & PCI_BASE_ADDRESS_MEM_TYPE_64 ? "64" : "32",
				b->flags & PCI_BASE_ADDRESS_MEM_PREFETCH ? "" : "non-");
		print_size(b->len);
	}
	print_caps(d);
	if (d->driver)
		kprintf("\tKernel driver in use: %s\n", d->driver->name);
	kprintf("\n");
}

static int cmd_lspci(int argc, char **argv)
{
	bool verbose = argc == 2 && !strcmp(argv[1], "-v");
	struct pci_dev *d;
	char name[8];

	if (argc > 2 || (argc == 2 && !verbose))
		return shell_usage("lspci");
	for_each_pci_dev(d) {
		const char *cls = pci_class_name(d->class);

		kprintf("%s ", pci_slot_name(d, name));
		if (cls)
			kprintf("%s", cls);
		else if (pci_base_class_name(d->class))
			kprintf("%s [%04x]", pci_base_class_name(d->class), d->class >> 8);
		else
			kprintf("Class [%04x]", d->class >> 8);
		kprintf(": Device %04x:%04x", d->vendor, d->device);
		if (d->revision)
			kprintf(" (rev %02x)", d->revision);
		kprintf("\n");
		if (verbose)
			print_verbose(d);
	}
	return 0;
}
SHELL_CMD(lspci, "[-v]", "list the PCI devices (-v: interrupts, BARs, capabilities)",
	  cmd_lspci);
