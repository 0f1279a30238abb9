/* drivers/pci/msi.c - Message Signalled Interrupts: a device interrupts by writing.
 *
 * PCI Local Bus Specification, "Message Signaled Interrupts": the MSI capability's
 * Message Control (enable, vectors asked for and granted, 64-bit, per-vector masking),
 * Message Address, Message Data and the optional Mask Bits. The device writes Data to
 * Address when it wants service; what the write means is the CPU's business
 * (arch/x86/pci/msi.c: a vector on a LAPIC).
 *
 * Each MSI gets a line of its own above the IOAPIC's GSIs (24-39) and a free vector;
 * /proc/interrupts shows it as Linux does: "PCI-MSI 65536-edge edu", the hwirq being
 * Linux's (bus << 8 | devfn) << 11 | the vector's index.
 *
 * Moving (/proc/irq/N/smp_affinity): the line's vector is the same on every CPU
 * (arch/x86/irq.c), so a move rewrites only the Message Address's destination, one
 * dword the device reads whole. It is made, as for an IOAPIC edge line, in the ack of
 * the line's next interrupt; a message already on its way to the old CPU finds the same
 * handler there.
 *
 * Masking: with per-vector mask bits the chip masks at the device, as Linux does. Without
 * them (QEMU's edu has none) mask and unmask do nothing: clearing the enable bit instead
 * would hand the device back to INTx, and a masked line would then interrupt on a wire.
 * So a disabled MSI line still receives messages; the edge flow handler marks them
 * pending and runs them at enable_irq(), which is what Linux does too.
 */
#include <irqlab/cpumask.h>
#include <irqlab/errno.h>
#include <irqlab/irq.h>
#include <irqlab/irqdesc.h>
#include <irqlab/printk.h>
#include <irqlab/spinlock.h>
#include "arch/x86/irq.h"
#include "arch/x86/pci/pci_x86.h"
#include "pci.h"

#define MSI_HWIRQ_DEV_SHIFT     11

/* Which MSI lines are taken: process context, under msi_lock. */
static DEFINE_SPINLOCK(msi_lock);
static bool msi_irq_used[NR_MSI_IRQS];

static bool msi_maskable(const struct pci_dev *dev)
{
	return pci_read_config_word(dev, dev->msi_cap + PCI_MSI_FLAGS) & PCI_MSI_FLAGS_MASKBIT;
}

static unsigned int msi_mask_reg(const struct pci_dev *dev)
{
	bool is64 = pci_read_config_word(dev, dev->msi_cap + PCI_MSI_FLAGS) & PCI_MSI_FLAGS_64BIT;

	return dev->msi_cap + (is64 ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32);
}

static void msi_set_mask(struct irq_data *d, bool mask)
{
	const struct pci_dev *dev = d->chip_data;
	u32 bits;

	if (!msi_maskable(dev))
		return;                 /* nothing at the device to mask: see the header */
	bits = pci_read_config_dword(dev, msi_mask_reg(dev));
	bits = mask ? bits | BIT(0) : bits & ~BIT(0);
	pci_write_config_dword(dev, msi_mask_reg(dev), bits);
}

static void pci_msi_mask_irq(struct irq_data *d)   { msi_set_mask(d, true); }
static void pci_msi_unmask_irq(struct irq_data *d) { msi_set_mask(d, false); }

static void pci_msi_ack(struct irq_data *d)
{
	irq_move_irq(d);
	pci_msi_arch_ack();
}

/* The first online CPU of mask, as for the IOAPIC's lines. */
static int pci_msi_set_affinity(struct irq_data *d, unsigned long mask)
{
	const struct pci_dev *dev = d->chip_data;
	unsigned int cpu = cpumask_first(mask);
	int vector = irq_to_vector(d->irq);
	u32 address, data;

	if (cpu >= NR_CPUS || !cpu_online(cpu) || vector < 0)
		return -EINVAL;
	pci_msi_compose_msg((unsigned int)vector, cpu, &address, &data);
	pci_write_config_dword(dev, dev->msi_cap + PCI_MSI_ADDRESS_LO, address);
	d->effective_affinity = BIT(cpu);
	return 0;
}

static int pci_msi_retrigger(struct irq_data *d)
{
	int vector = irq_to_vector(d->irq);

	if (vector < 0)
		return -EINVAL;
	pci_msi_arch_retrigger((unsigned int)vector);
	return 0;
}

static struct irq_chip pci_msi_chip = {
	.name           = "PCI-MSI",
	.irq_mask       = pci_msi_mask_irq,
	.irq_unmask     = pci_msi_unmask_irq,
	.irq_ack        = pci_msi_ack,
	.irq_retrigger  = pci_msi_retrigger,
	.irq_set_affinity = pci_msi_set_affinity,
};

const char *pci_msi_unavailable(const struct pci_dev *dev)
{
	if (!dev->msi_cap)
		return "the device has no MSI capability";
	if (pci_msi_disabled)
		return "nomsi on the command line";
	return pci_msi_arch_unavailable();
}

static int msi_alloc_irq(void)
{
	unsigned long flags;
	int irq = -ENOSPC;

	spin_lock_irqsave(&msi_lock, flags);
	for (unsigned int i = 0; i < NR_MSI_IRQS; i++)
		if (!msi_irq_used[i]) {
			msi_irq_used[i] = true;
			irq = (int)(NR_GSI_IRQS + i);
			break;
		}
	spin_unlock_irqrestore(&msi_lock, flags);
	return irq;
}

static void msi_free_irq(unsigned int irq)
{
	unsigned long flags;

	spin_lock_irqsave(&msi_lock, flags);
	msi_irq_used[irq - NR_GSI_IRQS] = false;
	spin_unlock_irqrestore(&msi_lock, flags);
}

static void msi_write_msg(const struct pci_dev *dev, u32 address, u32 data)
{
	u16 flags = pci_read_config_word(dev, dev->msi_cap + PCI_MSI_FLAGS);
	unsigned int pos = dev->msi_cap;

	pci_write_config_dword(dev, pos + PCI_MSI_ADDRESS_LO, address);
	if (flags & PCI_MSI_FLAGS_64BIT) {
		pci_write_config_dword(dev, pos + PCI_MSI_ADDRESS_HI, 0);
		pci_write_config_word(dev, pos + PCI_MSI_DATA_64, (u16)data);
	} else {
		pci_write_config_word(dev, pos + PCI_MSI_DATA_32, (u16)data);
	}
}

/* irqlab grants one vector per device: nvec > 1 is refused. */
int pci_msi_enable(struct pci_dev *dev, unsigned int nvec)
{
	unsigned int pos = dev->msi_cap;
	u32 address, data;
	int irq, vector;
	u16 flags;

	if (nvec != 1)
		return -EINVAL;
	irq = msi_alloc_irq();
	if (irq < 0)
		return irq;
	vector = irq_alloc_vector((unsigned int)irq);
	if (vector < 0) {
		msi_free_irq((unsigned int)irq);
		return vector;
	}
	/* Off while the message is written: a device must not send half of an old one. */
	flags = pci_read_config_word(dev, pos + PCI_MSI_FLAGS);
	flags &= ~(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);         /* QSIZE 0: one vector */
	pci_write_config_word(dev, pos + PCI_MSI_FLAGS, flags);
	pci_msi_compose_msg((unsigned int)vector, 0, &address, &data);
	msi_write_msg(dev, address, data);

	irq_set_chip_data((unsigned int)irq, dev);
	irq_set_chip_and_handler_name((unsigned int)irq, &pci_msi_chip, handle_edge_irq, "edge");
	irq_set_hwirq((unsigned int)irq, (unsigned long)((dev->bus << 8) | dev->devfn)
						<< MSI_HWIRQ_DEV_SHIFT);
	/* The device must not also pull its INTx wire; then the messages may start. */
	pci_intx(dev, false);
	pci_write_config_word(dev, pos + PCI_MSI_FLAGS, flags | PCI_MSI_FLAGS_ENABLE);
	dev->msi_enabled = true;
	return irq;
}

void pci_msi_disable(struct pci_dev *dev)
{
	unsigned int pos = dev->msi_cap;
	int vector = irq_to_vector(dev->irq);

	pci_write_config_word(dev, pos + PCI_MSI_FLAGS,
			      pci_read_config_word(dev, pos + PCI_MSI_FLAGS) & ~PCI_MSI_FLAGS_ENABLE);
	pci_intx(dev, true);
	irq_set_chip_and_handler_name(dev->irq, NULL, NULL, NULL);
	irq_set_chip_data(dev->irq, NULL);
	irq_set_hwirq(dev->irq, 0);
	if (vector >= 0)
		irq_free_vector(dev->irq, (unsigned int)vector);
	msi_free_irq(dev->irq);
	dev->msi_enabled = false;
}
