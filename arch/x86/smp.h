/* arch/x86/smp.h - what smpboot.c keeps of each CPU's bring-up. */
#ifndef ARCH_X86_SMP_H
#define ARCH_X86_SMP_H

#include <irqlab/percpu.h>

/* What a CPU read of itself through its own per-CPU segment as it came up: right when
 * cpu is its number, this_cpu_off its __per_cpu_offset[], self its own copy's address. */
struct cpu_boot_check {
	unsigned int cpu;
	unsigned long this_cpu_off;
	const struct cpu_boot_check *self;
	u8 apicid;
};
DECLARE_PER_CPU(struct cpu_boot_check, cpu_boot_check);

/* Starts the AP with that APIC ID as the next CPU number, waiting up to timeout_ms for
 * it to come online. 0, or -errno after saying why (-ETIMEDOUT: it did not report; it is
 * put back into INIT and left out, its number stays used). APIC mode, after smp_init():
 * the boot uses it for every MADT processor; the tests for one that is not there.
 * Process context. */
int smp_boot_one(u8 apicid, unsigned int timeout_ms);

#endif
