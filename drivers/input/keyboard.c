/* drivers/input/keyboard.c - the PS/2 keyboard's bottom half: from queued scancodes to the
 * console's input.
 *
 * The top half (i8042_interrupt in drivers/input/i8042.c) only queues each byte.
 * kbd_process_scancodes() takes them out, decodes them (drivers/input/scancode.c) and hands the
 * characters to the console, where the shell reads them.
 *
 * It runs as a tasklet: the top half schedules keyboard_tasklet after queueing the
 * byte, and the tasklet runs on the interrupt's way out (irq_exit, TASKLET_SOFTIRQ), with
 * interrupts on, in softirq context - the canonical top half / bottom half split. A burst
 * of scancodes before the tasklet runs schedules it once (TASKLET_STATE_SCHED) and it
 * decodes them all.
 */
#include <irqlab/console.h>
#include <irqlab/init.h>
#include <irqlab/interrupt.h>
#include <irqlab/keyboard.h>
#include <irqlab/scancode.h>
#include <irqlab/seq_file.h>
#include <irqlab/tasklet.h>
#include <irqlab/time.h>
#include "drivers/input/i8042.h"

/* Losses are reported at most this often; the message carries the count since the last. */
#define KBD_LOST_REPORT_INTERVAL        (5 * HZ)

static struct kbd_state kbd;
static u32 lost_reported;
static unsigned long lost_next_report;

/* Hardware noise is reported rate-limited: a full queue during a flood would
 * otherwise print once per key. */
static void kbd_report_lost(void)
{
	u32 dropped = i8042_kbd_dropped();

	if (dropped == lost_reported || time_before(jiffies, lost_next_report))
		return;
	pr_warn("keyboard: %u scancodes lost, the i8042 queue was full (%u since boot); "
		"a modifier may stay held until pressed again\n",
		dropped - lost_reported, dropped);
	lost_reported = dropped;
	lost_next_report = jiffies + KBD_LOST_REPORT_INTERVAL;
}

void kbd_process_scancodes(void)
{
	char out[SCANCODE_MAX_OUT];
	unsigned long flags;
	u8 scancode;

	while (i8042_kbd_dequeue(&scancode)) {
		int n = kbd_decode_scancode(&kbd, scancode, out);

		/* COM1's interrupt also feeds the console queue, which takes one producer at
		 * a time: keep it out while this key's bytes go in, so they stay together. */
		local_irq_save(flags);
		for (int i = 0; i < n; i++)
			console_input_char(out[i]);
		local_irq_restore(flags);
	}
	kbd_report_lost();
}

static void keyboard_tasklet_fn(struct tasklet_struct *t)
{
	(void)t;
	kbd_process_scancodes();
}

DECLARE_TASKLET(keyboard_tasklet, keyboard_tasklet_fn);

static int keyboard_init(void)
{
	kbd_state_init(&kbd);
	return 0;
}
device_initcall(keyboard_init);

/* "up", or "down" and which of the two keys: "down (left)", "down (left, right)". */
static void show_modifier(struct seq_file *m, const char *label, unsigned int left,
			  unsigned int right)
{
	bool l = kbd.mods & left, r = kbd.mods & right;

	if (!l && !r) {
		seq_printf(m, "%-10sup\n", label);
		return;
	}
	seq_printf(m, "%-10sdown (%s%s%s)\n", label, l ? "left" : "", l && r ? ", " : "",
		   r ? "right" : "");
}

static int keyboard_show(struct seq_file *m)
{
	show_modifier(m, "shift:", KBD_MOD_LSHIFT, KBD_MOD_RSHIFT);
	show_modifier(m, "ctrl:", KBD_MOD_LCTRL, KBD_MOD_RCTRL);
	show_modifier(m, "alt:", KBD_MOD_LALT, KBD_MOD_RALT);
	seq_printf(m, "capslock: %s\n", kbd.locks & KBD_LOCK_CAPS ? "on" : "off");
	seq_printf(m, "numlock:  %s\n", kbd.locks & KBD_LOCK_NUM ? "on" : "off");
	seq_printf(m, "unknown:  %u\n", kbd.unknown);
	seq_printf(m, "lost:     %u\n", i8042_kbd_dropped());
	return 0;
}
DEFINE_PROC_FILE(keyboard, "/proc/keyboard", keyboard_show);
