/* kernel/tests/test_cpu_tables.c - the GDT, the TSSs, the IDT and the page tables, read
 * back the way the CPU reads them (SGDT, SIDT, STR, the segment registers) and checked
 * against the SDM's formats, not against the code that wrote them.
 *
 * Intel SDM Vol. 3A: "Segment Descriptors", "TSS Descriptor", "IDT Descriptors",
 * "Error Code", "32-Bit Paging". */
#include <irqlab/types.h>
#include "arch/x86/cpu.h"
#include "arch/x86/idt.h"
#include "arch/x86/paging.h"
#include "arch/x86/segment.h"
#include "arch/x86/traps.h"
#include <irqlab/mm.h>
#include <irqlab/sched.h>
#include "kunit.h"

struct desc_ptr {
	u16 limit;
	u32 base;
} __packed;

extern const u32 vector_stub_table[IDT_ENTRIES];
extern const u32 segment_inc_selectors[2];     /* entry.asm: __KERNEL_CS, __KERNEL_DS */
extern void doublefault_task_entry(void);

/* IDT gate fields (SDM figure "IDT Gate Descriptors"). */
#define GATE_OFFSET(g)          ((u32)((g) & 0xffff) | (u32)(((g) >> 32) & 0xffff0000u))
#define GATE_SELECTOR(g)        ((u32)((g) >> 16) & 0xffff)
#define GATE_TYPE_ATTR(g)       ((u32)((g) >> 40) & 0xff)
#define   GATE_P                0x80
#define   GATE_TYPE_TASK        0x5
#define   GATE_TYPE_INTR32      0xe

/* Segment descriptor fields (SDM figure "Segment Descriptor"). */
#define DESC_BASE(d)            ((u32)(((d) >> 16) & 0xffffff) | \
				 (u32)(((d) >> 32) & 0xff000000u))
#define DESC_LIMIT(d)           ((u32)((d) & 0xffff) | (u32)(((d) >> 32) & 0xf0000))
#define DESC_ACCESS(d)          ((u32)((d) >> 40) & 0xff)
#define   DESC_ACCESSED         0x01    /* code/data: set by the CPU on first load */
#define DESC_FLAGS(d)           ((u32)((d) >> 52) & 0xf)
#define   DESC_FLAGS_G_DB       0xc     /* 4 KiB granularity, 32-bit */
#define   DESC_CODE_RING0       0x9a    /* P, DPL 0, S, execute/read */
#define   DESC_DATA_RING0       0x92    /* P, DPL 0, S, read/write */
#define   DESC_TSS32_BUSY       0x8b    /* P, 32-bit TSS, busy (loaded in TR) */
#define   DESC_TSS32_AVAIL      0x89    /* P, 32-bit TSS, not running */

/* SDM "Error Code": the vectors for which the CPU pushes one. */
static bool sdm_has_error_code(unsigned v)
{
	return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21;
}

static void test_idt_gates(struct kunit *test)
{
	struct desc_ptr idtr;
	const u64 *idt;

	__asm__ __volatile__("sidt %0" : "=m"(idtr));
	KUNIT_EXPECT_EQ(test, idtr.limit, IDT_ENTRIES * 8 - 1);
	idt = (const u64 *)idtr.base;
	for (unsigned v = 0; v < IDT_ENTRIES; v++) {
		u64 g = idt[v];

		if (v == X86_TRAP_DF) {
			KUNIT_EXPECT_EQ(test, GATE_TYPE_ATTR(g), GATE_P | GATE_TYPE_TASK);
			KUNIT_EXPECT_EQ(test, GATE_SELECTOR(g), __DOUBLEFAULT_TSS);
			continue;
		}
		if (GATE_TYPE_ATTR(g) != (GATE_P | GATE_TYPE_INTR32) ||
		    GATE_SELECTOR(g) != __KERNEL_CS || GATE_OFFSET(g) != vector_stub_table[v]) {
			kunit_fail(test, __FILE__, __LINE__, "gate %u: type/attr 0x%02x selector "
				   "0x%04x offset 0x%08x, expected 0x8e 0x%04x 0x%08x", v,
				   GATE_TYPE_ATTR(g), GATE_SELECTOR(g), GATE_OFFSET(g),
				   __KERNEL_CS, vector_stub_table[v]);
			return;
		}
	}
}

/* Does vector v's stub push a 0 for the error code, and which vector number does it
 * push? Read from the machine code: "push 0" is 6a 00, "push v" is 6a v (v < 128) or
 * 68 v32. */
static bool stub_pushes_zero(unsigned v, u32 *pushed)
{
	const u8 *p = (const u8 *)vector_stub_table[v];
	bool zero = p[0] == 0x6a && p[1] == 0 && (p[2] == 0x6a || p[2] == 0x68);
	const u8 *push_v = zero ? p + 2 : p;

	*pushed = push_v[0] == 0x6a ? push_v[1] : *(const u32 *)(push_v + 1);
	return zero;
}

/* Each stub pushes a 0 exactly where the CPU pushes no error code, or the frame is off
 * by four bytes. */
static void test_stubs_push_a_zero_only_without_error_code(struct kunit *test)
{
	for (unsigned v = 0; v < IDT_ENTRIES; v++) {
		u32 pushed;
		bool zero = stub_pushes_zero(v, &pushed);

		if (zero == sdm_has_error_code(v) || pushed != v) {
			kunit_fail(test, __FILE__, __LINE__, "stub %u: pushes a zero: %d, then "
				   "vector %u; the SDM says error code: %d", v, zero, pushed,
				   sdm_has_error_code(v));
			return;
		}
	}
}

/* traps.c's table (the reports, /proc/exceptions) and entry.asm's HAS_ERROR_CODE() list
 * are two statements of one fact: they must agree on every exception vector. */
static void test_trap_table_error_codes_match_the_stubs(struct kunit *test)
{
	for (unsigned v = 0; v < NR_X86_TRAPS; v++) {
		u32 pushed;

		if (trap_has_error_code(v) == stub_pushes_zero(v, &pushed))
			kunit_fail(test, __FILE__, __LINE__, "vector %u: traps.c says error code: "
				   "%d, its stub pushes a zero: %d", v, trap_has_error_code(v),
				   !trap_has_error_code(v));
	}
}

static void test_gdt_descriptors(struct kunit *test)
{
	struct desc_ptr gdtr;
	const u64 *gdt;
	u16 tr;

	__asm__ __volatile__("sgdt %0" : "=m"(gdtr));
	__asm__ __volatile__("str %0" : "=r"(tr));
	KUNIT_ASSERT_EQ(test, gdtr.limit, GDT_ENTRIES * 8 - 1);
	gdt = (const u64 *)gdtr.base;
	KUNIT_EXPECT_EQ(test, gdt[GDT_ENTRY_NULL], 0);

	KUNIT_EXPECT_EQ(test, DESC_BASE(gdt[GDT_ENTRY_KERNEL_CS]), 0);
	KUNIT_EXPECT_EQ(test, DESC_LIMIT(gdt[GDT_ENTRY_KERNEL_CS]), 0xfffff);
	KUNIT_EXPECT_EQ(test, DESC_ACCESS(gdt[GDT_ENTRY_KERNEL_CS]) & ~DESC_ACCESSED,
			DESC_CODE_RING0);
	KUNIT_EXPECT_EQ(test, DESC_FLAGS(gdt[GDT_ENTRY_KERNEL_CS]), DESC_FLAGS_G_DB);
	KUNIT_EXPECT_EQ(test, DESC_BASE(gdt[GDT_ENTRY_KERNEL_DS]), 0);
	KUNIT_EXPECT_EQ(test, DESC_LIMIT(gdt[GDT_ENTRY_KERNEL_DS]), 0xfffff);
	KUNIT_EXPECT_EQ(test, DESC_ACCESS(gdt[GDT_ENTRY_KERNEL_DS]) & ~DESC_ACCESSED,
			DESC_DATA_RING0);
	KUNIT_EXPECT_EQ(test, DESC_FLAGS(gdt[GDT_ENTRY_KERNEL_DS]), DESC_FLAGS_G_DB);
	/* The per-CPU segment: flat, from this CPU's per-CPU offset. */
	KUNIT_EXPECT_EQ(test, DESC_BASE(gdt[GDT_ENTRY_PERCPU]),
			__per_cpu_offset[smp_processor_id()]);
	KUNIT_EXPECT_EQ(test, DESC_LIMIT(gdt[GDT_ENTRY_PERCPU]), 0xfffff);
	KUNIT_EXPECT_EQ(test, DESC_ACCESS(gdt[GDT_ENTRY_PERCPU]) & ~DESC_ACCESSED,
			DESC_DATA_RING0);
	KUNIT_EXPECT_EQ(test, DESC_FLAGS(gdt[GDT_ENTRY_PERCPU]), DESC_FLAGS_G_DB);

	KUNIT_EXPECT_EQ(test, tr, __TSS);
	KUNIT_EXPECT_EQ(test, DESC_BASE(gdt[GDT_ENTRY_TSS]), (u32)this_cpu_ptr(&main_tss));
	KUNIT_EXPECT_EQ(test, DESC_LIMIT(gdt[GDT_ENTRY_TSS]), sizeof(struct tss) - 1);
	KUNIT_EXPECT_EQ(test, DESC_ACCESS(gdt[GDT_ENTRY_TSS]), DESC_TSS32_BUSY);
	KUNIT_EXPECT_EQ(test, DESC_BASE(gdt[GDT_ENTRY_DOUBLEFAULT_TSS]),
			(u32)this_cpu_ptr(&doublefault_tss));
	KUNIT_EXPECT_EQ(test, DESC_LIMIT(gdt[GDT_ENTRY_DOUBLEFAULT_TSS]), sizeof(struct tss) - 1);
	KUNIT_EXPECT_EQ(test, DESC_ACCESS(gdt[GDT_ENTRY_DOUBLEFAULT_TSS]), DESC_TSS32_AVAIL);
}

static void test_selectors_in_use_match_segment_inc(struct kunit *test)
{
	u32 cs, ds, ss, es, fs;

	__asm__ __volatile__("movl %%cs, %0; movl %%ds, %1; movl %%ss, %2; movl %%es, %3;"
			     "movl %%fs, %4"
			     : "=r"(cs), "=r"(ds), "=r"(ss), "=r"(es), "=r"(fs));
	KUNIT_EXPECT_EQ(test, cs & 0xffff, __KERNEL_CS);
	KUNIT_EXPECT_EQ(test, ds & 0xffff, __KERNEL_DS);
	KUNIT_EXPECT_EQ(test, ss & 0xffff, __KERNEL_DS);
	KUNIT_EXPECT_EQ(test, es & 0xffff, __KERNEL_DS);
	KUNIT_EXPECT_EQ(test, fs & 0xffff, __KERNEL_PERCPU);
	/* entry.asm loads DS/ES from segment.inc on every entry: it must agree. */
	KUNIT_EXPECT_EQ(test, segment_inc_selectors[0], __KERNEL_CS);
	KUNIT_EXPECT_EQ(test, segment_inc_selectors[1], __KERNEL_DS);
}

static void test_doublefault_task_ready(struct kunit *test)
{
	const struct tss *t = this_cpu_ptr(&doublefault_tss);

	KUNIT_EXPECT_EQ(test, t->eip, (u32)doublefault_task_entry);
	KUNIT_EXPECT_EQ(test, t->cr3, read_cr3());     /* the page tables paging_init built */
	KUNIT_EXPECT_EQ(test, t->cs, __KERNEL_CS);
	KUNIT_EXPECT_EQ(test, t->ss, __KERNEL_DS);
	KUNIT_EXPECT_EQ(test, t->ds, __KERNEL_DS);
	KUNIT_EXPECT_EQ(test, t->fs, __KERNEL_PERCPU);
	KUNIT_EXPECT_FALSE(test, t->eflags & EFLAGS_IF);
	/* Its own stack, mapped, and not the boot stack it has to survive. */
	KUNIT_EXPECT_TRUE(test, kern_addr_mapped(t->esp - 4));
	KUNIT_EXPECT_TRUE(test, t->esp <= (u32)boot_stack_guard || t->esp > (u32)boot_stack_top);
	KUNIT_EXPECT_EQ(test, t->esp & 15, 0);
}

static void test_paging_holes(struct kunit *test)
{
	u32 esp;

	__asm__ __volatile__("movl %%esp, %0" : "=r"(esp));
	KUNIT_EXPECT_TRUE(test, read_cr0() & CR0_PG);
	KUNIT_EXPECT_TRUE(test, read_cr0() & CR0_WP);
	KUNIT_EXPECT_FALSE(test, kern_addr_mapped(0));
	KUNIT_EXPECT_FALSE(test, kern_addr_mapped(PAGE_SIZE - 1));
	KUNIT_EXPECT_TRUE(test, kern_addr_mapped(PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, kern_addr_mapped((u32)do_page_fault));

	/* The boot stack (now the idle thread's) has its guard page right below it. */
	KUNIT_EXPECT_EQ(test, (u32)boot_stack_bottom - (u32)boot_stack_guard, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, (u32)boot_stack_guard % PAGE_SIZE, 0);
	KUNIT_EXPECT_FALSE(test, kern_addr_mapped((u32)boot_stack_guard));
	KUNIT_EXPECT_FALSE(test, kern_addr_mapped((u32)boot_stack_bottom - 1));
	KUNIT_EXPECT_TRUE(test, kern_addr_mapped((u32)boot_stack_bottom));
	KUNIT_EXPECT_TRUE(test, kern_addr_mapped((u32)boot_stack_guard - 1));

	/* So has the thread stack the tests run on. */
	KUNIT_EXPECT_TRUE(test, esp > (u32)current->stack &&
			  esp <= (u32)current->stack + THREAD_SIZE);
	KUNIT_EXPECT_FALSE(test, kern_addr_mapped((u32)current->stack - 1));
	KUNIT_EXPECT_FALSE(test, kern_addr_mapped((u32)current->stack - PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, kern_addr_mapped((u32)current->stack));
}

static struct kunit_case cpu_tables_cases[] = {
	KUNIT_CASE(test_idt_gates),
	KUNIT_CASE(test_stubs_push_a_zero_only_without_error_code),
	KUNIT_CASE(test_trap_table_error_codes_match_the_stubs),
	KUNIT_CASE(test_gdt_descriptors),
	KUNIT_CASE(test_selectors_in_use_match_segment_inc),
	KUNIT_CASE(test_doublefault_task_ready),
	KUNIT_CASE(test_paging_holes),
	{}
};
kunit_test_suite(cpu_tables, cpu_tables_cases);
