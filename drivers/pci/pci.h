/* drivers/pci/pci.h - the PCI core's own functions; include from drivers/pci/,
 * arch/x86/pci/ and the shell's lspci only. */
#ifndef DRIVERS_PCI_PCI_H
#define DRIVERS_PCI_PCI_H

#include <irqlab/pci.h>

/* Scans the buses and routes every INTx pin. Boot, once, before any driver registers. */
void pci_subsys_init(void);

/* MSI (msi.c): nvec lines on dev's MSI capability, enabled. The first line, or -errno.
 * Process context. */
int pci_msi_enable(struct pci_dev *dev, unsigned int nvec);
void pci_msi_disable(struct pci_dev *dev);
/* Why MSI cannot be used now (NULL: it can): no capability, nomsi, the 8259. */
const char *pci_msi_unavailable(const struct pci_dev *dev);

/* The name of the base class alone ("Unclassified device"), or NULL. */
const char *pci_base_class_name(u32 class);

#endif
