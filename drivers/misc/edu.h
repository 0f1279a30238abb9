/* drivers/misc/edu.h - QEMU's "edu" teaching device: its BAR 0 registers, and the
 * driver's devices for the shell and the demos.
 *
 * QEMU's docs/specs/edu.rst, "PCI specs" and "MMIO area spec": 32-bit registers at
 * 0x00-0x7f, the DMA registers from 0x80; a 4 KiB buffer inside the device at DMA
 * address 0x40000. An interrupt is "raised" by OR-ing bits into the interrupt status;
 * it stays raised (INTx asserted) until acknowledged bits clear the status to zero.
 * Under MSI each raise sends one message, and the acknowledge is still needed to clear
 * the status.
 */
#ifndef DRIVERS_MISC_EDU_H
#define DRIVERS_MISC_EDU_H

#include <irqlab/pci.h>
#include <irqlab/spinlock.h>
#include <irqlab/wait.h>

#define EDU_VENDOR_ID           0x1234
#define EDU_DEVICE_ID           0x11e8

#define EDU_IDENT               0x00    /* 0xRRrr00ed: major, minor version, 0xed */
#define   EDU_IDENT_MAGIC       0xed
#define EDU_LIVENESS            0x04    /* reads back the inverse of what was written */
#define EDU_FACTORIAL           0x08    /* write n; read n! once done */
#define EDU_STATUS              0x20
#define   EDU_STATUS_COMPUTING  0x01    /* read-only: the factorial is being computed */
#define   EDU_STATUS_IRQFACT    0x80    /* raise EDU_IRQ_FACT when it is done */
#define EDU_IRQ_STATUS          0x24    /* read-only: the raised bits, OR-ed */
#define EDU_IRQ_RAISE           0x60    /* write-only: OR bits into the status */
#define EDU_IRQ_ACK             0x64    /* write-only: clear bits; the line drops at 0 */
#define EDU_DMA_SRC             0x80
#define EDU_DMA_DST             0x88
#define EDU_DMA_COUNT           0x90
#define EDU_DMA_CMD             0x98
#define   EDU_DMA_START         0x01
#define   EDU_DMA_FROM_DEVICE   0x02    /* direction: set, device buffer -> RAM */
#define   EDU_DMA_IRQ           0x04    /* raise EDU_IRQ_DMA when done */
#define EDU_DMA_BUF             0x40000 /* the device's buffer, in its DMA space */
#define EDU_DMA_BUF_SIZE        4096
/* QEMU 7.2's range check refuses a transfer that reaches the buffer's last byte, and
 * stops the whole machine with a hardware error: one byte less is the most it takes. */
#define EDU_DMA_MAX             (EDU_DMA_BUF_SIZE - 1)
#define EDU_DMA_MASK            ((1ull << 28) - 1)  /* edu's default dma_mask: 256 MiB */

/* The interrupt status bits the device itself raises; the others come from raises. */
#define EDU_IRQ_FACT            0x00000001
#define EDU_IRQ_DMA             0x00000100
#define EDU_IRQ_RAISE_MASK      (~(EDU_IRQ_FACT | EDU_IRQ_DMA))

#define EDU_MAX_DEVICES         4
#define EDU_REGS_SIZE           4096    /* the registers' page of the 1 MiB BAR */

struct edu_dev {
	struct pci_dev *pdev;
	uintptr_t regs;
	unsigned int minor;             /* /dev/edu<minor> */
	int irq;
	/* Bits the hard handler acknowledged that the thread has not taken yet: the
	 * handler adds, the thread takes, both under lock. */
	spinlock_t lock;
	u32 pending;
	/* Written by the hard handler (irqs) and the thread (the rest); read by waiters. */
	u32 irqs;                       /* deliveries that found status bits */
	u32 fact_done, dma_done, raise_done;
	u32 fact_result, last_raise;
	struct wait_queue_head wq;      /* the thread wakes waiters here */
};

extern struct pci_driver edu_driver;
/* The bound edu devices, by minor; NULL where none. Process context. */
struct edu_dev *edu_get(unsigned int minor);
/* Each starts the work and sleeps until its interrupt's thread has taken the result:
 * 0, -EINVAL (bad value), -EBUSY, -ERANGE (a buffer beyond the DMA mask), -EIO (DMA data
 * came back different), -ETIMEDOUT (no interrupt came). Process context. */
int edu_factorial(struct edu_dev *edu, u32 n, u32 *result);
int edu_raise(struct edu_dev *edu, u32 value);
int edu_raise_nowait(struct edu_dev *edu, u32 value);
int edu_dma_roundtrip(struct edu_dev *edu, u32 len, u32 *where);

#endif
