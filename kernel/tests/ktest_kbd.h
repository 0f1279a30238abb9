/* kernel/tests/ktest_kbd.h - typing from inside the kernel, for the tests: the i8042's
 * "write keyboard output buffer" command (0xD2) makes the controller present a byte as if
 * the keyboard had sent it, with a real IRQ 1. A controller without the command is found
 * by trying it (ktest_kbd_cannot_type). */
#ifndef KERNEL_TESTS_KTEST_KBD_H
#define KERNEL_TESTS_KTEST_KBD_H

#include <irqlab/console.h>
#include <irqlab/keyboard.h>
#include <irqlab/tasklet.h>
#include <irqlab/time.h>
#include <irqlab/vsprintf.h>
#include "arch/x86/io.h"
#include "drivers/input/i8042.h"

#define I8042_DATA_REG          0x60
#define I8042_STATUS_REG        0x64
#define   I8042_STR_OBF         BIT(0)
#define   I8042_STR_IBF         BIT(1)
#define I8042_COMMAND_REG       0x64
#define   I8042_CMD_WRITE_KBD_OBUF 0xd2

/* Until none of the status bits in mask is set, or the deadline passes (false). */
static inline bool i8042_wait_clear(u8 mask, unsigned long deadline)
{
	while (inb(I8042_STATUS_REG) & mask)
		if (time_after(jiffies, deadline))
			return false;
	return true;
}

/* The i8042 protocol: a command or data byte only when the input buffer is empty (IBF
 * clear), and 0xD2 only when the output buffer is empty too (OBF clear: IRQ 1's handler
 * has read the byte injected before). The controller has one output byte; a real one
 * loses what 0xD2 writes over an unread byte. Interrupts must be on. */
static inline bool controller_send_as_keyboard(u8 scancode)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(100);

	if (!i8042_wait_clear(I8042_STR_IBF | I8042_STR_OBF, deadline))
		return false;
	outb(I8042_COMMAND_REG, I8042_CMD_WRITE_KBD_OBUF);
	if (!i8042_wait_clear(I8042_STR_IBF, deadline))
		return false;
	outb(I8042_DATA_REG, scancode);
	return true;
}

/* Can the tests type? Not every controller carries out 0xD2: the PC/AT's 8042 had no
 * such command, and a controller without it passes the data byte on to the keyboard as
 * a command, which answers with a byte of its own (0xFA, acknowledge, or 0xFE, resend).
 * So one byte is typed with the keyboard's tasklet held off, and what IRQ 1's top half
 * queued is compared with it. NULL if it came back; otherwise why the tests cannot type,
 * saying what came, for a case's skip. The byte, Esc's break code, would decode to
 * nothing. Process context, interrupts on, IRQ 1's driver installed. */
#define KTEST_KBD_PROBE_BYTE    0x81

static inline const char *ktest_kbd_cannot_type(void)
{
	static char reason[160];
	unsigned long deadline = jiffies + msecs_to_jiffies(100);
	bool sent, came = false;
	u8 got = 0, extra;

	tasklet_disable(&keyboard_tasklet);
	while (i8042_kbd_dequeue(&extra))
		;
	sent = controller_send_as_keyboard(KTEST_KBD_PROBE_BYTE);
	while (sent && !(came = i8042_kbd_dequeue(&got)) && !time_after(jiffies, deadline))
		;
	while (i8042_kbd_dequeue(&extra))
		;
	tasklet_enable(&keyboard_tasklet);
	if (came && got == KTEST_KBD_PROBE_BYTE)
		return NULL;
	if (!sent)
		snprintf(reason, sizeof(reason), "the i8042's buffers never emptied: no byte "
			 "could be written to it");
	else if (came)
		snprintf(reason, sizeof(reason), "the i8042 does not carry out command 0xd2 "
			 "(write keyboard output buffer): 0x%02x written, 0x%02x came on IRQ 1",
			 KTEST_KBD_PROBE_BYTE, got);
	else
		snprintf(reason, sizeof(reason), "the i8042 raised no IRQ 1 within 100 ms of "
			 "command 0xd2 (write keyboard output buffer)");
	return reason;
}

static inline void drain_console(void)
{
	while (console_trygetc() >= 0)
		;
}

#endif
