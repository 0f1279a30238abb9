/* kernel/tests/ktest_kbd.h - typing from inside the kernel, for the tests: the i8042's
 * "write keyboard output buffer" command (0xD2) makes the controller present a byte as if
 * the keyboard had sent it, with a real IRQ 1. */
#ifndef KERNEL_TESTS_KTEST_KBD_H
#define KERNEL_TESTS_KTEST_KBD_H

#include <irqlab/console.h>
#include <irqlab/time.h>
#include "arch/x86/io.h"

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

static inline void drain_console(void)
{
	while (console_trygetc() >= 0)
		;
}

#endif
