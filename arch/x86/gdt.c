/* arch/x86/gdt.c - the Global Descriptor Table and the two task-state segments.
 *
 * Intel SDM Vol. 3A, "Protected-Mode Memory Management", section "Segment Descriptors",
 * and "Task Management", sections "Task-State Segment (TSS)" and "TSS Descriptor".
 *
 * irqlab runs everything in ring 0 with flat 4 GiB code and data segments; paging does
 * the protection. The TSSs exist for the double fault: its IDT entry is a task gate, so
 * the CPU switches to doublefault_tss (own stack, own EIP) even when the faulting
 * stack is unusable. A task switch saves the old state into the TSS that TR names, so
 * TR must hold a valid one (main_tss) before the first double fault can happen.
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

static struct gdt_desc gdt[GDT_ENTRIES] __aligned(8);

struct tss main_tss;
struct tss doublefault_tss;
static u8 doublefault_stack[8192] __aligned(16);

/* The double-fault task's entry point (arch/x86/entry.asm). */
extern void doublefault_task_entry(void);

static void gdt_set(int i, u32 base, u32 limit, u8 access, u8 flags)
{
	gdt[i].limit_low = limit & 0xffff;
	gdt[i].base_low = base & 0xffff;
	gdt[i].base_mid = (base >> 16) & 0xff;
	gdt[i].access = access;
	gdt[i].limit_high_flags = ((limit >> 16) & 0x0f) | (flags << 4);
	gdt[i].base_high = (base >> 24) & 0xff;
}

static void gdt_set_tss(int i, struct tss *tss)
{
	/* Byte granularity; limit is the last valid offset. No busy bit: the CPU sets it. */
	gdt_set(i, (u32)tss, sizeof(*tss) - 1, SEG_PRESENT | SEG_TSS32_AVAIL, 0);
}

/* The double-fault task starts from scratch every time with this state. CR3 is filled in
 * by paging_init() (arch/x86/paging.c) once the page directory exists. */
static void doublefault_tss_init(void)
{
	struct tss *t = &doublefault_tss;

	/* LAB 1 BEGIN doublefault-task: where the task gate lands: EIP, stack, flags, segments */
	t->eip = (u32)doublefault_task_entry;
	t->esp = (u32)(doublefault_stack + sizeof(doublefault_stack));
	t->eflags = EFLAGS_RESERVED;    /* interrupts stay off in the double-fault task */
	t->cs = __KERNEL_CS;
	t->ss = t->ds = t->es = t->fs = t->gs = __KERNEL_DS;
	t->cr3 = read_cr3();
	/* LAB 1 STUB
	t->esp = (u32)(doublefault_stack + sizeof(doublefault_stack));
	LAB 1 END */
	t->iomap_base = sizeof(*t);     /* no I/O permission bitmap */
}

void gdt_init(void)
{
	struct gdt_ptr ptr = { sizeof(gdt) - 1, (u32)gdt };

	gdt_set(GDT_ENTRY_NULL, 0, 0, 0, 0);
	gdt_set(GDT_ENTRY_KERNEL_CS, 0, 0xfffff,
		SEG_PRESENT | SEG_CODE_DATA | SEG_EXEC | SEG_RW, SEG_GRAN_4K | SEG_32BIT);
	gdt_set(GDT_ENTRY_KERNEL_DS, 0, 0xfffff,
		SEG_PRESENT | SEG_CODE_DATA | SEG_RW, SEG_GRAN_4K | SEG_32BIT);

	main_tss.ss0 = __KERNEL_DS;
	main_tss.iomap_base = sizeof(main_tss);
	gdt_set_tss(GDT_ENTRY_TSS, &main_tss);
	doublefault_tss_init();
	gdt_set_tss(GDT_ENTRY_DOUBLEFAULT_TSS, &doublefault_tss);

	/* Reload every segment register: the bootloader's GDT may be gone any moment. */
	__asm__ __volatile__(
		"lgdt %0\n\t"
		"ljmp %1, $1f\n"
		"1:\n\t"
		"mov %2, %%ax\n\t"
		"mov %%ax, %%ds\n\t"
		"mov %%ax, %%es\n\t"
		"mov %%ax, %%fs\n\t"
		"mov %%ax, %%gs\n\t"
		"mov %%ax, %%ss\n\t"
		"ltr %w3"
		:: "m"(ptr), "i"(__KERNEL_CS), "i"(__KERNEL_DS), "r"(__TSS) : "eax", "memory");
}
