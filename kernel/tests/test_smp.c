/* kernel/tests/test_smp.c - the other CPUs as bring-up left them: every CPU the MADT
 * lists is online, each with its own per-CPU area that it reaches through its own
 * segment, each with its own ticking LAPIC timer that does not advance jiffies. With
 * one CPU (QEMU's default) or in 8259 mode the same checks hold for CPU 0 alone. */
#include <irqlab/mm.h>
#include <irqlab/sched.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include "arch/x86/acpi.h"
#include "arch/x86/hardirq.h"
#include "arch/x86/lapic.h"
#include "arch/x86/processor.h"
#include "arch/x86/smp.h"
#include "kunit.h"

extern char __per_cpu_start[], __per_cpu_end[];

#define LOC_WAIT_TICKS  (5 * HZ)        /* boot-CPU ticks the others get to tick once */

static void test_every_madt_cpu_is_online(struct kunit *test)
{
	unsigned int listed = 0, cpu;

	KUNIT_EXPECT_TRUE(test, cpu_online(0));
	if (apic_intr_mode != APIC_SYMMETRIC_IO) {
		KUNIT_EXPECT_EQ(test, num_online_cpus(), 1);    /* 8259 mode: one CPU */
		return;
	}
	for (unsigned int i = 0; i < acpi_madt.nr_cpus; i++) {
		const struct madt_cpu *c = &acpi_madt.cpu[i];
		bool found = false;

		if (!c->enabled && !c->online_capable)
			continue;
		listed++;
		for_each_online_cpu(cpu)
			found |= per_cpu(cpu_info, cpu).apicid == c->apic_id;
		KUNIT_EXPECT_TRUE(test, found);
	}
	KUNIT_EXPECT_EQ(test, num_online_cpus(), MIN(listed, (unsigned int)NR_CPUS));
}

static void test_per_cpu_areas_are_distinct(struct kunit *test)
{
	unsigned long size = (unsigned long)(__per_cpu_end - __per_cpu_start);
	unsigned int a, b;

	KUNIT_EXPECT_EQ(test, __per_cpu_offset[0], 0);
	for_each_online_cpu(a) {
		KUNIT_EXPECT_TRUE(test, cpu_possible(a));
		for_each_online_cpu(b) {
			unsigned long lo_a = (unsigned long)__per_cpu_start + __per_cpu_offset[a];
			unsigned long lo_b = (unsigned long)__per_cpu_start + __per_cpu_offset[b];

			if (a != b)     /* no byte of one lies in the other */
				KUNIT_EXPECT_TRUE(test, lo_a + size <= lo_b || lo_b + size <= lo_a);
		}
	}
}

/* What each CPU read through its own FS segment while it came up (smpboot.c). */
static void test_each_cpu_saw_itself(struct kunit *test)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		const struct cpu_boot_check *check = per_cpu_ptr(&cpu_boot_check, cpu);

		KUNIT_EXPECT_EQ(test, check->cpu, cpu);
		KUNIT_EXPECT_EQ(test, check->this_cpu_off, __per_cpu_offset[cpu]);
		KUNIT_EXPECT_EQ(test, (u32)check->self, (u32)check);
		KUNIT_EXPECT_EQ(test, check->apicid, per_cpu(cpu_info, cpu).apicid);
	}
	/* And this thread, which runs on the boot CPU. */
	KUNIT_EXPECT_EQ(test, smp_processor_id(), 0);
	KUNIT_EXPECT_EQ(test, (u32)this_cpu_ptr(&cpu_boot_check), (u32)&cpu_boot_check);
}

/* An AP has an idle thread of its own, on a stack of its own. */
static void test_each_cpu_runs_its_own_idle_thread(struct kunit *test)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		const struct task_struct *idle = idle_task(cpu);

		if (cpu == 0)
			continue;       /* the boot CPU runs this test */
		KUNIT_EXPECT_EQ(test, idle->pid, 0);
		KUNIT_EXPECT_TRUE(test, strncmp(idle->comm, "idle/", 5) == 0);
		KUNIT_EXPECT_TRUE(test, idle->stack != idle_task(0)->stack);
	}
}

/* Every CPU's LOC moves; jiffies moves with the boot CPU's alone. */
static void test_loc_moves_on_every_cpu(struct kunit *test)
{
	u32 start[NR_CPUS], loc0;
	unsigned long flags;
	u64 jiffies0, moved;
	unsigned int cpu, waiting;

	if (apic_intr_mode != APIC_SYMMETRIC_IO || !lapic_timer_period) {
		kunit_skip_case(test, "no LAPIC timer is the tick here");
		return;
	}
	local_irq_save(flags);          /* LOC and jiffies move together on CPU 0 */
	for_each_online_cpu(cpu)
		start[cpu] = per_cpu(apic_timer_irqs, cpu);
	jiffies0 = jiffies_64;
	local_irq_restore(flags);
	do {
		msleep(10);
		waiting = 0;
		for_each_online_cpu(cpu)
			waiting += per_cpu(apic_timer_irqs, cpu) == start[cpu];
	} while (waiting && per_cpu(apic_timer_irqs, 0) - start[0] < LOC_WAIT_TICKS);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_NE(test, per_cpu(apic_timer_irqs, cpu), start[cpu]);

	local_irq_save(flags);
	loc0 = per_cpu(apic_timer_irqs, 0);
	moved = jiffies_64 - jiffies0;
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, moved, loc0 - start[0]);
}

/* An AP that never reports (an APIC ID no CPU has): reported, left out, and the CPUs
 * that are up go on ticking. */
static void test_cpu_that_does_not_answer_is_left_out(struct kunit *test)
{
	const u8 nobody = 0x40;         /* above QEMU's IDs; 0xff would be a broadcast */
	unsigned int online = num_online_cpus(), cpu;
	u32 start[NR_CPUS];

	if (apic_intr_mode != APIC_SYMMETRIC_IO) {
		kunit_skip_case(test, "no APs are started in 8259 mode");
		return;
	}
	for_each_online_cpu(cpu) {
		KUNIT_ASSERT_TRUE(test, per_cpu(cpu_info, cpu).apicid != nobody);
		start[cpu] = per_cpu(apic_timer_irqs, cpu);
	}
	KUNIT_EXPECT_LT(test, smp_boot_one(nobody, 100), 0);
	KUNIT_EXPECT_EQ(test, num_online_cpus(), online);
	msleep(20);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_NE(test, per_cpu(apic_timer_irqs, cpu), start[cpu]);
}

/* The trampoline's page: real mode can reach it, the allocator never hands it out, and
 * paging maps it where it is (the AP turns paging on while running from it). */
static void test_trampoline_page_is_low_reserved_and_mapped(struct kunit *test)
{
	KUNIT_ASSERT_TRUE(test, real_mode_page != 0);
	KUNIT_EXPECT_LT(test, real_mode_page, 0x100000);
	KUNIT_EXPECT_EQ(test, real_mode_page % PAGE_SIZE, 0);
	KUNIT_EXPECT_TRUE(test, virt_to_page((void *)real_mode_page)->flags & PG_reserved);
	KUNIT_EXPECT_TRUE(test, kern_addr_mapped(real_mode_page));
	KUNIT_EXPECT_TRUE(test, kern_addr_mapped(real_mode_page + PAGE_SIZE - 1));
}

static struct kunit_case smp_cases[] = {
	KUNIT_CASE(test_every_madt_cpu_is_online),
	KUNIT_CASE(test_trampoline_page_is_low_reserved_and_mapped),
	KUNIT_CASE(test_per_cpu_areas_are_distinct),
	KUNIT_CASE(test_each_cpu_saw_itself),
	KUNIT_CASE(test_each_cpu_runs_its_own_idle_thread),
	KUNIT_CASE(test_loc_moves_on_every_cpu),
	KUNIT_CASE(test_cpu_that_does_not_answer_is_left_out),
	{}
};
kunit_test_suite(smp, smp_cases);
