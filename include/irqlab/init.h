/* include/irqlab/init.h - boot-time state everyone may read. */
#ifndef IRQLAB_INIT_H
#define IRQLAB_INIT_H

#include <irqlab/types.h>

#define COMMAND_LINE_SIZE 512

/* The bootloader's command line followed by QEMU's opt/irqlab/cmdline (setup_arch()). */
extern char boot_command_line[COMMAND_LINE_SIZE];

/* 'selftest' on the command line: the KTAP suites run instead of the shell. */
extern bool selftest_mode;

/* The boot steps, in start_kernel()'s order (kernel/main.c); all but the last run with
 * interrupts off. The arch steps are in arch/x86/setup.c, irqinit.c and time.c. */
__noreturn void start_kernel(void);
/* Command line, CPU tables (GDT, IDT), memory map, paging, page allocator, ACPI tables. */
void setup_arch(void);
/* The options that shape the boot itself ('quiet', 'selftest'); setup_arch() calls it
 * as soon as the command line is complete. */
void parse_early_param(void);
void arch_early_irq_init(void);         /* vector_irq[]: no vector bound to a line yet */
void early_irq_init(void);              /* the irq_desc table */
/* The 8259s, the choice of interrupt controller (irqchip=, CPUID, the MADT) and its
 * setup, after early_irq_init(). */
void init_IRQ(void);
/* The TSC's rate and the PIT tick, after init_IRQ(). */
void time_init(void);
/* With interrupts on: in APIC mode the timer's routing is proven and the LAPIC timer
 * takes over the tick. */
void late_time_init(void);

/* modules_load=a,b: load /lib/modules/a.ko and b.ko from the initramfs, after the
 * initcalls (kernel/module/modules_load.c). Process context, the boot thread. */
void modules_load_boot(void);

/* A driver's init function, run once at boot after the interrupt controllers and the
 * timer are up, with interrupts enabled (kernel/main.c). Process context. */
typedef int (*initcall_t)(void);
#define device_initcall(fn)                                                     \
	static initcall_t __initcall_##fn                                       \
	__attribute__((used, section("initcalls"), aligned(4))) = fn

#endif
