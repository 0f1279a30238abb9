/* arch/x86/pci/direct.c - PCI configuration space through I/O ports 0xCF8/0xCFC.
 *
 * PCI Local Bus Specification, "Configuration Mechanism #1" (CONFIG_ADDRESS and
 * CONFIG_DATA). The i440FX (QEMU's pc) and the Q35 MCH both decode it.
 *
 * The PCI Express chipsets also have ECAM ("Enhanced Configuration Access Mechanism":
 * each function's 4 KiB of config space mapped as memory, base in the ACPI MCFG table or
 * the Q35 MCH's PCIEXBAR register). irqlab reads only the first 256 bytes of each
 * function, which mechanism #1 reaches on both machines, so it uses this one everywhere;
 * the extended space from 0x100 up (PCIe extended capabilities) is what ECAM would add.
 */
#include <irqlab/pci.h>
#include <irqlab/spinlock.h>
#include "arch/x86/io.h"
#include "pci_x86.h"

#define PCI_CONFIG_ADDRESS      0xcf8
#define   PCI_CONFIG_ENABLE     BIT(31)
#define PCI_CONFIG_DATA         0xcfc

/* CONFIG_ADDRESS then CONFIG_DATA is a pair: another CPU (or a handler on this one)
 * choosing another register in between would make us read its register. */
static DEFINE_SPINLOCK(pci_config_lock);

/* The dword holding register reg; the byte lanes within it come from reg's low bits. */
static u32 conf1_address(unsigned int bus, unsigned int devfn, unsigned int reg)
{
	return PCI_CONFIG_ENABLE | (bus << 16) | (devfn << 8) | (reg & 0xfc);
}

u32 pci_conf1_read(unsigned int bus, unsigned int devfn, unsigned int reg, int len)
{
	u16 port = PCI_CONFIG_DATA + (reg & 3);
	unsigned long flags;
	u32 v;

	spin_lock_irqsave(&pci_config_lock, flags);
	outl(PCI_CONFIG_ADDRESS, conf1_address(bus, devfn, reg));
	v = len == 1 ? inb(port) : len == 2 ? inw(port) : inl(PCI_CONFIG_DATA);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return v;
}

void pci_conf1_write(unsigned int bus, unsigned int devfn, unsigned int reg, int len, u32 v)
{
	u16 port = PCI_CONFIG_DATA + (reg & 3);
	unsigned long flags;

	spin_lock_irqsave(&pci_config_lock, flags);
	outl(PCI_CONFIG_ADDRESS, conf1_address(bus, devfn, reg));
	if (len == 1)
		outb(port, (u8)v);
	else if (len == 2)
		outw(port, (u16)v);
	else
		outl(PCI_CONFIG_DATA, v);
	spin_unlock_irqrestore(&pci_config_lock, flags);
}

/* Is mechanism #1 there? The host bridge keeps what is written to CONFIG_ADDRESS;
 * an ISA-only machine (QEMU's isapc) has nothing at 0xCF8 and reads back all ones. */
bool pci_conf1_probe(void)
{
	unsigned long flags;
	u32 old, back;

	spin_lock_irqsave(&pci_config_lock, flags);
	old = inl(PCI_CONFIG_ADDRESS);
	outl(PCI_CONFIG_ADDRESS, PCI_CONFIG_ENABLE);
	back = inl(PCI_CONFIG_ADDRESS);
	outl(PCI_CONFIG_ADDRESS, old);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return back == PCI_CONFIG_ENABLE;
}

u8 pci_read_config_byte(const struct pci_dev *d, unsigned int where)
{
	return (u8)pci_conf1_read(d->bus, d->devfn, where, 1);
}

u16 pci_read_config_word(const struct pci_dev *d, unsigned int where)
{
	return (u16)pci_conf1_read(d->bus, d->devfn, where, 2);
}

u32 pci_read_config_dword(const struct pci_dev *d, unsigned int where)
{
	return pci_conf1_read(d->bus, d->devfn, where, 4);
}

void pci_write_config_byte(const struct pci_dev *d, unsigned int where, u8 v)
{
	pci_conf1_write(d->bus, d->devfn, where, 1, v);
}

void pci_write_config_word(const struct pci_dev *d, unsigned int where, u16 v)
{
	pci_conf1_write(d->bus, d->devfn, where, 2, v);
}

void pci_write_config_dword(const struct pci_dev *d, unsigned int where, u32 v)
{
	pci_conf1_write(d->bus, d->devfn, where, 4, v);
}
