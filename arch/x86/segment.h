/* arch/x86/segment.h - irqlab's GDT layout and segment selectors.
 *
 * Intel SDM Vol. 3A, "Protected-Mode Memory Management", section "Segment Selectors":
 * a selector is (GDT index << 3) | table indicator | requested privilege level. */
#ifndef ARCH_X86_SEGMENT_H
#define ARCH_X86_SEGMENT_H

#define GDT_ENTRY_NULL          0
#define GDT_ENTRY_KERNEL_CS     1
#define GDT_ENTRY_KERNEL_DS     2
#define GDT_ENTRY_TSS           3   /* the TSS the CPU saves into on a task switch */
#define GDT_ENTRY_DOUBLEFAULT_TSS 4 /* the task the #DF task gate switches to */
#define GDT_ENTRY_PERCPU        5   /* FS: base = this CPU's per-CPU offset (percpu.h) */
#define GDT_ENTRIES             6

#define __KERNEL_CS             (GDT_ENTRY_KERNEL_CS * 8)
#define __KERNEL_DS             (GDT_ENTRY_KERNEL_DS * 8)
#define __TSS                   (GDT_ENTRY_TSS * 8)
#define __DOUBLEFAULT_TSS       (GDT_ENTRY_DOUBLEFAULT_TSS * 8)
#define __KERNEL_PERCPU         (GDT_ENTRY_PERCPU * 8)

#ifndef __ASSEMBLER__
#include <irqlab/percpu.h>

/* Intel SDM Vol. 3A, "Task Management", figure "32-Bit Task-State Segment (TSS)". */
struct tss {
	u16 prev_task_link, __r0;
	u32 esp0;
	u16 ss0, __r1;
	u32 esp1;
	u16 ss1, __r2;
	u32 esp2;
	u16 ss2, __r3;
	u32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u16 es, __r4, cs, __r5, ss, __r6, ds, __r7, fs, __r8, gs, __r9;
	u16 ldt, __r10;
	u16 trap, iomap_base;
} __packed;
_Static_assert(sizeof(struct tss) == 104, "the 32-bit TSS is 104 bytes");

/* The boot CPU's GDT and TSSs, loaded. First thing at boot: nothing may fault before. */
void gdt_init(void);
/* Fills cpu's GDT and TSSs (its per-CPU area must exist); the boot CPU, for an AP about
 * to start. Then the AP loads them with gdt_load_cpu(), before any per-CPU access. */
void gdt_setup_cpu(unsigned int cpu);
void gdt_load_cpu(unsigned int cpu);
/* Each CPU's own: the TSS its TR names, and its double-fault task's. */
DECLARE_PER_CPU(struct tss, doublefault_tss);
DECLARE_PER_CPU(struct tss, main_tss);
#endif

#endif
