/* drivers/pci/pci.c - the driver model: matching, binding, enabling, mapping, and the
 * choice between MSI and INTx for a driver's interrupts. */
#include <irqlab/errno.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "arch/x86/paging.h"
#include "pci.h"

bool pci_msi_disabled;

const char *pci_slot_name(const struct pci_dev *dev, char *buf)
{
	snprintf(buf, 8, "%02x:%02x.%u", dev->bus, PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn));
	return buf;
}

static const struct pci_device_id *pci_match_id(const struct pci_device_id *ids,
						const struct pci_dev *dev)
{
	for (; ids->vendor; ids++)
		if ((ids->vendor == PCI_ANY_ID || ids->vendor == dev->vendor) &&
		    (ids->device == PCI_ANY_ID || ids->device == dev->device))
			return ids;
	return NULL;
}

int pci_device_bind_driver(struct pci_dev *dev, const struct pci_driver *drv)
{
	const struct pci_device_id *id = pci_match_id(drv->id_table, dev);
	char name[8];
	int ret;

	if (dev->driver)
		return -EBUSY;
	if (!id)
		return -ENODEV;
	dev->driver = drv;
	ret = drv->probe(dev, id);
	if (ret) {
		dev->driver = NULL;
		pr_warn("%s %s: probe failed: %d\n", drv->name, pci_slot_name(dev, name), ret);
	}
	return ret;
}

void pci_device_release_driver(struct pci_dev *dev)
{
	if (!dev->driver)
		return;
	if (dev->driver->remove)
		dev->driver->remove(dev);
	dev->driver = NULL;
	dev->driver_data = NULL;
}

int pci_register_driver(struct pci_driver *drv)
{
	struct pci_dev *dev;

	for_each_pci_dev(dev)
		if (!dev->driver && pci_match_id(drv->id_table, dev))
			(void)pci_device_bind_driver(dev, drv);  /* a failure is reported there */
	return 0;
}

int pci_enable_device(struct pci_dev *dev)
{
	u16 cmd = pci_read_config_word(dev, PCI_COMMAND);

	for (int i = 0; i < PCI_NUM_BARS; i++)
		if (dev->bar[i].len)
			cmd |= dev->bar[i].flags & PCI_BASE_ADDRESS_SPACE_IO ? PCI_COMMAND_IO :
									     PCI_COMMAND_MEMORY;
	pci_write_config_word(dev, PCI_COMMAND, cmd);
	dev->is_enabled = true;
	return 0;
}

void pci_disable_device(struct pci_dev *dev)
{
	u16 cmd = pci_read_config_word(dev, PCI_COMMAND);

	pci_write_config_word(dev, PCI_COMMAND, cmd & ~(PCI_COMMAND_MASTER | PCI_COMMAND_MEMORY |
							 PCI_COMMAND_IO));
	dev->is_enabled = false;
}

void pci_set_master(struct pci_dev *dev)
{
	pci_write_config_word(dev, PCI_COMMAND,
			      pci_read_config_word(dev, PCI_COMMAND) | PCI_COMMAND_MASTER);
}

void pci_intx(struct pci_dev *dev, bool enable)
{
	u16 cmd = pci_read_config_word(dev, PCI_COMMAND);

	cmd = enable ? cmd & ~PCI_COMMAND_INTX_DISABLE : cmd | PCI_COMMAND_INTX_DISABLE;
	pci_write_config_word(dev, PCI_COMMAND, cmd);
}

/* irqlab maps device memory at its own address (identity), page by page, uncached. */
void *pci_iomap(struct pci_dev *dev, int bar, u32 maxlen)
{
	const struct pci_bar *b = bar >= 0 && bar < PCI_NUM_BARS ? &dev->bar[bar] : NULL;
	u32 len;

	if (!b || !b->len || !b->start || (b->flags & PCI_BASE_ADDRESS_SPACE_IO))
		return NULL;
	len = maxlen && maxlen < b->len ? maxlen : b->len;
	for (u32 off = 0; off < len; off += PAGE_SIZE)
		if (ioremap_page(b->start + off) < 0)
			return NULL;
	return (void *)(uintptr_t)b->start;
}

/* irqlab's RAM is identity-mapped and allocations come from it: a device that can
 * reach all of RAM can take any buffer. */
int dma_set_mask(struct pci_dev *dev, u64 mask)
{
	if ((u64)mapped_ram_top - 1 > mask)
		return -EIO;
	dev->dma_mask = mask;
	return 0;
}

int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min, unsigned int max,
			  unsigned int flags)
{
	if (!min || min > max || dev->nr_irqs)
		return -EINVAL;
	/* LAB 7 BEGIN pci-alloc-irq-vectors: MSI if flags allow it and it is available, else INTx if allowed and routed, saying why */
	char name[8];
	int irq;

	if (flags & PCI_IRQ_MSI) {
		const char *why = pci_msi_unavailable(dev);

		if (!why) {
			irq = pci_msi_enable(dev, 1);
			if (irq >= 0) {
				dev->irq = (unsigned int)irq;
				dev->nr_irqs = 1;
				return 1;
			}
			pr_info("pci %s: MSI failed (%d)\n", pci_slot_name(dev, name), irq);
		} else if (flags & PCI_IRQ_INTX) {
			pr_info("pci %s: no MSI (%s): using INTx\n", pci_slot_name(dev, name), why);
		}
	}
	if (!(flags & PCI_IRQ_INTX) || min > 1 || dev->intx_irq < 0)
		return -EINVAL;
	pci_intx(dev, true);
	dev->irq = (unsigned int)dev->intx_irq;
	dev->nr_irqs = 1;
	return 1;
	/* LAB 7 STUB
	(void)flags;
	return -ENOSYS;
	LAB 7 END */
}

int pci_irq_vector(const struct pci_dev *dev, unsigned int nr)
{
	return nr < dev->nr_irqs ? (int)(dev->irq + nr) : -EINVAL;
}

void pci_free_irq_vectors(struct pci_dev *dev)
{
	if (dev->msi_enabled)
		pci_msi_disable(dev);
	dev->nr_irqs = 0;
	dev->irq = 0;
}

/* The names lspci gives the classes of QEMU's devices (base class, subclass). */
static const struct { u16 class; const char *name; } class_names[] = {
	{ 0x0100, "SCSI storage controller" }, { 0x0101, "IDE interface" },
	{ 0x0106, "SATA controller" },         { 0x0200, "Ethernet controller" },
	{ 0x0300, "VGA compatible controller" }, { 0x0403, "Audio device" },
	{ 0x0600, "Host bridge" },             { 0x0601, "ISA bridge" },
	{ 0x0604, "PCI bridge" },              { 0x0680, "Bridge" },
	{ 0x0c03, "USB controller" },          { 0x0c05, "SMBus" },
};
/* Base classes alone, for a subclass lspci has no name for: "Unclassified device [00ff]". */
static const char *const base_class_names[] = {
	"Unclassified device", "Mass storage controller", "Network controller",
	"Display controller", "Multimedia controller", "Memory controller", "Bridge",
};

const char *pci_class_name(u32 class)
{
	for (size_t i = 0; i < ARRAY_SIZE(class_names); i++)
		if (class_names[i].class == class >> 8)
			return class_names[i].name;
	return NULL;
}

const char *pci_base_class_name(u32 class)
{
	return (class >> 16) < ARRAY_SIZE(base_class_names) ? base_class_names[class >> 16] :
							      NULL;
}
