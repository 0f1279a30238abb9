/* arch/x86/cpu.h - CPU control: EFLAGS, control registers, CPUID, MSRs, TSC, HLT.
 *
 * Intel SDM Vol. 3A, "System Architecture Overview" (EFLAGS, CR0-CR4) and Vol. 2
 * instruction pages (CPUID, RDMSR/WRMSR, RDTSC). */
#ifndef ARCH_X86_CPU_H
#define ARCH_X86_CPU_H

#include <irqlab/types.h>

#define EFLAGS_CF       BIT(0)
#define EFLAGS_RESERVED BIT(1)          /* always 1 */
#define EFLAGS_TF       BIT(8)          /* single-step trap */
#define EFLAGS_IF       BIT(9)          /* maskable interrupts enabled */
#define EFLAGS_DF       BIT(10)
#define EFLAGS_NT       BIT(14)         /* nested task: set after a task-gate switch */
#define EFLAGS_ID       BIT(21)         /* writable iff the CPU has CPUID */

#define CR0_PE          BIT(0)
#define CR0_WP          BIT(16)         /* ring 0 honours read-only pages too */
#define CR0_PG          BIT(31)
#define CR4_PSE         BIT(4)

static inline u32 read_eflags(void)
{
	u32 f;
	__asm__ __volatile__("pushfl; popl %0" : "=r"(f));
	return f;
}

static inline u32 read_cr0(void) { u32 v; __asm__ __volatile__("mov %%cr0, %0" : "=r"(v)); return v; }
static inline u32 read_cr2(void) { u32 v; __asm__ __volatile__("mov %%cr2, %0" : "=r"(v)); return v; }
static inline u32 read_cr3(void) { u32 v; __asm__ __volatile__("mov %%cr3, %0" : "=r"(v)); return v; }
static inline u32 read_cr4(void) { u32 v; __asm__ __volatile__("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr0(u32 v) { __asm__ __volatile__("mov %0, %%cr0" :: "r"(v) : "memory"); }
static inline void write_cr3(u32 v) { __asm__ __volatile__("mov %0, %%cr3" :: "r"(v) : "memory"); }
static inline void write_cr4(u32 v) { __asm__ __volatile__("mov %0, %%cr4" :: "r"(v) : "memory"); }

static inline void invlpg(uintptr_t addr)
{
	__asm__ __volatile__("invlpg (%0)" :: "r"(addr) : "memory");
}

/* The raw instructions; code outside arch/ uses local_irq_*() (include/irqlab/irqflags.h). */
static inline void native_irq_disable(void) { __asm__ __volatile__("cli" ::: "memory"); }
static inline void native_irq_enable(void)  { __asm__ __volatile__("sti" ::: "memory"); }
static inline void native_halt(void)        { __asm__ __volatile__("hlt" ::: "memory"); }
/* STI's one-instruction interrupt shadow makes "sti; hlt" atomic: an interrupt that
 * arrives between them still wakes the HLT instead of being taken before it. */
static inline void native_safe_halt(void)   { __asm__ __volatile__("sti; hlt" ::: "memory"); }

/* In every spin-wait loop. PAUSE (REP NOP) tells the CPU it is one, which saves power
 * and the pipeline flush when the wait ends; before the Pentium 4 it is a plain NOP. */
static inline void cpu_relax(void)  { __asm__ __volatile__("rep; nop" ::: "memory"); }

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ __volatile__("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

/* CPUID exists when software can flip EFLAGS.ID (SDM Vol. 1, "Identification of
 * Earlier IA-32 Processors"); an early 486 has no CPUID at all. */
static inline bool cpu_has_cpuid(void)
{
	u32 before, after;

	__asm__ __volatile__("pushfl; popl %0; movl %0, %1; xorl %2, %1; pushl %1; popfl;"
			     "pushfl; popl %1; pushl %0; popfl"
			     : "=&r"(before), "=&r"(after) : "i"(EFLAGS_ID));
	return (before ^ after) & EFLAGS_ID;
}

/* CPUID.01h:EDX feature flags (SDM Vol. 2A, CPUID, "Feature Information Returned in the
 * EDX Register"): what may be used before touching it. */
#define X86_FEATURE_TSC         BIT(4)  /* RDTSC */
#define X86_FEATURE_MSR         BIT(5)  /* RDMSR/WRMSR */
#define X86_FEATURE_APIC        BIT(9)  /* an enabled local APIC */

static inline bool boot_cpu_has(u32 feature)
{
	u32 max_leaf, a, b, c, d;

	if (!cpu_has_cpuid())
		return false;
	cpuid(0, &max_leaf, &b, &c, &d);
	if (max_leaf < 1)
		return false;
	cpuid(1, &a, &b, &c, &d);
	return (d & feature) == feature;
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ __volatile__("wrmsr" :: "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}

/* Only on CPUs with X86_FEATURE_TSC (not QEMU's 486): check before calling. */
static inline u64 rdtsc(void)
{
	u32 lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline __noreturn void halt_forever(void)
{
	for (;;) {
		native_irq_disable();
		native_halt();
	}
}

#endif
