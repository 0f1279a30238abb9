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
#define   I8042_STR_IBF         BIT(1)
#define I8042_COMMAND_REG       0x64
#define   I8042_CMD_WRITE_KBD_OBUF 0xd2

static inline bool controller_send_as_keyboard(u8 scancode)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(100);

	for (int i = 0; i < 2; i++) {
		while (inb(I8042_STATUS_REG) & I8042_STR_IBF)
			if (time_after(jiffies, deadline))
				return false;
		if (i == 0)
			outb(I8042_COMMAND_REG, I8042_CMD_WRITE_KBD_OBUF);
		else
			outb(I8042_DATA_REG, scancode);
	}
	return true;
}

static inline void drain_console(void)
{
	while (console_trygetc() >= 0)
		;
}

#endif
