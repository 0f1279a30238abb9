/* arch/x86/cpuinfo.c - each CPU's identity from CPUID, and /proc/cpuinfo.
 *
 * Intel SDM Vol. 2A, instruction "CPUID": "Basic CPUID Information" (leaf 0: vendor
 * string; leaf 1: "Version Information" with family, model and stepping, and the
 * "Feature Information" flags in EDX and ECX), "Extended Function CPUID Information"
 * (leaf 80000001h flags, leaves 80000002h-80000004h the brand string).
 *
 * /proc/cpuinfo is Linux's layout, with the fields irqlab knows: one block per online
 * CPU, each line "name<TAB>: value", flags with Linux's names in Linux's order.
 */
#include <irqlab/seq_file.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include "cpu.h"
#include "processor.h"

DEFINE_PER_CPU(struct cpuinfo_x86, cpu_info);

#define CPUID_EXT_BASE          0x80000000u
#define CPUID_EXT_FEATURES      0x80000001u
#define CPUID_BRAND_FIRST       0x80000002u
#define CPUID_BRAND_LAST        0x80000004u

/* Linux's flag names (arch/x86 cpufeatures), NULL where Linux shows none. */
static const char *const x86_cap_flags[NCAPINTS][32] = {
	[CPUID_1_EDX] = {
		"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce",
		"cx8", "apic", NULL, "sep", "mtrr", "pge", "mca", "cmov",
		"pat", "pse36", "pn", "clflush", NULL, "dts", "acpi", "mmx",
		"fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
	},
	[CPUID_8000_0001_EDX] = {
		[11] = "syscall", [19] = "mp", [20] = "nx", [22] = "mmxext",
		[25] = "fxsr_opt", [26] = "pdpe1gb", [27] = "rdtscp", [29] = "lm",
		[30] = "3dnowext", [31] = "3dnow",
	},
	[CPUID_1_ECX] = {
		"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est",
		"tm2", "ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm",
		NULL, "pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt",
		"tsc_deadline_timer", "aes", "xsave", NULL, "avx", "f16c", "rdrand",
		"hypervisor",
	},
	[CPUID_8000_0001_ECX] = {
		"lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm", "sse4a",
		"misalignsse", "3dnowprefetch", "osvw", "ibs", "xop", "skinit", "wdt",
		NULL, "lwp", "fma4", "tce", NULL, "nodeid_msr", NULL, "tbm", "topoext",
		"perfctr_core", "perfctr_nb", NULL, "bpext", "ptsc", "perfctr_llc", "mwaitx",
	},
};

static void identify_brand(struct cpuinfo_x86 *c)
{
	u32 max_ext, b, cx, d, *out = (u32 *)c->x86_model_id;
	const char *p;

	cpuid(CPUID_EXT_BASE, &max_ext, &b, &cx, &d);
	if (max_ext < CPUID_EXT_BASE || max_ext > CPUID_EXT_BASE + 0xffff)
		return;                 /* no extended leaves: a value from leaf 0's range */
	cpuid(CPUID_EXT_FEATURES, &b, &b, &c->x86_capability[CPUID_8000_0001_ECX],
	      &c->x86_capability[CPUID_8000_0001_EDX]);
	if (max_ext < CPUID_BRAND_LAST)
		return;
	for (u32 leaf = CPUID_BRAND_FIRST; leaf <= CPUID_BRAND_LAST; leaf++, out += 4)
		cpuid(leaf, &out[0], &out[1], &out[2], &out[3]);
	c->x86_model_id[sizeof(c->x86_model_id) - 1] = '\0';
	/* Intel right-justifies the string; Linux shows it without the leading blanks. */
	for (p = c->x86_model_id; *p == ' '; p++)
		;
	memmove(c->x86_model_id, p, strlen(p) + 1);
}

void identify_cpu(int apicid)
{
	struct cpuinfo_x86 *c = this_cpu_ptr(&cpu_info);
	u32 max_leaf, a, b, cx, d;

	memset(c, 0, sizeof(*c));
	c->cpuid_level = -1;
	strlcpy(c->x86_vendor_id, "unknown", sizeof(c->x86_vendor_id));
	if (cpu_has_cpuid()) {
		cpuid(0, &max_leaf, &b, &cx, &d);
		c->cpuid_level = (int)max_leaf;
		memcpy(c->x86_vendor_id, &b, 4);        /* "GenuineIntel": EBX, EDX, ECX */
		memcpy(c->x86_vendor_id + 4, &d, 4);
		memcpy(c->x86_vendor_id + 8, &cx, 4);
		c->x86_vendor_id[12] = '\0';
	}
	if (c->cpuid_level >= 1) {
		cpuid(1, &a, &b, &c->x86_capability[CPUID_1_ECX],
		      &c->x86_capability[CPUID_1_EDX]);
		/* "Version Information": the extended fields count only where the SDM says. */
		c->x86 = (a >> 8) & 0xf;
		c->x86_model = (a >> 4) & 0xf;
		c->x86_stepping = a & 0xf;
		if (c->x86 == 0xf)
			c->x86 += (a >> 20) & 0xff;
		if (c->x86 >= 6)
			c->x86_model += ((a >> 16) & 0xf) << 4;
		c->initial_apicid = b >> 24;
		identify_brand(c);
	}
	c->apicid = apicid < 0 ? c->initial_apicid : (u8)apicid;
}

static void show_cpu(struct seq_file *m, unsigned int cpu)
{
	const struct cpuinfo_x86 *c = per_cpu_ptr(&cpu_info, cpu);

	seq_printf(m, "processor\t: %u\n", cpu);
	seq_printf(m, "vendor_id\t: %s\n", c->x86_vendor_id);
	seq_printf(m, "cpu family\t: %u\n", c->x86);
	seq_printf(m, "model\t\t: %u\n", c->x86_model);
	seq_printf(m, "model name\t: %s\n", c->x86_model_id[0] ? c->x86_model_id : "unknown");
	if (c->cpuid_level >= 0)
		seq_printf(m, "stepping\t: %u\n", c->x86_stepping);
	else
		seq_puts(m, "stepping\t: unknown\n");
	if (tsc_khz)
		seq_printf(m, "cpu MHz\t\t: %u.%03u\n", tsc_khz / 1000, tsc_khz % 1000);
	seq_printf(m, "apicid\t\t: %u\n", c->apicid);
	seq_printf(m, "initial apicid\t: %u\n", c->initial_apicid);
	seq_printf(m, "cpuid level\t: %d\n", c->cpuid_level);
	seq_puts(m, "flags\t\t:");
	for (unsigned int w = 0; w < NCAPINTS; w++)
		for (unsigned int bit = 0; bit < 32; bit++)
			if ((c->x86_capability[w] & BIT(bit)) && x86_cap_flags[w][bit])
				seq_printf(m, " %s", x86_cap_flags[w][bit]);
	seq_puts(m, "\n\n");
}

static int show_cpuinfo(struct seq_file *m)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		show_cpu(m, cpu);
	return 0;
}
DEFINE_PROC_FILE(cpuinfo, "/proc/cpuinfo", show_cpuinfo);
