/* kernel/tests/test_traps.c - CPU exceptions taken for real from inside the tests: the
 * vector, the EIP the handler saw (the instruction for a fault, the next one for a
 * trap), the error code, CR2, the exception fixup, and the counts. The faulting
 * instructions are arch/x86/trap_demos.c's; their own labels are the reference. */
#include <irqlab/extable.h>
#include <irqlab/init.h>
#include <irqlab/kallsyms.h>
#include <irqlab/panic.h>
#include <irqlab/string.h>
#include "arch/x86/cpu.h"
#include "arch/x86/paging.h"
#include "arch/x86/segment.h"
#include "arch/x86/trap_demos.h"
#include "arch/x86/traps.h"
#include "kunit.h"

/* The SDM's table "Protected-Mode Exceptions and Interrupts", written out again here so
 * that a line moved, lost or mislabelled in traps.c's table shows up. "--": no mnemonic.
 * Vector 9's class is the one its own section gives (see traps.c). */
static const struct {
	const char *mnemonic, *kind;
	bool error_code;
} sdm[NR_X86_DEFINED_TRAPS] = {
	{ "#DE", "fault", false }, { "#DB", "fault/trap", false }, { "--", "interrupt", false },
	{ "#BP", "trap", false }, { "#OF", "trap", false }, { "#BR", "fault", false },
	{ "#UD", "fault", false }, { "#NM", "fault", false }, { "#DF", "abort", true },
	{ "--", "abort", false }, { "#TS", "fault", true }, { "#NP", "fault", true },
	{ "#SS", "fault", true }, { "#GP", "fault", true }, { "#PF", "fault", true },
	{ "--", "reserved", false }, { "#MF", "fault", false }, { "#AC", "fault", true },
	{ "#MC", "abort", false }, { "#XM", "fault", false }, { "#VE", "fault", false },
	{ "#CP", "fault", true },
};

static void test_every_vector_matches_the_sdm(struct kunit *test)
{
	for (unsigned v = 0; v < NR_X86_TRAPS; v++) {
		bool defined = v < NR_X86_DEFINED_TRAPS;

		KUNIT_EXPECT_STREQ(test, trap_mnemonic(v), defined ? sdm[v].mnemonic : "--");
		KUNIT_EXPECT_STREQ(test, trap_kind_name(v), defined ? sdm[v].kind : "reserved");
		KUNIT_EXPECT_EQ(test, trap_has_error_code(v), defined && sdm[v].error_code);
		KUNIT_EXPECT_TRUE(test, trap_name(v) && trap_name(v)[0]);
	}
	KUNIT_EXPECT_STREQ(test, trap_name(X86_TRAP_DE), "divide error");
	KUNIT_EXPECT_STREQ(test, trap_name(X86_TRAP_OLD_MF), "coprocessor segment overrun (reserved)");
	KUNIT_EXPECT_STREQ(test, trap_name(X86_TRAP_MF), "x87 FPU floating-point error");
	KUNIT_EXPECT_STREQ(test, trap_name(X86_TRAP_PF), "page fault");
	KUNIT_EXPECT_STREQ(test, trap_name(25), "reserved");
}

/* Each mnemonic names one vector: the reports and /proc/exceptions go by them. */
static void test_mnemonics_are_unique(struct kunit *test)
{
	for (unsigned v = 0; v < NR_X86_TRAPS; v++)
		for (unsigned w = v + 1; w < NR_X86_TRAPS; w++)
			if (strcmp(trap_mnemonic(v), "--") != 0 &&
			    strcmp(trap_mnemonic(v), trap_mnemonic(w)) == 0)
				kunit_fail(test, __FILE__, __LINE__, "vectors %u and %u are both %s",
					   v, w, trap_mnemonic(v));
}

/* Linux's handler names: what the course notes call them is what runs. */
static void test_handlers_have_linux_names(struct kunit *test)
{
	static const struct { unsigned v; const char *name; } want[] = {
		{ X86_TRAP_DE, "do_divide_error" }, { X86_TRAP_BP, "do_int3" },
		{ X86_TRAP_UD, "do_invalid_op" }, { X86_TRAP_GP, "do_general_protection" },
		{ X86_TRAP_PF, "do_page_fault" }, { 31, "do_reserved" },
	};

	for (unsigned v = 0; v < NR_X86_TRAPS; v++)
		KUNIT_EXPECT_NOT_NULL(test, exception_handlers[v]);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		u32 off = ~0u;
		const char *name = kallsyms_lookup((u32)exception_handlers[want[i].v], &off, NULL);

		KUNIT_EXPECT_STREQ(test, name, want[i].name);
		KUNIT_EXPECT_EQ(test, off, 0);
	}
}

static void test_divide_error_is_fixed_up(struct kunit *test)
{
	u32 before = exception_counts[X86_TRAP_DE];
	struct trap_demo d;

	trap_demo_divide(&d);
	KUNIT_EXPECT_TRUE(test, d.faulted);             /* the fall-through never ran */
	KUNIT_EXPECT_EQ(test, exception_counts[X86_TRAP_DE], before + 1);
	KUNIT_EXPECT_EQ(test, last_exception.vector, X86_TRAP_DE);
	KUNIT_EXPECT_EQ(test, last_exception.eip, d.insn);     /* a fault: EIP = the div */
	KUNIT_EXPECT_EQ(test, last_exception.fixup, d.resume);
}

static void test_gp_error_code_is_the_selector(struct kunit *test)
{
	u32 before = exception_counts[X86_TRAP_GP], fs;
	struct trap_demo d;

	trap_demo_gp(&d);
	__asm__ __volatile__("movl %%fs, %0" : "=r"(fs));
	KUNIT_EXPECT_TRUE(test, d.faulted);
	KUNIT_EXPECT_EQ(test, exception_counts[X86_TRAP_GP], before + 1);
	KUNIT_EXPECT_EQ(test, last_exception.vector, X86_TRAP_GP);
	KUNIT_EXPECT_EQ(test, last_exception.eip, d.insn);
	/* SDM "Error Code": index in bits 15:3, TI = 0 (GDT), EXT = 0, IDT = 0. */
	KUNIT_EXPECT_EQ(test, last_exception.error_code, GDT_ENTRIES << 3);
	/* A fault changes nothing: FS still holds this CPU's per-CPU segment. */
	KUNIT_EXPECT_EQ(test, fs & 0xffff, __KERNEL_PERCPU);
}

static void test_invalid_opcode_is_fixed_up(struct kunit *test)
{
	u32 before = exception_counts[X86_TRAP_UD];
	struct trap_demo d;

	trap_demo_ud(&d);
	KUNIT_EXPECT_TRUE(test, d.faulted);
	KUNIT_EXPECT_EQ(test, exception_counts[X86_TRAP_UD], before + 1);
	KUNIT_EXPECT_EQ(test, last_exception.eip, d.insn);
	KUNIT_EXPECT_EQ(test, last_exception.fixup, d.resume);
}

#define PF_EC_WRITE     BIT(1)  /* SDM figure "Page-Fault Error Code": W/R */

static void test_null_write_page_fault(struct kunit *test)
{
	u32 before = exception_counts[X86_TRAP_PF];
	struct trap_demo d;

	trap_demo_write(&d, TRAP_DEMO_NULL_FIELD);
	KUNIT_EXPECT_TRUE(test, d.faulted);
	KUNIT_EXPECT_EQ(test, exception_counts[X86_TRAP_PF], before + 1);
	KUNIT_EXPECT_EQ(test, last_exception.vector, X86_TRAP_PF);
	KUNIT_EXPECT_EQ(test, last_exception.eip, d.insn);
	KUNIT_EXPECT_EQ(test, last_exception.fixup, d.resume);
	KUNIT_EXPECT_EQ(test, last_exception.cr2, TRAP_DEMO_NULL_FIELD);
	KUNIT_EXPECT_EQ(test, read_cr2(), TRAP_DEMO_NULL_FIELD);   /* the CPU's own view */
	/* Supervisor write to a not-present page: P=0, W/R=1, U/S=0. */
	KUNIT_EXPECT_EQ(test, last_exception.error_code, PF_EC_WRITE);
}

static void test_guard_page_read_faults(struct kunit *test)
{
	u32 addr = (u32)boot_stack_guard + 0x123;
	struct trap_demo d;

	trap_demo_read(&d, addr);
	KUNIT_EXPECT_TRUE(test, d.faulted);
	KUNIT_EXPECT_EQ(test, last_exception.vector, X86_TRAP_PF);
	KUNIT_EXPECT_EQ(test, last_exception.cr2, addr);
	KUNIT_EXPECT_EQ(test, last_exception.error_code, 0);       /* a read, not present */
}

static void test_mapped_read_does_not_fault(struct kunit *test)
{
	u32 before = exception_counts[X86_TRAP_PF];
	struct trap_demo d;

	trap_demo_read(&d, (u32)boot_stack_bottom);
	KUNIT_EXPECT_FALSE(test, d.faulted);
	KUNIT_EXPECT_EQ(test, exception_counts[X86_TRAP_PF], before);
}

static void test_int3_resumes_after_the_instruction(struct kunit *test)
{
	u32 before = exception_counts[X86_TRAP_BP];
	struct trap_demo d;

	trap_demo_int3(&d);
	KUNIT_EXPECT_EQ(test, exception_counts[X86_TRAP_BP], before + 1);
	KUNIT_EXPECT_EQ(test, last_exception.vector, X86_TRAP_BP);
	/* A trap: EIP is the next instruction (int3 is the one byte 0xcc), no fixup. */
	KUNIT_EXPECT_EQ(test, d.resume, d.insn + 1);
	KUNIT_EXPECT_EQ(test, last_exception.eip, d.resume);
	KUNIT_EXPECT_EQ(test, last_exception.fixup, 0);
}

static void test_extable_lookup(struct kunit *test)
{
	const struct exception_table_entry *e;
	struct trap_demo d;

	trap_demo_divide(&d);
	e = search_exception_tables(d.insn);
	KUNIT_ASSERT_TRUE(test, e != NULL);
	KUNIT_EXPECT_EQ(test, e->insn, d.insn);
	KUNIT_EXPECT_EQ(test, e->fixup, d.resume);
	/* Only the exact instruction: not the byte after it, not the recovery point. */
	KUNIT_EXPECT_NULL(test, search_exception_tables(d.insn + 1));
	KUNIT_EXPECT_NULL(test, search_exception_tables(d.resume));
	KUNIT_EXPECT_NULL(test, search_exception_tables((u32)trap_demo_divide));
	/* int3 is a trap and needs no entry. */
	trap_demo_int3(&d);
	KUNIT_EXPECT_NULL(test, search_exception_tables(d.insn));
}

static struct kunit_case traps_cases[] = {
	KUNIT_CASE(test_every_vector_matches_the_sdm),
	KUNIT_CASE(test_mnemonics_are_unique),
	KUNIT_CASE(test_handlers_have_linux_names),
	KUNIT_CASE(test_divide_error_is_fixed_up),
	KUNIT_CASE(test_gp_error_code_is_the_selector),
	KUNIT_CASE(test_invalid_opcode_is_fixed_up),
	KUNIT_CASE(test_null_write_page_fault),
	KUNIT_CASE(test_guard_page_read_faults),
	KUNIT_CASE(test_mapped_read_does_not_fault),
	KUNIT_CASE(test_int3_resumes_after_the_instruction),
	KUNIT_CASE(test_extable_lookup),
	{}
};
kunit_test_suite(traps, traps_cases);

/* A fault with no fixup during a test: the kernel panics, and the harness must see the
 * case as 'not ok ... # ERROR' and QEMU exit with failure. Named only
 * ('selftest=panic_demo'), since it ends the run; tests/test_exceptions.py boots it. */
static void test_panic_path_armed(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, selftest_mode);         /* else panic() would just halt */
	KUNIT_EXPECT_FALSE(test, oops_in_progress);
}

static void test_fault_without_fixup_panics(struct kunit *test)
{
	(void)test;
	trap_demo_bug();
}

static struct kunit_case panic_demo_cases[] = {
	KUNIT_CASE(test_panic_path_armed),
	KUNIT_CASE(test_fault_without_fixup_panics),
	{}
};
kunit_test_suite(panic_demo, panic_demo_cases, .named_only = true);
