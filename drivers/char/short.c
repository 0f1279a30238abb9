/* drivers/char/short.c - `short`: a driver for the PC's first parallel port (LPT1), kept
 * as simple as LDD3's "short" module of chapter 10: it makes the port interrupt, finds
 * the port's line by probing, and handles the interrupts.
 *
 * IBM PC Technical Reference, "Parallel Printer Adapter": the data latch at base + 0,
 * the status register at base + 1, the control register at base + 2, and the interrupt
 * on the printer's -ACK when control bit 4 ("IRQ enable") is set. LPT1 is 0x378, IRQ 7.
 *
 * What raises IRQ 7 in QEMU's model of the port (`-parallel null`, no host port behind
 * it): a write to the control register with -INIT (bit 2) and SELECT IN (bit 3) set and
 * STROBE (bit 0) clear, when the control register held IRQ enable (bit 4) before that
 * write - the strobe being let go, which the model answers at once with the printer's
 * ACK. The line then stays up until the status register is read. So one byte is:
 *
 *     data    <- the byte
 *     control <- IRQ enable | SELECT IN | -INIT | STROBE    the byte goes to the printer
 *     control <- IRQ enable | SELECT IN | -INIT             strobe off: ACK, IRQ 7 rises
 *     status  -> read by the handler                        IRQ 7 falls
 *
 * Any other write of that shape raises it too, "IRQ enable off" included (the enable
 * that counts is the one before the write): short_disable() goes through -INIT low.
 *
 * LDD3's own sequence (0x10 to the control register, then 0x00 and 0xff to the data
 * latch) holds -INIT low, which QEMU's model takes as a printer reset: no interrupt.
 */
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/irqdesc.h>
#include <irqlab/string.h>
#include <irqlab/timer.h>
#include "arch/x86/io.h"
#include "arch/x86/irq_vectors.h"
#include "kernel/shell/shell.h"
#include "short.h"

#define SHORT_BASE              0x378   /* LPT1 */
#define SHORT_DATA              (SHORT_BASE + 0)
#define SHORT_STATUS            (SHORT_BASE + 1)
#define SHORT_CONTROL           (SHORT_BASE + 2)
#define   SHORT_CTR_STROBE      BIT(0)
#define   SHORT_CTR_INIT        BIT(2)  /* -INIT: low resets the printer */
#define   SHORT_CTR_SELECT      BIT(3)  /* SELECT IN */
#define   SHORT_CTR_INTEN       BIT(4)  /* IRQ enable: interrupt on the printer's ACK */
#define SHORT_CTR_IDLE          (SHORT_CTR_SELECT | SHORT_CTR_INIT)
#define SHORT_PROBE_TRIES       5       /* LDD3's: an ambiguous probe is tried again */
/* How long an interrupt is given to arrive: it rises on the port write itself, but may
 * be delivered to another CPU. */
#define SHORT_SETTLE_US         1000

/* Lock: none. count and last_status are written by short_interrupt only and read with
 * READ_ONCE(); irq changes only in the shell's `short` command, one at a time. */
static struct {
	int irq;                        /* the line short holds, or -1 */
	u32 count;                      /* interrupts short_interrupt took */
	u8 last_status;
} shrt = { .irq = -1 };

static int short_dev;
static volatile int probed_irq;         /* the DIY probe's verdict, as LDD3's short_irq */

bool short_port_present(void)
{
	outb(SHORT_DATA, 0x55);
	if (inb(SHORT_DATA) != 0x55)
		return false;
	outb(SHORT_DATA, 0xaa);
	return inb(SHORT_DATA) == 0xaa;
}

/* One byte out, and the ACK's interrupt (the sequence above); reporting stays on. */
void short_strobe_byte(u8 byte)
{
	outb(SHORT_DATA, byte);
	outb(SHORT_CONTROL, SHORT_CTR_IDLE | SHORT_CTR_INTEN | SHORT_CTR_STROBE);
	outb(SHORT_CONTROL, SHORT_CTR_IDLE | SHORT_CTR_INTEN);  /* the ACK, the interrupt */
}

/* Reporting off with no interrupt: -INIT low first (QEMU: a printer reset), so that the
 * write which clears IRQ enable is not itself taken for an ACK. */
void short_disable(void)
{
	outb(SHORT_CONTROL, SHORT_CTR_SELECT);
	outb(SHORT_CONTROL, SHORT_CTR_IDLE);
}

/* Reading the status is the port's acknowledge: it lowers the line. */
u8 short_ack(void)
{
	return inb(SHORT_STATUS);
}

/* Hard-IRQ context. */
static irqreturn_t short_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	shrt.last_status = short_ack();
	shrt.count++;
	return IRQ_HANDLED;
}

/* LDD3's probing handler: notes the line; a second, different line makes it ambiguous. */
static irqreturn_t short_probing(int irq, void *dev_id)
{
	(void)dev_id;
	if (probed_irq == 0)
		probed_irq = irq;
	if (probed_irq != irq)
		probed_irq = -irq;
	return IRQ_HANDLED;
}

/* Makes the port interrupt once and lowers its line again. */
static void short_kick(void)
{
	short_strobe_byte(0);
	udelay(SHORT_SETTLE_US);
	short_disable();
	(void)short_ack();                      /* the line down for the next try */
}

static int short_probe_kernel(void)
{
	int irq, count = 0;

	do {
		unsigned long mask = probe_irq_on();

		short_kick();
		irq = probe_irq_off(mask);
		kprintf("  probe_irq_on() = 0x%08lx, probe_irq_off() = %d\n", mask, irq);
	} while (irq < 0 && ++count < SHORT_PROBE_TRIES);
	return irq;
}

static int short_probe_diy(void)
{
	static const int trials[] = { 3, 5, 7, 9, 0 };
	int tried[ARRAY_SIZE(trials)];
	int count = 0;

	for (unsigned int i = 0; trials[i]; i++) {
		tried[i] = request_irq(trials[i], short_probing, 0, "short probe", &short_dev);
		kprintf("  request_irq(%d) = %d\n", trials[i], tried[i]);
	}
	do {
		probed_irq = 0;
		short_kick();
	} while (probed_irq <= 0 && ++count < SHORT_PROBE_TRIES);
	for (unsigned int i = 0; trials[i]; i++)
		if (tried[i] == 0)
			free_irq(trials[i], &short_dev);
	return probed_irq;
}

static int short_request(void)
{
	int err;

	if (shrt.irq >= 0)
		return 0;
	err = request_irq(SHORT_DEFAULT_IRQ, short_interrupt, 0, "short", &short_dev);
	if (err) {
		kprintf("short: can't get assigned irq %d (%d)\n", SHORT_DEFAULT_IRQ, err);
		return err;
	}
	shrt.irq = SHORT_DEFAULT_IRQ;
	return 0;
}

static void short_release(void)
{
	if (shrt.irq < 0)
		return;
	free_irq(shrt.irq, &short_dev);
	shrt.irq = -1;
}

static int short_cmd_probe(void)
{
	bool held = shrt.irq >= 0;
	int kernel, diy;

	short_release();                /* probing only turns on lines nobody holds */
	kprintf("kernel-assisted probing (probe_irq_on/probe_irq_off):\n");
	kernel = short_probe_kernel();
	kprintf("do-it-yourself probing (a handler on each of IRQ 3, 5, 7, 9):\n");
	diy = short_probe_diy();
	kprintf("short: probe found IRQ %d, do-it-yourself found IRQ %d\n", kernel, diy);
	return held ? short_request() : 0;
}

/* Sends text, one strobed byte and one interrupt each, waiting for each interrupt. */
static int short_cmd_write(int argc, char **argv)
{
	u32 before, bytes = 0;
	int err = short_request();

	if (err)
		return err;
	before = READ_ONCE(shrt.count);
	for (int a = 2; a < argc; a++) {
		for (const char *p = argv[a]; ; p++) {
			u8 c = *p ? (u8)*p : (a + 1 < argc ? ' ' : '\n');
			unsigned int waited = 0;

			short_strobe_byte(c);
			bytes++;
			while (READ_ONCE(shrt.count) - before < bytes && waited++ < SHORT_SETTLE_US)
				udelay(1);
			if (!*p)
				break;
		}
	}
	short_disable();
	kprintf("short: wrote %u bytes to 0x%x, IRQ %d came %u times (status 0x%02x)\n", bytes,
		SHORT_BASE, shrt.irq, READ_ONCE(shrt.count) - before, shrt.last_status);
	return 0;
}

/* A real IRQ 7 from the port, then the 8259's spurious IRQ 7 forged as the CPU would see
 * it: INT on IRQ 7's vector with the master's ISR bit 7 clear (the chip's ack checks
 * it). Only the real one reaches short_interrupt and IRQ 7's count. */
static int short_cmd_spurious(void)
{
	struct irq_desc *desc = irq_to_desc(SHORT_DEFAULT_IRQ);
	u32 before;
	int err;

	if (!desc->irq_data.chip || strcmp(desc->irq_data.chip->name, "XT-PIC") != 0) {
		kprintf("short: IRQ 7 is not on the 8259 (boot with irqchip=pic)\n");
		return -ENODEV;
	}
	err = short_request();
	if (err)
		return err;
	before = READ_ONCE(shrt.count);
	short_strobe_byte('\n');
	udelay(SHORT_SETTLE_US);
	short_disable();
	kprintf("real:     the port's ACK; short_interrupt ran %u time(s)\n",
		READ_ONCE(shrt.count) - before);
	before = READ_ONCE(shrt.count);
	__asm__ __volatile__("int %0" :: "i"(PIC_VECTOR_BASE + SHORT_DEFAULT_IRQ) : "memory");
	kprintf("spurious: INT 0x%02x, ISR bit 7 clear; short_interrupt ran %u time(s)\n",
		PIC_VECTOR_BASE + SHORT_DEFAULT_IRQ, READ_ONCE(shrt.count) - before);
	kprintf("compare IRQ 7 in /proc/interrupts with the spurious count in /proc/i8259\n");
	return 0;
}

static int cmd_short(int argc, char **argv)
{
	if (argc < 2)
		return shell_usage("short");
	if (!short_port_present()) {
		kprintf("short: no parallel port at 0x%x\n", SHORT_BASE);
		return -ENODEV;
	}
	if (strcmp(argv[1], "probe") == 0 && argc == 2)
		return short_cmd_probe();
	if (strcmp(argv[1], "write") == 0 && argc > 2)
		return short_cmd_write(argc, argv);
	if (strcmp(argv[1], "spurious") == 0 && argc == 2)
		return short_cmd_spurious();
	return shell_usage("short");
}
SHELL_CMD(short, "<probe|write <text>|spurious>",
	  "the parallel port (LPT1, IRQ 7): find its IRQ by probing, interrupt per byte", cmd_short);
