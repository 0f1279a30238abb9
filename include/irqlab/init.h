/* include/irqlab/init.h - boot-time state everyone may read. */
#ifndef IRQLAB_INIT_H
#define IRQLAB_INIT_H

#include <irqlab/types.h>

#define COMMAND_LINE_SIZE 512

/* The bootloader's command line followed by QEMU's opt/irqlab/cmdline (kernel/main.c). */
extern char boot_command_line[COMMAND_LINE_SIZE];

/* 'selftest' on the command line: the KTAP suites run instead of the shell. */
extern bool selftest_mode;

/* A driver's init function, run once at boot after the interrupt controllers and the
 * timer are up, with interrupts enabled (kernel/main.c). Process context. */
typedef int (*initcall_t)(void);
#define device_initcall(fn)                                                     \
	static initcall_t __initcall_##fn                                       \
	__attribute__((used, section("initcalls"), aligned(4))) = fn

#endif
