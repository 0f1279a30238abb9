/* drivers/input/psmouse.c - the PS/2 mouse: its commands, and the bottom half that turns
 * IRQ 12's bytes into packets.
 *
 * IBM PS/2 Mouse Technical Reference, "Commands" (Reset, Set Defaults, Enable) and
 * "Data Report" (the 3-byte packet, <irqlab/psmouse.h>). Each command byte goes through
 * the controller's "write to auxiliary device" (drivers/input/i8042.c), and the mouse
 * answers ACK before anything else.
 *
 * The top half (i8042_aux_interrupt, IRQ 12) only queues each byte and schedules
 * psmouse_tasklet; the tasklet decodes the packets (psmouse_packet.c), keeps the totals
 * and logs each packet for `cat /dev/input/mice`, a text view of the packets Linux's
 * /dev/input/mice hands to programs as raw bytes.
 */
#include <irqlab/errno.h>
#include <irqlab/irqdesc.h>
#include <irqlab/psmouse.h>
#include <irqlab/seq_file.h>
#include <irqlab/spinlock.h>
#include "kernel/shell/shell.h"
#include "i8042.h"
#include "psmouse.h"

#define PSMOUSE_CMD_ENABLE      0xf4    /* data reporting on (stream mode) */
#define PSMOUSE_CMD_RESET_DIS   0xf6    /* set defaults: 100 samples/s, 4 counts/mm, off */
#define PSMOUSE_CMD_RESET_BAT   0xff    /* reset and self-test; replies BAT and the ID */
#define PSMOUSE_RET_ACK         0xfa
#define PSMOUSE_RET_BAT         0xaa    /* self-test passed */
#define PSMOUSE_RET_ID          0x00    /* a standard PS/2 mouse, no wheel */
#define PSMOUSE_LOG_SIZE        128     /* packets kept for /dev/input/mice */

/* The decoder, the totals and the log. Lock: psmouse_lock; the tasklet writes, the shell
 * reads. The decoder itself is the tasklet's alone (one consumer of the queue). */
static DEFINE_SPINLOCK(psmouse_lock);
static struct psmouse_state decoder;
static struct {
	bool present;
	long x, y;                      /* the sums of dx and dy since boot */
	u8 buttons;                     /* as the last packet had them */
	u32 presses[3];                 /* left, right, middle: button-down transitions */
	u32 overflows;
	u32 lost_seen;                  /* i8042_aux_dropped() when the tasklet last looked */
	struct psmouse_packet log[PSMOUSE_LOG_SIZE];
	u32 logged;                     /* packets ever logged; log[logged % SIZE] is next */
	u32 read;                       /* packets ever shown by /dev/input/mice */
} mouse;

/* One command byte, then its ACK, then the nreply bytes it answers with. */
static int psmouse_command(u8 cmd, u8 *reply, unsigned int nreply)
{
	u8 ack;
	int err = i8042_aux_write(cmd);

	if (!err)
		err = i8042_aux_read(&ack);
	if (!err && ack != PSMOUSE_RET_ACK)
		err = -EIO;
	for (unsigned int i = 0; !err && i < nreply; i++)
		err = i8042_aux_read(&reply[i]);
	return err;
}

int psmouse_probe(void)
{
	u8 bat[2];
	int err = psmouse_command(PSMOUSE_CMD_RESET_BAT, bat, 2);

	if (!err && (bat[0] != PSMOUSE_RET_BAT || bat[1] != PSMOUSE_RET_ID))
		err = -ENODEV;
	if (!err)
		err = psmouse_command(PSMOUSE_CMD_RESET_DIS, NULL, 0);
	if (!err)
		err = psmouse_command(PSMOUSE_CMD_ENABLE, NULL, 0);
	psmouse_state_init(&decoder);
	mouse.present = !err;
	return err;
}

/* Under psmouse_lock. */
static void psmouse_account(const struct psmouse_packet *p)
{
	u8 pressed = p->buttons & ~mouse.buttons;

	mouse.x += p->dx;
	mouse.y += p->dy;
	for (unsigned int b = 0; b < 3; b++)
		if (pressed & BIT(b))
			mouse.presses[b]++;
	mouse.buttons = p->buttons;
	mouse.overflows += p->overflow;
	mouse.log[mouse.logged++ % PSMOUSE_LOG_SIZE] = *p;
}

/* Softirq context. A full queue in the top half lost bytes we cannot place: the packet
 * under way is dropped and the decoder looks for a first byte again. */
static void psmouse_tasklet_fn(struct tasklet_struct *t)
{
	struct psmouse_packet p;
	unsigned long flags;
	u8 byte;

	(void)t;
	while (i8042_aux_dequeue(&byte)) {
		u32 lost = i8042_aux_dropped();

		spin_lock_irqsave(&psmouse_lock, flags);
		if (lost != mouse.lost_seen) {
			mouse.lost_seen = lost;
			psmouse_resync(&decoder);
		}
		if (psmouse_decode_byte(&decoder, byte, &p))
			psmouse_account(&p);
		spin_unlock_irqrestore(&psmouse_lock, flags);
	}
}
DECLARE_TASKLET(psmouse_tasklet, psmouse_tasklet_fn);

static void show_buttons(struct seq_file *m, u8 buttons)
{
	seq_printf(m, "%c%c%c", buttons & PSMOUSE_LEFT ? 'L' : '-',
		   buttons & PSMOUSE_MIDDLE ? 'M' : '-', buttons & PSMOUSE_RIGHT ? 'R' : '-');
}

/* The packets decoded since the last read, one a line, oldest first: reading consumes
 * them, as reading a character device does. */
static int mice_show(struct seq_file *m)
{
	unsigned long flags;

	spin_lock_irqsave(&psmouse_lock, flags);
	if (mouse.logged - mouse.read > PSMOUSE_LOG_SIZE) {
		seq_printf(m, "(%u packets overwritten before this read)\n",
			   mouse.logged - mouse.read - PSMOUSE_LOG_SIZE);
		mouse.read = mouse.logged - PSMOUSE_LOG_SIZE;
	}
	for (; mouse.read != mouse.logged; mouse.read++) {
		const struct psmouse_packet *p = &mouse.log[mouse.read % PSMOUSE_LOG_SIZE];

		seq_printf(m, "packet %u: %02x %02x %02x  buttons ", mouse.read + 1,
			   p->raw[0], p->raw[1], p->raw[2]);
		show_buttons(m, p->buttons);
		seq_printf(m, "  dx %+d dy %+d%s\n", p->dx, p->dy,
			   p->overflow ? "  overflow" : "");
	}
	spin_unlock_irqrestore(&psmouse_lock, flags);
	return 0;
}
DEFINE_PROC_FILE(mice, "/dev/input/mice", mice_show);

static int cmd_mouse(int argc, char **argv)
{
	struct psmouse_state d;
	unsigned long flags;
	long x, y;
	u8 buttons;
	u32 presses[3], overflows, lost, irqs = 0;

	(void)argv;
	if (argc != 1)
		return shell_usage("mouse");
	if (!mouse.present) {
		kprintf("mouse: no PS/2 mouse on the i8042's auxiliary port\n");
		return -ENODEV;
	}
	spin_lock_irqsave(&psmouse_lock, flags);
	d = decoder;
	x = mouse.x;
	y = mouse.y;
	buttons = mouse.buttons;
	for (unsigned int b = 0; b < 3; b++)
		presses[b] = mouse.presses[b];
	overflows = mouse.overflows;
	lost = mouse.lost_seen;
	spin_unlock_irqrestore(&psmouse_lock, flags);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		irqs += kstat_irqs_cpu(I8042_AUX_IRQ, cpu);

	kprintf("position  x %+ld y %+ld (y grows upwards)\nbuttons   %c%c%c   presses L %u M %u R %u\n",
		x, y, buttons & PSMOUSE_LEFT ? 'L' : '-', buttons & PSMOUSE_MIDDLE ? 'M' : '-',
		buttons & PSMOUSE_RIGHT ? 'R' : '-', presses[0], presses[2], presses[1]);
	kprintf("packets   %u   overflows %u   out of sync %u   resyncs %u   bytes lost %u\n",
		d.packets, overflows, d.out_of_sync, d.resyncs, lost);
	kprintf("IRQ %d     %u interrupts, one per byte\n", I8042_AUX_IRQ, irqs);
	return 0;
}
SHELL_CMD(mouse, "", "the PS/2 mouse: position, buttons, packets (each one: cat /dev/input/mice)",
	  cmd_mouse);
