/* kernel/demos/edu_noack.c - `demo edu-noack`: a driver that never acknowledges its
 * device's interrupt.
 *
 * The demo takes the last edu device from the edu driver and binds a broken one: its
 * handler decides from its own bookkeeping ("did I ask for an interrupt?") whether an
 * interrupt is its own, and never writes the acknowledge register. It claims the first
 * interrupt; the device's status stays set.
 *
 * Under INTx the wire then stays asserted: a level line interrupts again as soon as it
 * is unmasked, and every handler on it (the broken one, the other edu, on pc any other
 * handler on IRQ 11) says IRQ_NONE. The "nobody cared" detector (kernel/irq/spurious.c) counts 99,900
 * unhandled in 100,000 deliveries, prints Linux's report with the handlers, and disables
 * the line; the kernel goes on. Under MSI nothing storms: the device sent one message for
 * its one event, and an unacknowledged status sends no more - there is no wire to stay
 * asserted. The status is still wrong, and the next event's message would be the only
 * sign of it.
 *
 * Afterwards the demo acknowledges the device, enables the line again (Linux would leave
 * it off until reboot; the other devices on it need it) and gives the device back to the
 * edu driver.
 */
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/irqdesc.h>
#include <irqlab/printk.h>
#include <irqlab/smp.h>
#include <irqlab/timer.h>
#include "arch/x86/io.h"
#include "drivers/misc/edu.h"
#include "kernel/shell/shell.h"

#define NOACK_RAISE     0x1000
#define POLL_MS         10
#define MAX_POLLS       3000    /* a line that never gets disabled: give up and say so */
#define MSI_QUIET_POLLS 10

static struct noack {
	uintptr_t regs;
	int irq;
	bool expected;                  /* set by the demo, cleared by the handler */
	u32 handled, unhandled;         /* written by the handler only */
} noack;

static irqreturn_t edu_noack_irq(int irq, void *dev_id)
{
	struct noack *n = dev_id;

	(void)irq;
	/* The bug: "mine" is decided without reading EDU_IRQ_STATUS, and EDU_IRQ_ACK is
	 * never written. */
	if (!n->expected) {
		n->unhandled++;
		return IRQ_NONE;
	}
	n->expected = false;
	n->handled++;
	return IRQ_HANDLED;
}

static int edu_noack_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	(void)id;
	ret = pci_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);
	noack.regs = (uintptr_t)pci_iomap(pdev, 0, EDU_REGS_SIZE);
	ret = noack.regs ? pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_INTX) :
			   -ENOMEM;
	if (ret < 0)
		goto disable;
	noack.irq = pci_irq_vector(pdev, 0);
	ret = request_irq((unsigned int)noack.irq, edu_noack_irq, IRQF_SHARED, "edu-noack",
			  &noack);
	if (!ret)
		return 0;
	pci_free_irq_vectors(pdev);
disable:
	pci_disable_device(pdev);
	return ret;
}

static void edu_noack_remove(struct pci_dev *pdev)
{
	(void)free_irq((unsigned int)noack.irq, &noack);
	pci_free_irq_vectors(pdev);
	pci_disable_device(pdev);
}

static const struct pci_device_id edu_noack_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR_ID, EDU_DEVICE_ID) },
	{ 0 },
};

static const struct pci_driver edu_noack_driver = {
	.name           = "edu-noack",
	.id_table       = edu_noack_ids,
	.probe          = edu_noack_probe,
	.remove         = edu_noack_remove,
};

/* Waits for the storm to end (INTx: the detector disabled the line) or, under MSI,
 * for the one interrupt and then a few quiet polls. */
static void wait_outcome(const struct irq_desc *desc, bool msi)
{
	for (unsigned int polls = 0, quiet = 0; polls < MAX_POLLS; polls++) {
		if (!msi && READ_ONCE(desc->depth))
			return;
		if (msi && READ_ONCE(noack.handled) && ++quiet == MSI_QUIET_POLLS)
			return;
		msleep(POLL_MS);
	}
}

static int demo_edu_noack(int argc, char **argv)
{
	struct edu_dev *edu = edu_get(1) ? edu_get(1) : edu_get(0);
	const struct irq_desc *desc;
	struct pci_dev *pdev;
	u32 before, count;
	bool msi;
	int ret;

	(void)argc;
	(void)argv;
	if (!edu) {
		kprintf("edu-noack: no edu device bound to the edu driver\n");
		return -ENODEV;
	}
	pdev = edu->pdev;
	pci_device_release_driver(pdev);
	noack = (struct noack){ 0 };
	ret = pci_device_bind_driver(pdev, &edu_noack_driver);
	if (ret) {
		kprintf("edu-noack: cannot bind: %d\n", ret);
		goto rebind;
	}
	msi = pdev->msi_enabled;
	desc = irq_to_desc((unsigned int)noack.irq);
	kprintf("edu-noack: IRQ %d (%s), raising 0x%x; the handler will not acknowledge it\n",
		noack.irq, msi ? "PCI-MSI, edge" : "INTx, level", NOACK_RAISE);
	before = kstat_irqs((unsigned int)noack.irq);
	noack.expected = true;
	mmio_write32(noack.regs + EDU_IRQ_RAISE, NOACK_RAISE);
	wait_outcome(desc, msi);
	count = kstat_irqs((unsigned int)noack.irq) - before;
	kprintf("edu-noack: IRQ %d delivered %u times: %u handled, %u unhandled by edu-noack; "
		"interrupt status still 0x%x\n", noack.irq, count, noack.handled, noack.unhandled,
		mmio_read32(noack.regs + EDU_IRQ_STATUS));
	if (msi)
		kprintf("edu-noack: no storm: an MSI is one message per event; the status left "
			"set sends nothing more (there is no wire to stay asserted)\n");
	else if (desc->depth)
		kprintf("edu-noack: the line stayed asserted and storms until the spurious "
			"detector disabled IRQ %d (99,900 of 100,000 unhandled)\n", noack.irq);
	else
		kprintf("edu-noack: IRQ %d was not disabled in %u polls\n", noack.irq, MAX_POLLS);
	mmio_write32(noack.regs + EDU_IRQ_ACK, NOACK_RAISE);    /* the write the bug left out */
	if (!msi && desc->depth) {
		enable_irq((unsigned int)noack.irq);
		kprintf("edu-noack: acknowledged, IRQ %d enabled again for the devices that "
			"share it\n", noack.irq);
	}
	pci_device_release_driver(pdev);
rebind:
	return pci_device_bind_driver(pdev, &edu_driver);
}
SHELL_DEMO(edu_noack, "edu-noack",
	   "a driver that never acknowledges edu: INTx storms until disabled, MSI does not",
	   demo_edu_noack);
