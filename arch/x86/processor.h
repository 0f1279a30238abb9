/* arch/x86/processor.h - what each CPU says about itself through CPUID.
 *
 * Intel SDM Vol. 2A, instruction "CPUID": leaf 0 (vendor, highest leaf), leaf 1 (version
 * information, initial APIC ID, feature flags), leaves 80000000h-80000004h (highest
 * extended leaf, extended feature flags, the processor brand string). */
#ifndef ARCH_X86_PROCESSOR_H
#define ARCH_X86_PROCESSOR_H

#include <irqlab/percpu.h>

/* Linux's capability words, in the order /proc/cpuinfo lists their flags. */
enum cpuid_word {
	CPUID_1_EDX,
	CPUID_8000_0001_EDX,
	CPUID_1_ECX,
	CPUID_8000_0001_ECX,
	NCAPINTS
};

struct cpuinfo_x86 {
	char x86_vendor_id[16];
	char x86_model_id[64];          /* the brand string; empty without one */
	int cpuid_level;                /* highest standard leaf; -1: no CPUID */
	u8 x86;                         /* family */
	u8 x86_model;
	u8 x86_stepping;
	u8 apicid;                      /* the LAPIC's ID register (in APIC mode) */
	u8 initial_apicid;              /* CPUID.01h:EBX[31:24] */
	u32 x86_capability[NCAPINTS];
};

/* Each CPU's own, filled in by that CPU (identify_cpu()). */
DECLARE_PER_CPU(struct cpuinfo_x86, cpu_info);

/* Reads this CPU's CPUID into its cpu_info. apicid: its LAPIC's ID, if it has one in
 * use, else pass the initial APIC ID back (-1). Boot, each CPU once. */
void identify_cpu(int apicid);

#endif
