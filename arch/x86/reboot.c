/* arch/x86/reboot.c - restarting, powering off and halting the machine.
 *
 * IBM Personal System/2 Hardware Interface Technical Reference, "Keyboard and Auxiliary
 * Device Controller", section "Commands (I/O Address Hex 64)" (command FE: pulse the
 * CPU's reset line); Intel SDM Vol. 3A, "Interrupt and Exception Handling", section
 * "Interrupt 8 - Double Fault Exception (#DF)" (a fault while delivering #DF is a triple
 * fault: the processor shuts down, which a PC turns into a reset); for power-off, the
 * ACPI S5 state (drivers/acpi/sleep.c).
 *
 * Each way is tried in order, from the one that is a real reset of the board to the one
 * that only works because the chipset resets a shut-down CPU, and each failure is said
 * on the console before the next is tried.
 */
#include <irqlab/acpi.h>
#include <irqlab/irqflags.h>
#include <irqlab/printk.h>
#include <irqlab/reboot.h>
#include <irqlab/timer.h>
#include "cpu.h"
#include "drivers/input/i8042.h"
#include "drivers/misc/qemu_exit.h"

#define RESET_WAIT_MS           100     /* for the reset line to act before the next way */

/* With an IDT of limit 0 every vector is beyond it: the int3 raises #GP, delivering it
 * raises #DF, and delivering that shuts the CPU down. */
static __noreturn void triple_fault(void)
{
	struct { u16 limit; u32 base; } __packed no_idt = { 0, 0 };

	__asm__ __volatile__("lidt %0; int3" :: "m"(no_idt));
	halt_forever();
}

void machine_restart(const char *cmd)
{
	int err;

	(void)cmd;
	local_irq_disable();
	pr_emerg("reboot: resetting through the keyboard controller\n");
	err = i8042_command(I8042_CMD_PULSE_RESET, -1, NULL);
	if (!err)
		mdelay(RESET_WAIT_MS);
	pr_emerg("reboot: the keyboard controller did not reset the machine (%s); "
		 "forcing a triple fault\n", err ? "it takes no commands" : "it took the command");
	triple_fault();
}

void machine_halt(void)
{
	local_irq_disable();
	pr_emerg("reboot: System halted. It is safe to switch off.\n");
	halt_forever();
}

void machine_power_off(void)
{
	local_irq_disable();
	acpi_power_off();
	pr_emerg("poweroff: no ACPI power-off here (%s); halting\n", acpi_s5_error);
	/* Under QEMU the debug-exit device, where the machine has one, ends the run. */
	qemu_exit_if_present(QEMU_EXIT_PASS);
	machine_halt();
}
