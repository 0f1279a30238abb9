/* include/irqlab/pci.h - PCI devices and their drivers, Linux's shape cut down.
 *
 * drivers/pci/ finds every function on bus 0 and behind its bridges at boot, sizes its
 * BARs and works out where its INTx pin arrives. A driver registers a struct pci_driver
 * with an ID table; probe() is called for each matching function and typically does
 *
 *   pci_enable_device(dev);  pci_set_master(dev);  regs = pci_iomap(dev, 0, 0);
 *   n = pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_INTX);
 *   request_irq(pci_irq_vector(dev, 0), handler, IRQF_SHARED, "name", priv);
 *
 * Lock: the device table is written at boot, before the first driver runs; a device's
 * driver fields change only in process context, in pci_register_driver() and the
 * bind/unbind calls, which the boot and the shell thread make one at a time.
 */
#ifndef IRQLAB_PCI_H
#define IRQLAB_PCI_H

#include <irqlab/pci_regs.h>
#include <irqlab/types.h>

#define PCI_DEVFN(slot, fn)     ((((slot) & 0x1f) << 3) | ((fn) & 0x07))
#define PCI_SLOT(devfn)         (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)         ((devfn) & 0x07)
#define PCI_ANY_ID              0xffffffffu
#define PCI_NUM_BARS            6
#define PCI_MAX_DEVICES         32

struct pci_driver;

struct pci_bar {
	u32 start;                      /* bus address (0: the device has no such BAR) */
	u32 len;                        /* from sizing: all ones written, read back */
	u32 flags;                      /* the BAR's low bits: PCI_BASE_ADDRESS_* */
};

struct pci_dev {
	u8 bus, devfn;
	u16 vendor, device, subsystem_vendor, subsystem_device;
	u32 class;                      /* base class << 16 | subclass << 8 | prog-if */
	u8 revision, hdr_type;
	u8 pin;                         /* INTx pin: 0 none, 1-4 INTA#-INTD# */
	int intx_irq;                   /* the line INTx arrives on; -1: unroutable */
	const char *intx_route;         /* how it gets there, for lspci -v and dmesg */
	u8 msi_cap, msix_cap, pcie_cap; /* offsets of the capabilities (0: absent) */
	struct pci_bar bar[PCI_NUM_BARS];
	u8 secondary_bus;               /* bridges: the bus behind */
	struct pci_dev *bridge;         /* the bridge in front of this bus (NULL: bus 0) */
	u64 dma_mask;                   /* addresses the device can reach for DMA */
	/* Interrupts the driver took with pci_alloc_irq_vectors(). */
	unsigned int irq;               /* the first vector's line */
	unsigned int nr_irqs;
	bool msi_enabled;
	bool is_enabled;
	const struct pci_driver *driver;
	void *driver_data;
};

struct pci_device_id {
	u32 vendor, device;             /* PCI_ANY_ID matches any */
};
#define PCI_DEVICE(v, d)        .vendor = (v), .device = (d)

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;   /* ends with a zeroed entry */
	/* Process context, may sleep. 0, or -errno to leave the device unbound. */
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	void (*remove)(struct pci_dev *dev);
};

/* Configuration space, through the chipset's config mechanism. Any context. */
u8 pci_read_config_byte(const struct pci_dev *dev, unsigned int where);
u16 pci_read_config_word(const struct pci_dev *dev, unsigned int where);
u32 pci_read_config_dword(const struct pci_dev *dev, unsigned int where);
void pci_write_config_byte(const struct pci_dev *dev, unsigned int where, u8 v);
void pci_write_config_word(const struct pci_dev *dev, unsigned int where, u16 v);
void pci_write_config_dword(const struct pci_dev *dev, unsigned int where, u32 v);

/* The functions found at boot, in bus/devfn order; n of them. */
extern struct pci_dev pci_devices[PCI_MAX_DEVICES];
extern unsigned int pci_nr_devices;
#define for_each_pci_dev(d) for ((d) = pci_devices; (d) < pci_devices + pci_nr_devices; (d)++)

/* Offset of capability id in dev's list, 0 when absent. Any context. */
u8 pci_find_capability(const struct pci_dev *dev, u8 id);

/* Process context. Binds drv to every unbound matching device. 0 or -errno. */
int pci_register_driver(struct pci_driver *drv);
/* Unbinds a device from its driver (remove()), or binds one; for the demos.
 * Process context. */
void pci_device_release_driver(struct pci_dev *dev);
int pci_device_bind_driver(struct pci_dev *dev, const struct pci_driver *drv);

/* Memory decoding on; pci_disable_device turns it and bus mastering off. Process context. */
int __must_check pci_enable_device(struct pci_dev *dev);
void pci_disable_device(struct pci_dev *dev);
/* Lets the device start DMA and MSI writes (PCI_COMMAND_MASTER). */
void pci_set_master(struct pci_dev *dev);
/* INTx# asserts (enable true) or stays quiet (PCI_COMMAND_INTX_DISABLE). */
void pci_intx(struct pci_dev *dev, bool enable);
/* Maps BAR bar (maxlen bytes of it, 0: all) uncached; its address, or NULL. */
void *pci_iomap(struct pci_dev *dev, int bar, u32 maxlen);
/* The device can reach [0, mask] for DMA. 0, or -EIO when RAM lies above it. */
int __must_check dma_set_mask(struct pci_dev *dev, u64 mask);

/* Interrupts, Linux's pci_alloc_irq_vectors(): MSI if flags allows it and the device
 * and the interrupt controller can, else INTx. Returns the vectors allocated (min..max),
 * or -errno (-ENOSPC, -EINVAL: no way allowed by flags works). Process context. */
#define PCI_IRQ_INTX            BIT(0)
#define PCI_IRQ_MSI             BIT(1)
#define PCI_IRQ_MSIX            BIT(2)
int __must_check pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min,
				       unsigned int max, unsigned int flags);
/* The line of vector nr (request_irq's first argument), or -EINVAL. Any context. */
int pci_irq_vector(const struct pci_dev *dev, unsigned int nr);
/* After free_irq() on every vector. Process context. */
void pci_free_irq_vectors(struct pci_dev *dev);

/* "00:04.0": Linux's slot name without the domain. buf has room for 8. */
const char *pci_slot_name(const struct pci_dev *dev, char *buf);
/* A name for a class code ("Ethernet controller"), or NULL. */
const char *pci_class_name(u32 class);

/* Set by "nomsi" on the command line (Linux: pci=nomsi): MSI is never used. */
extern bool pci_msi_disabled;

#endif
