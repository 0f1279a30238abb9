/* arch/x86/irqinit.c - init_IRQ(): which interrupt controller delivers device
 * interrupts, and setting it up.
 *
 * Intel SDM Vol. 3A, "Advanced Programmable Interrupt Controller (APIC)", section
 * "Presence of the Local APIC" (CPUID.01H:EDX[9]); ACPI Specification (6.x), section
 * "Multiple APIC Description Table (MADT)" (arch/x86/madt.c reads it).
 *
 * irqchip=apic|pic on the command line asks; APIC mode (the default) needs a local APIC
 * (CPUID) and an IOAPIC (the MADT). Without them the 8259 pair delivers, and the console
 * says why. Drivers never know: they call request_irq(n, ...) after this, whatever the
 * answer.
 */
#include <irqlab/cmdline.h>
#include <irqlab/init.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "acpi.h"
#include "cpu.h"
#include "ioapic.h"
#include "lapic.h"
#include "pic8259.h"

static void add_reason(char *why, size_t size, const char *reason)
{
	size_t n = strlen(why);

	snprintf(why + n, size - n, "%s%s", n ? "; " : "", reason);
}

static enum apic_intr_mode_id apic_intr_mode_select(void)
{
	char opt[8] = "", why[192] = "";

	if (cmdline_get(boot_command_line, "irqchip", opt, sizeof(opt)) >= 0 &&
	    strcmp(opt, "apic") != 0 && strcmp(opt, "pic") != 0)
		pr_warn("irqchip=%s: expected apic or pic; choosing as if it were absent\n", opt);
	if (strcmp(opt, "pic") == 0) {
		add_reason(why, sizeof(why), "irqchip=pic on the command line");
	} else {
		if (!boot_cpu_has(X86_FEATURE_APIC))
			add_reason(why, sizeof(why), "no local APIC (CPUID.01h:EDX[9] is 0)");
		if (acpi_error)
			add_reason(why, sizeof(why), acpi_error);
		else if (!acpi_madt.nr_ioapics)
			add_reason(why, sizeof(why), "the ACPI MADT lists no IOAPIC");
		if (!why[0] && (lapic_probe() < 0 || ioapic_probe() < 0))
			add_reason(why, sizeof(why), "the APIC registers cannot be used");
	}
	if (why[0]) {
		pr_info("irqchip: using the 8259 PIC (XT-PIC): %s\n", why);
		return APIC_PIC;
	}
	pr_info("irqchip: using the IO-APIC and the local APIC\n");
	return APIC_SYMMETRIC_IO;
}

static void apic_intr_mode_init(void)
{
	if (apic_intr_mode == APIC_SYMMETRIC_IO) {
		setup_local_APIC();
		setup_IO_APIC();
	} else {
		i8259_setup_irqs();
	}
}

void init_IRQ(void)
{
	/* The 8259s are initialised in both modes: in APIC mode they are left remapped
	 * and fully masked, so that a stray line cannot raise a vector below 0x20. */
	i8259_init();
	apic_intr_mode = apic_intr_mode_select();
	apic_intr_mode_init();
}
