/* drivers/misc/edu.c - a PCI driver for QEMU's edu device: every completion (a factorial,
 * a DMA transfer, a raise from software) arrives as an interrupt.
 *
 * The top half reads the interrupt status, acknowledges exactly the bits it read, and
 * hands them to the thread; a status of zero is another device's interrupt on a shared
 * INTx line, and returns IRQ_NONE. Acknowledging in the top half is what lets a level
 * line (INTx) be unmasked at once and what clears the status under MSI. The results go
 * to a threaded handler because taking them is work a shared line should not wait for:
 * reading the factorial back, comparing DMA buffers, waking the shell - all process
 * context work, and the other devices on the line are served meanwhile.
 */
#include <irqlab/errno.h>
#include <irqlab/gfp.h>
#include <irqlab/init.h>
#include <irqlab/interrupt.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/seq_file.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include "arch/x86/io.h"
#include "edu.h"

#define EDU_WAIT_JIFFIES        (10 * HZ)  /* a completion that never comes: report it */

static struct edu_dev edu_devs[EDU_MAX_DEVICES];

struct edu_dev *edu_get(unsigned int minor)
{
	return minor < EDU_MAX_DEVICES && edu_devs[minor].pdev ? &edu_devs[minor] : NULL;
}

static u32 edu_read(const struct edu_dev *edu, unsigned int reg)
{
	return mmio_read32(edu->regs + reg);
}

static void edu_write(const struct edu_dev *edu, unsigned int reg, u32 v)
{
	mmio_write32(edu->regs + reg, v);
}

static irqreturn_t edu_irq(int irq, void *dev_id)
{
	struct edu_dev *edu = dev_id;
	u32 status;

	(void)irq;
	/* LAB 7 BEGIN edu-irq-ack: read the interrupt status; none set: not ours; else acknowledge exactly those bits */
	status = edu_read(edu, EDU_IRQ_STATUS);
	if (!status)
		return IRQ_NONE;
	/* Exactly the bits read: a bit raised since the read stays, and interrupts again. */
	edu_write(edu, EDU_IRQ_ACK, status);
	/* LAB 7 STUB
	status = 0;
	if (!status)
		return IRQ_NONE;
	LAB 7 END */
	spin_lock(&edu->lock);
	edu->pending |= status;
	edu->irqs++;
	spin_unlock(&edu->lock);
	return IRQ_WAKE_THREAD;
}

static irqreturn_t edu_thread(int irq, void *dev_id)
{
	struct edu_dev *edu = dev_id;
	u32 bits;

	(void)irq;
	spin_lock_irq(&edu->lock);
	bits = edu->pending;
	edu->pending = 0;
	spin_unlock_irq(&edu->lock);
	if (bits & EDU_IRQ_FACT) {
		edu->fact_result = edu_read(edu, EDU_FACTORIAL);
		edu->fact_done++;
	}
	if (bits & EDU_IRQ_DMA)
		edu->dma_done++;
	if (bits & EDU_IRQ_RAISE_MASK) {
		edu->last_raise = bits & EDU_IRQ_RAISE_MASK;
		edu->raise_done++;
	}
	wake_up_all(&edu->wq);
	return IRQ_HANDLED;
}

/* Waits for *counter to pass before. 0, or -ETIMEDOUT. Process context. */
static int edu_wait(struct edu_dev *edu, const u32 *counter, u32 before)
{
	return wait_event_timeout(edu->wq, READ_ONCE(*counter) != before, EDU_WAIT_JIFFIES) ?
	       0 : -ETIMEDOUT;
}

int edu_factorial(struct edu_dev *edu, u32 n, u32 *result)
{
	u32 before = READ_ONCE(edu->fact_done);
	int ret;

	if (edu_read(edu, EDU_STATUS) & EDU_STATUS_COMPUTING)
		return -EBUSY;
	edu_write(edu, EDU_STATUS, EDU_STATUS_IRQFACT);
	edu_write(edu, EDU_FACTORIAL, n);
	ret = edu_wait(edu, &edu->fact_done, before);
	*result = edu->fact_result;
	return ret;
}

/* Raises value's bits (none of the device's own) and waits for their interrupt. */
int edu_raise_nowait(struct edu_dev *edu, u32 value)
{
	if (!value || (value & ~EDU_IRQ_RAISE_MASK))
		return -EINVAL;
	edu_write(edu, EDU_IRQ_RAISE, value);
	return 0;
}

int edu_raise(struct edu_dev *edu, u32 value)
{
	u32 before = READ_ONCE(edu->raise_done);
	int ret = edu_raise_nowait(edu, value);

	return ret ? ret : edu_wait(edu, &edu->raise_done, before);
}

static int edu_dma_one(struct edu_dev *edu, u32 src, u32 dst, u32 len, u32 dir)
{
	u32 before = READ_ONCE(edu->dma_done);

	edu_write(edu, EDU_DMA_SRC, src);
	edu_write(edu, EDU_DMA_DST, dst);
	edu_write(edu, EDU_DMA_COUNT, len);
	edu_write(edu, EDU_DMA_CMD, EDU_DMA_START | EDU_DMA_IRQ | dir);
	return edu_wait(edu, &edu->dma_done, before);
}

/* len bytes of a pattern from RAM into the device's buffer and back into another page;
 * 0 when they came back equal, -EIO when not, or the wait's error. */
int edu_dma_roundtrip(struct edu_dev *edu, u32 len, u32 *where)
{
	u8 *out = (u8 *)__get_free_page(GFP_KERNEL), *in = (u8 *)get_zeroed_page(GFP_KERNEL);
	int ret = -ENOMEM;

	if (!out || !in || !len || len > EDU_DMA_MAX)
		goto free;
	/* irqlab's RAM is identity-mapped: a buffer's address is its bus address. The device
	 * reaches only what its DMA mask covers. */
	ret = -ERANGE;
	if ((uintptr_t)out + len - 1 > edu->pdev->dma_mask ||
	    (uintptr_t)in + len - 1 > edu->pdev->dma_mask)
		goto free;
	for (u32 i = 0; i < len; i++)
		out[i] = (u8)(i * 7 + edu->minor);
	*where = (u32)(uintptr_t)out;
	ret = edu_dma_one(edu, (u32)(uintptr_t)out, EDU_DMA_BUF, len, 0);
	if (!ret)
		ret = edu_dma_one(edu, EDU_DMA_BUF, (u32)(uintptr_t)in, len, EDU_DMA_FROM_DEVICE);
	if (!ret && memcmp(out, in, len))
		ret = -EIO;
free:
	if (out)
		free_page((unsigned long)out);
	if (in)
		free_page((unsigned long)in);
	return ret;
}

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct edu_dev *edu = NULL;
	char name[8];
	u32 ident;
	int ret, n;

	(void)id;
	for (unsigned int i = 0; i < EDU_MAX_DEVICES && !edu; i++)
		if (!edu_devs[i].pdev)
			edu = &edu_devs[i];
	if (!edu)
		return -ENOSPC;
	ret = pci_enable_device(pdev);
	if (ret)
		return ret;
	*edu = (struct edu_dev){ .pdev = pdev, .minor = (unsigned int)(edu - edu_devs) };
	spin_lock_init(&edu->lock);
	init_waitqueue_head(&edu->wq);
	edu->regs = (uintptr_t)pci_iomap(pdev, 0, EDU_REGS_SIZE);
	ret = -ENOMEM;
	if (!edu->regs)
		goto disable;
	ident = edu_read(edu, EDU_IDENT);
	edu_write(edu, EDU_LIVENESS, 0x12345678);
	ret = -ENODEV;
	if ((ident & 0xff) != EDU_IDENT_MAGIC || edu_read(edu, EDU_LIVENESS) != ~0x12345678u) {
		pr_err("edu %s: not an edu: identification 0x%08x\n", pci_slot_name(pdev, name),
		       ident);
		goto disable;
	}
	ret = dma_set_mask(pdev, EDU_DMA_MASK);
	if (ret)
		pr_warn("edu %s: RAM above 256 MiB: DMA only from buffers below\n",
			pci_slot_name(pdev, name));
	pdev->dma_mask = EDU_DMA_MASK;
	pci_set_master(pdev);           /* DMA, and MSI writes, are bus master cycles */
	n = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_INTX);
	if (n < 0) {
		pr_err("edu %s: no interrupt: %s\n", pci_slot_name(pdev, name), pdev->intx_route);
		ret = n;
		goto disable;
	}
	edu->irq = pci_irq_vector(pdev, 0);
	edu_write(edu, EDU_IRQ_ACK, ~0u);       /* nothing left over from before */
	ret = request_threaded_irq((unsigned int)edu->irq, edu_irq, edu_thread, IRQF_SHARED,
				   "edu", edu);
	if (ret)
		goto free_vectors;
	pdev->driver_data = edu;
	pr_info("edu %s: edu%u, version %u.%u, IRQ %d (%s)\n", pci_slot_name(pdev, name),
		edu->minor, ident >> 24, (ident >> 16) & 0xff, edu->irq,
		pdev->msi_enabled ? "MSI" : "INTx");
	return 0;
free_vectors:
	pci_free_irq_vectors(pdev);
disable:
	pci_disable_device(pdev);
	edu->pdev = NULL;
	return ret;
}

static void edu_remove(struct pci_dev *pdev)
{
	struct edu_dev *edu = pdev->driver_data;

	(void)free_irq((unsigned int)edu->irq, edu);
	pci_free_irq_vectors(pdev);
	pci_disable_device(pdev);
	edu->pdev = NULL;
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR_ID, EDU_DEVICE_ID) },
	{ 0 },
};

struct pci_driver edu_driver = {
	.name           = "edu",
	.id_table       = edu_ids,
	.probe          = edu_probe,
	.remove         = edu_remove,
};

static int edu_init(void)
{
	return pci_register_driver(&edu_driver);
}
device_initcall(edu_init);

/* /dev/eduN: the device's state, for `cat`. */
static int edu_show(struct seq_file *m, unsigned int minor)
{
	struct edu_dev *edu = edu_get(minor);
	char name[8];

	if (!edu) {
		seq_printf(m, "no edu%u\n", minor);
		return 0;
	}
	seq_printf(m, "edu%u: %s, IRQ %d (%s), identification 0x%08x\n", minor,
		   pci_slot_name(edu->pdev, name), edu->irq,
		   edu->pdev->msi_enabled ? "PCI-MSI" : "INTx", edu_read(edu, EDU_IDENT));
	seq_printf(m, "interrupts: %u (factorial %u, dma %u, raise %u)\n", edu->irqs,
		   edu->fact_done, edu->dma_done, edu->raise_done);
	seq_printf(m, "status 0x%08x, interrupt status 0x%08x\n", edu_read(edu, EDU_STATUS),
		   edu_read(edu, EDU_IRQ_STATUS));
	return 0;
}

static int edu0_show(struct seq_file *m) { return edu_show(m, 0); }
static int edu1_show(struct seq_file *m) { return edu_show(m, 1); }
static int edu2_show(struct seq_file *m) { return edu_show(m, 2); }
static int edu3_show(struct seq_file *m) { return edu_show(m, 3); }
DEFINE_PROC_FILE(edu0, "/dev/edu0", edu0_show);
DEFINE_PROC_FILE(edu1, "/dev/edu1", edu1_show);
DEFINE_PROC_FILE(edu2, "/dev/edu2", edu2_show);
DEFINE_PROC_FILE(edu3, "/dev/edu3", edu3_show);
_Static_assert(EDU_MAX_DEVICES == 4, "a /dev/eduN file for each minor");
