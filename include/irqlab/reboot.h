/* include/irqlab/reboot.h - restarting, powering off and halting the machine
 * (arch/x86/reboot.c). Each is called with the machine's work done: none returns. Process
 * context; they turn interrupts off themselves. */
#ifndef IRQLAB_REBOOT_H
#define IRQLAB_REBOOT_H

#include <irqlab/types.h>

/* Resets the machine, which then boots again from its firmware. cmd is for the
 * architecture (unused on x86). */
__noreturn void machine_restart(const char *cmd);
/* ACPI S5 where the firmware describes it; else says why, ends a QEMU run through its
 * debug-exit device if there is one, and otherwise halts (machine_halt). */
__noreturn void machine_power_off(void);
/* Stops the CPU for good with interrupts off. */
__noreturn void machine_halt(void);

#endif
