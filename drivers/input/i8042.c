/* drivers/input/i8042.c - the 8042 keyboard controller, and the top half of the PS/2 keyboard.
 *
 * IBM Personal System/2 Hardware Interface Technical Reference, chapter "Keyboard and
 * Auxiliary Device Controller": "Status Register", "Controller Command Byte" and
 * "Commands (I/O Address Hex 64)". Port 1 carries the keyboard, port 2 the mouse.
 *
 * The controller translates the keyboard's scancode set 2 into set 1 (bit 6 of the
 * command byte), which is what drivers/input/scancode.c decodes. Each byte it has for us sets the
 * output-buffer-full bit and, with interrupts on, raises IRQ 1 - one interrupt per
 * byte, so a key press and release are two interrupts (four for an E0 key). A byte from
 * the mouse sets the auxiliary-data bit as well and raises IRQ 12 instead; the mouse's
 * own protocol is drivers/input/psmouse.c.
 */
#include <irqlab/errno.h>
#include <irqlab/fifo.h>
#include <irqlab/init.h>
#include <irqlab/interrupt.h>
#include <irqlab/keyboard.h>
#include <irqlab/seq_file.h>
#include <irqlab/timer.h>
#include "arch/x86/io.h"
#include "i8042.h"
#include "psmouse.h"

#define I8042_DATA_REG          0x60    /* read: the output buffer; write: the input buffer */
#define I8042_STATUS_REG        0x64    /* read */
#define   I8042_STR_OBF         BIT(0)  /* output buffer full: a byte waits at 0x60 */
#define   I8042_STR_IBF         BIT(1)  /* input buffer full: our last write not taken yet */
#define   I8042_STR_AUXDATA     BIT(5)  /* the byte at 0x60 is the mouse's */
#define   I8042_STR_ABSENT      0xff    /* what an empty ISA bus reads as */
#define I8042_COMMAND_REG       0x64    /* write */
#define   I8042_CMD_READ_CTR    0x20    /* reply: the controller command byte */
#define   I8042_CMD_WRITE_CTR   0x60    /* the next byte at 0x60 is the new command byte */
#define   I8042_CMD_AUX_DISABLE 0xa7
#define   I8042_CMD_AUX_ENABLE  0xa8    /* the mouse's clock on */
#define   I8042_CMD_CTL_TEST    0xaa    /* reply: I8042_CTL_TEST_OK */
#define   I8042_CMD_KBD_TEST    0xab    /* reply: I8042_KBD_TEST_OK */
#define   I8042_CMD_KBD_DISABLE 0xad
#define   I8042_CMD_KBD_ENABLE  0xae
#define   I8042_CMD_AUX_WRITE   0xd4    /* the next byte at 0x60 goes to the mouse */

/* The controller command byte ("CTR"). */
#define I8042_CTR_KBDINT        BIT(0)  /* IRQ 1 when a keyboard byte arrives */
#define I8042_CTR_AUXINT        BIT(1)  /* IRQ 12 when a mouse byte arrives */
#define I8042_CTR_KBDDIS        BIT(4)  /* keyboard clock off */
#define I8042_CTR_AUXDIS        BIT(5)  /* mouse clock off */
#define I8042_CTR_XLATE         BIT(6)  /* translate to scancode set 1 */

#define I8042_CTL_TEST_OK       0x55
#define I8042_KBD_TEST_OK       0x00
#define I8042_BUFFER_SIZE       16      /* at most this many stale bytes to flush */
#define I8042_TIMEOUT_MS        100
#define I8042_POLL_US           50      /* between two reads of the status register */

DEFINE_BYTE_FIFO(kbd_queue, I8042_KBD_QUEUE_SIZE);
DEFINE_BYTE_FIFO(aux_queue, I8042_AUX_QUEUE_SIZE);

static struct {
	bool present;
	u8 ctr;                 /* the command byte as we wrote it */
	u8 ctl_test;            /* the self-test's reply */
	u32 flushed;            /* stale bytes thrown away at init */
} i8042;

bool i8042_kbd_queue(u8 scancode)
{
	return fifo_push(&kbd_queue, scancode);
}

bool i8042_kbd_dequeue(u8 *scancode)
{
	return fifo_pop(&kbd_queue, scancode);
}

u32 i8042_kbd_queued(void)
{
	return fifo_len(&kbd_queue);
}

u32 i8042_kbd_dropped(void)
{
	return READ_ONCE(kbd_queue.dropped);
}

/* Top half, hard-IRQ context. Reading the byte also empties the output buffer, which
 * lets the controller raise the next interrupt. Decoding is the bottom half's work
 * (drivers/input/keyboard.c, a tasklet); a full queue counts the byte as dropped. */
static irqreturn_t i8042_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	/* LAB 2 BEGIN kbd-top-half: take the byte off the controller, queue it, defer the rest */
	i8042_kbd_queue(inb(I8042_DATA_REG));
	tasklet_schedule(&keyboard_tasklet);
	/* LAB 2 STUB
	(void)inb(I8042_DATA_REG);
	LAB 2 END */
	return IRQ_HANDLED;
}

bool i8042_aux_dequeue(u8 *byte)
{
	return fifo_pop(&aux_queue, byte);
}

u32 i8042_aux_dropped(void)
{
	return READ_ONCE(aux_queue.dropped);
}

/* IRQ 12's top half, hard-IRQ context, on a line others may share (IRQF_SHARED): a
 * delivery with no mouse byte waiting is not ours. The packets are decoded in the
 * mouse's bottom half. */
static irqreturn_t i8042_aux_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	if (!(inb(I8042_STATUS_REG) & I8042_STR_AUXDATA))
		return IRQ_NONE;
	fifo_push(&aux_queue, inb(I8042_DATA_REG));
	tasklet_schedule(&psmouse_tasklet);
	return IRQ_HANDLED;
}

/* Polling counted in udelay()s, not jiffies: machine_restart() sends its command with
 * interrupts off, when jiffies stand still. */
static int i8042_wait(u8 bit, bool set)
{
	for (unsigned int n = 0; n < I8042_TIMEOUT_MS * 1000 / I8042_POLL_US; n++) {
		if (!!(inb(I8042_STATUS_REG) & bit) == set)
			return 0;
		udelay(I8042_POLL_US);
	}
	return -ETIMEDOUT;
}

int i8042_command(u8 cmd, int arg, u8 *reply)
{
	int err = i8042_wait(I8042_STR_IBF, false);

	if (err)
		return err;
	outb(I8042_COMMAND_REG, cmd);
	if (arg >= 0) {
		err = i8042_wait(I8042_STR_IBF, false);
		if (err)
			return err;
		outb(I8042_DATA_REG, (u8)arg);
	}
	if (reply) {
		err = i8042_wait(I8042_STR_OBF, true);
		if (err)
			return err;
		*reply = inb(I8042_DATA_REG);
	}
	return 0;
}

int i8042_aux_write(u8 byte)
{
	return i8042_command(I8042_CMD_AUX_WRITE, byte, NULL);
}

int i8042_aux_read(u8 *byte)
{
	int err = i8042_wait(I8042_STR_OBF, true);
	bool aux;

	if (err)
		return err;
	aux = inb(I8042_STATUS_REG) & I8042_STR_AUXDATA;
	*byte = inb(I8042_DATA_REG);
	return aux ? 0 : -EIO;
}

/* Port 2, while both ports' interrupts are off and the keyboard's clock is: the mouse's
 * replies are polled, and no key can come between. A mouse that does not answer leaves
 * the keyboard working. On success *ctr gets the mouse's clock and IRQ 12 on. */
static void i8042_aux_init(u8 *ctr)
{
	static int i8042_aux_dev;
	int err = i8042_command(I8042_CMD_AUX_ENABLE, -1, NULL);

	if (!err)
		err = psmouse_probe();
	if (!err)
		err = request_irq(I8042_AUX_IRQ, i8042_aux_interrupt, IRQF_SHARED, "i8042",
				  &i8042_aux_dev);
	if (err) {
		pr_info("i8042: no mouse on the auxiliary port (%d)\n", err);
		return;
	}
	*ctr = (*ctr & ~I8042_CTR_AUXDIS) | I8042_CTR_AUXINT;
	pr_info("i8042: PS/2 mouse on IRQ %d\n", I8042_AUX_IRQ);
}

/* Bytes left in the output buffer from the firmware, or typed before we got here. */
static int i8042_flush(void)
{
	for (unsigned int i = 0; i < I8042_BUFFER_SIZE; i++) {
		if (!(inb(I8042_STATUS_REG) & I8042_STR_OBF))
			return 0;
		inb(I8042_DATA_REG);
		i8042.flushed++;
	}
	return -EIO;                    /* it keeps coming: a stuck controller */
}

static int i8042_init(void)
{
	static int i8042_dev;
	u8 ctr, reply;
	int err;

	if (inb(I8042_STATUS_REG) == I8042_STR_ABSENT) {
		pr_info("i8042: no controller\n");
		return 0;
	}
	/* Both ports off first, so that no device talks while we talk to the controller. */
	err = i8042_command(I8042_CMD_KBD_DISABLE, -1, NULL);
	if (!err)
		err = i8042_command(I8042_CMD_AUX_DISABLE, -1, NULL);
	if (!err)
		err = i8042_flush();
	if (!err)
		err = i8042_command(I8042_CMD_READ_CTR, -1, &ctr);
	if (err)
		goto fail;

	/* Interrupts off while the controller answers our commands: a reply that raised
	 * IRQ 1 would be queued as if it were a key. (QEMU holds IRQ 1 back while port 1 is
	 * disabled; not every controller does.) */
	ctr &= ~(I8042_CTR_KBDINT | I8042_CTR_AUXINT);
	err = i8042_command(I8042_CMD_WRITE_CTR, ctr, NULL);
	if (err)
		goto fail;

	/* The self-test leaves the command byte alone on QEMU 7.2 (checked: 0x71 before and
	 * after), but some real controllers reset themselves, so the byte is written again
	 * after the tests rather than trusted. */
	err = i8042_command(I8042_CMD_CTL_TEST, -1, &i8042.ctl_test);
	if (!err && i8042.ctl_test != I8042_CTL_TEST_OK)
		err = -EIO;
	if (!err)
		err = i8042_command(I8042_CMD_KBD_TEST, -1, &reply);
	if (!err && reply != I8042_KBD_TEST_OK)
		err = -EIO;
	if (err)
		goto fail;

	/* Keyboard interrupt on, translation kept, mouse port off (clock and IRQ 12) unless
	 * a mouse answers. The keyboard clock stays off until IRQ 1 has a handler. */
	ctr |= I8042_CTR_KBDINT | I8042_CTR_XLATE | I8042_CTR_AUXDIS | I8042_CTR_KBDDIS;
	ctr &= ~I8042_CTR_AUXINT;
	i8042_aux_init(&ctr);
	err = i8042_command(I8042_CMD_WRITE_CTR, ctr, NULL);
	if (err)
		goto fail;
	/* IRQF_SHARED, as Linux's i8042 asks: a module may watch the keyboard's line beside
	 * it (samples/keyboard_counter, the notes' keyboard counter). */
	err = request_irq(I8042_KBD_IRQ, i8042_interrupt, IRQF_SHARED, "i8042", &i8042_dev);
	if (err)
		goto fail;
	err = i8042_command(I8042_CMD_KBD_ENABLE, -1, NULL);
	if (err) {
		free_irq(I8042_KBD_IRQ, &i8042_dev);
		goto fail;
	}
	i8042.ctr = ctr & ~I8042_CTR_KBDDIS;    /* what ENABLE made of it */
	i8042.present = true;
	pr_info("i8042: PS/2 controller, keyboard on IRQ %d (command byte 0x%02x)\n",
		I8042_KBD_IRQ, i8042.ctr);
	return 0;
fail:
	pr_err("i8042: controller init failed (%d): no keyboard\n", err);
	return err;
}
device_initcall(i8042_init);

static int i8042_show(struct seq_file *m)
{
	if (!i8042.present) {
		seq_puts(m, "no i8042 controller\n");
		return 0;
	}
	seq_printf(m, "command byte:   0x%02x\n", i8042.ctr);
	seq_printf(m, "self-test:      0x%02x\n", i8042.ctl_test);
	seq_printf(m, "flushed:        %u\n", i8042.flushed);
	seq_printf(m, "queue size:     %u\n", kbd_queue.size);
	seq_printf(m, "queued now:     %u\n", i8042_kbd_queued());
	/* The ring's producer index counts every byte it ever took. */
	seq_printf(m, "queued total:   %u\n", READ_ONCE(kbd_queue.in));
	seq_printf(m, "dropped:        %u\n", i8042_kbd_dropped());
	seq_printf(m, "aux queued:     %u\n", READ_ONCE(aux_queue.in));
	seq_printf(m, "aux dropped:    %u\n", i8042_aux_dropped());
	return 0;
}
DEFINE_PROC_FILE(i8042, "/proc/i8042", i8042_show);
