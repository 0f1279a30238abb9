/* arch/x86/gdt.c - each CPU's Global Descriptor Table and its two task-state segments.
 *
 * Intel SDM Vol. 3A, "Protected-Mode Memory Management", section "Segment Descriptors",
 * and "Task Management", sections "Task-State Segment (TSS)" and "TSS Descriptor".
 *
 * irqlab runs everything in ring 0 with flat 4 GiB code and data segments; paging does
 * the protection. The TSSs exist for the double fault: its IDT entry is a task gate, so
 * the CPU switches to doublefault_tss (own stack, own EIP) even when the faulting
 * stack is unusable. A task switch saves the old state into the TSS that TR names, so
 * TR must hold a valid one (main_tss) before the first double fault can happen.
 *
 * Every CPU has its own GDT (a per-CPU variable): its TSS descriptors name its own TSSs
 * (a task switch marks the descriptor busy, and two CPUs cannot share a busy TSS), and
 * its __KERNEL_PERCPU descriptor's base is its own per-CPU offset (include/irqlab/
 * percpu.h). The IDT is shared: the same #DF task gate selector finds each CPU's own
 * double-fault TSS through that CPU's GDT.
 */
#include "segment.h"
#include "cpu.h"

/* Access byte bits (SDM "Segment Descriptors"). */
#define SEG_PRESENT     BIT(7)
#define SEG_CODE_DATA   BIT(4)          /* S: code/data, not a system descriptor */
#define SEG_EXEC        BIT(3)
#define SEG_RW          BIT(1)          /* code: readable; data: writable */
#define SEG_TSS32_AVAIL 0x9             /* system type: 32-bit TSS (available) */
/* Flags nibble. */
#define SEG_GRAN_4K     BIT(3)
#define SEG_32BIT       BIT(2)

struct gdt_desc {
	u16 limit_low;
	u16 base_low;
	u8  base_mid;
	u8  access;
	u8  limit_high_flags;   /* limit 19:16 in the low nibble, flags in the high */
	u8  base_high;
} __packed;

struct gdt_ptr {
	u16 limit;
	u32 base;
} __packed;

static DEFINE_PER_CPU(struct gdt_desc[GDT_ENTRIES], gdt) __aligned(8);

DEFINE_PER_CPU(struct tss, main_tss);
DEFINE_PER_CPU(struct tss, doublefault_tss);
#define DOUBLEFAULT_STACK_SIZE  8192
static u8 doublefault_stacks[NR_CPUS][DOUBLEFAULT_STACK_SIZE] __aligned(16);

/* The double-fault task's entry point (arch/x86/entry.asm). */
extern void doublefault_task_entry(void);

static void gdt_set(struct gdt_desc *table, int i, u32 base, u32 limit, u8 access, u8 flags)
{
	table[i].limit_low = limit & 0xffff;
	table[i].base_low = base & 0xffff;
	table[i].base_mid = (base >> 16) & 0xff;
	table[i].access = access;
	table[i].limit_high_flags = ((limit >> 16) & 0x0f) | (flags << 4);
	table[i].base_high = (base >> 24) & 0xff;
}

static void gdt_set_tss(struct gdt_desc *table, int i, struct tss *tss)
{
	/* Byte granularity; limit is the last valid offset. No busy bit: the CPU sets it. */
	gdt_set(table, i, (u32)tss, sizeof(*tss) - 1, SEG_PRESENT | SEG_TSS32_AVAIL, 0);
}

/* The double-fault task starts from scratch every time with this state. On the boot CPU
 * CR3 is filled in by paging_init() (arch/x86/paging.c) once the page directory exists;
 * the other CPUs are set up after that. */
static void doublefault_tss_init(struct tss *t, u8 *stack)
{
	/* LAB 1 BEGIN doublefault-task: where the task gate lands: EIP, stack, flags, segments */
	t->eip = (u32)doublefault_task_entry;
	t->esp = (u32)(stack + DOUBLEFAULT_STACK_SIZE);
	t->eflags = EFLAGS_RESERVED;    /* interrupts stay off in the double-fault task */
	t->cs = __KERNEL_CS;
	t->ss = t->ds = t->es = t->fs = t->gs = __KERNEL_DS;
	t->cr3 = read_cr3();
	/* LAB 1 STUB
	t->esp = (u32)(stack + DOUBLEFAULT_STACK_SIZE);
	LAB 1 END */
	t->fs = __KERNEL_PERCPU;        /* its report reads this CPU's per-CPU data */
	t->iomap_base = sizeof(*t);     /* no I/O permission bitmap */
}

void gdt_setup_cpu(unsigned int cpu)
{
	struct gdt_desc *table = per_cpu(gdt, cpu);
	struct tss *tss = per_cpu_ptr(&main_tss, cpu);

	gdt_set(table, GDT_ENTRY_NULL, 0, 0, 0, 0);
	gdt_set(table, GDT_ENTRY_KERNEL_CS, 0, 0xfffff,
		SEG_PRESENT | SEG_CODE_DATA | SEG_EXEC | SEG_RW, SEG_GRAN_4K | SEG_32BIT);
	gdt_set(table, GDT_ENTRY_KERNEL_DS, 0, 0xfffff,
		SEG_PRESENT | SEG_CODE_DATA | SEG_RW, SEG_GRAN_4K | SEG_32BIT);
	/* Flat like DS, but starting at the offset: %fs:&x is this CPU's copy of x. The
	 * address wraps around at 4 GiB, so an area below the section works as well. */
	gdt_set(table, GDT_ENTRY_PERCPU, __per_cpu_offset[cpu], 0xfffff,
		SEG_PRESENT | SEG_CODE_DATA | SEG_RW, SEG_GRAN_4K | SEG_32BIT);

	tss->ss0 = __KERNEL_DS;
	tss->iomap_base = sizeof(*tss);
	gdt_set_tss(table, GDT_ENTRY_TSS, tss);
	doublefault_tss_init(per_cpu_ptr(&doublefault_tss, cpu), doublefault_stacks[cpu]);
	gdt_set_tss(table, GDT_ENTRY_DOUBLEFAULT_TSS, per_cpu_ptr(&doublefault_tss, cpu));
}

void gdt_load_cpu(unsigned int cpu)
{
	struct gdt_ptr ptr = { sizeof(gdt) - 1, (u32)per_cpu(gdt, cpu) };

	/* Reload every segment register: the GDT the CPU ran on until now (the
	 * bootloader's, the AP trampoline's) may be gone any moment. */
	__asm__ __volatile__(
		"lgdt %0\n\t"
		"ljmp %1, $1f\n"
		"1:\n\t"
		"mov %2, %%ax\n\t"
		"mov %%ax, %%ds\n\t"
		"mov %%ax, %%es\n\t"
		"mov %%ax, %%gs\n\t"
		"mov %%ax, %%ss\n\t"
		"mov %3, %%ax\n\t"
		"mov %%ax, %%fs\n\t"
		"ltr %w4"
		:: "m"(ptr), "i"(__KERNEL_CS), "i"(__KERNEL_DS), "i"(__KERNEL_PERCPU), "r"(__TSS)
		: "eax", "memory");
}

void gdt_init(void)
{
	gdt_setup_cpu(0);
	gdt_load_cpu(0);
}
