/* arch/x86/pci/pci_x86.h - what drivers/pci/ asks of the PC: config cycles and the
 * routing of INTx pins to interrupt lines. */
#ifndef ARCH_X86_PCI_PCI_X86_H
#define ARCH_X86_PCI_PCI_X86_H

#include <irqlab/pci.h>

/* Configuration mechanism #1 (direct.c). len is 1, 2 or 4. Any context. */
u32 pci_conf1_read(unsigned int bus, unsigned int devfn, unsigned int reg, int len);
void pci_conf1_write(unsigned int bus, unsigned int devfn, unsigned int reg, int len, u32 v);
bool pci_conf1_probe(void);

/* Finds the interrupt router (PIIX3 or ICH9) among the devices. Boot, after the scan. */
void pcibios_irq_init(void);
/* Sets dev->intx_irq and dev->intx_route: the line its INTx pin arrives on, or -1 with
 * the reason. Boot, after pcibios_irq_init(). */
void pcibios_route_intx(struct pci_dev *dev);

/* MSI on x86 (msi.c): the message a device writes to reach vector on CPU 0; why MSI
 * cannot work now (NULL: it can); the EOI of a delivery (hard-IRQ context); raising
 * vector again from software. */
void pci_msi_compose_msg(unsigned int vector, unsigned int cpu, u32 *address, u32 *data);
const char *pci_msi_arch_unavailable(void);
void pci_msi_arch_ack(void);
void pci_msi_arch_retrigger(unsigned int vector);

#endif
