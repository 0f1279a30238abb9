/* kernel/tests/test_smp_call.c - function call IPIs and TLB shootdowns: each function
 * runs where it was sent, in hard-IRQ context, exactly once per call; wait=true returns
 * after it ran; CAL and TLB count what arrived; a stack's new guard page faults on the
 * other CPUs too; a call with interrupts off is refused with a WARN. Needs two CPUs. */
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/irqflags.h>
#include <irqlab/mm.h>
#include <irqlab/panic.h>
#include <irqlab/preempt.h>
#include <irqlab/sched.h>
#include <irqlab/smp.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include "arch/x86/hardirq.h"
#include "arch/x86/trap_demos.h"
#include "kunit.h"

#define BACK_TO_BACK    10000
#define WAIT_TICKS      (5 * HZ)        /* for a wait=false call to be run */

/* Written by the called function on its own CPU; read by the test after the call. */
static struct call_record {
	unsigned int runs;
	unsigned int cpu;
	bool hardirq, irqs_off;
} rec[NR_CPUS];

static bool two_cpus(struct kunit *test)
{
	if (num_online_cpus() >= 2)
		return true;
	kunit_skip_case(test, "one CPU online: no other CPU to call");
	return false;
}

/* The CPU the single-target cases call: not this one. Preemption off. */
static unsigned int other_cpu(void)
{
	return smp_processor_id() == 0 ? 1 : 0;
}

static void reset_records(void)
{
	for (unsigned int i = 0; i < NR_CPUS; i++)
		WRITE_ONCE(rec[i], (struct call_record){ 0 });
}

static void record_call(void *info)
{
	struct call_record *r = &rec[smp_processor_id()];

	(void)info;
	r->cpu = smp_processor_id();
	r->hardirq = in_hardirq();
	r->irqs_off = irqs_disabled();
	WRITE_ONCE(r->runs, r->runs + 1);
}

/* Waits, on the guest's clock, until cpu's function has run `runs` times. */
static bool runs_reach(unsigned int cpu, unsigned int runs)
{
	unsigned long end = jiffies + WAIT_TICKS;

	while (READ_ONCE(rec[cpu].runs) < runs && time_before(jiffies, end))
		cpu_relax();
	return READ_ONCE(rec[cpu].runs) == runs;
}

static u32 tlb(unsigned int cpu)
{
	return per_cpu(irq_tlb_count, cpu);
}

/* As /proc/interrupts shows CAL: shootdowns are counted in TLB only. */
static u32 cal(unsigned int cpu)
{
	return per_cpu(irq_call_count, cpu) - tlb(cpu);
}

static void test_single_runs_on_the_target_in_hardirq(struct kunit *test)
{
	unsigned int cpu;

	if (!two_cpus(test))
		return;
	for_each_online_cpu(cpu) {
		if (cpu == smp_processor_id())
			continue;
		reset_records();
		KUNIT_EXPECT_EQ(test, smp_call_function_single(cpu, record_call, NULL, true), 0);
		KUNIT_EXPECT_EQ(test, rec[cpu].runs, 1);
		KUNIT_EXPECT_EQ(test, rec[cpu].cpu, cpu);
		KUNIT_EXPECT_TRUE(test, rec[cpu].hardirq);
		KUNIT_EXPECT_TRUE(test, rec[cpu].irqs_off);
		KUNIT_EXPECT_EQ(test, rec[smp_processor_id()].runs, 0);
	}
	KUNIT_EXPECT_EQ(test, smp_call_function_single(NR_CPUS, record_call, NULL, true), -ENXIO);
}

static volatile bool slow_done;

static void slow_call(void *info)
{
	(void)info;
	mdelay(20);
	slow_done = true;
}

static void test_wait_returns_after_the_function_ran(struct kunit *test)
{
	if (!two_cpus(test))
		return;
	slow_done = false;
	preempt_disable();
	smp_call_function_single(other_cpu(), slow_call, NULL, true);
	preempt_enable();
	KUNIT_EXPECT_TRUE(test, slow_done);
}

static void test_nowait_call_runs_later(struct kunit *test)
{
	unsigned int other;

	if (!two_cpus(test))
		return;
	reset_records();
	preempt_disable();
	other = other_cpu();
	KUNIT_EXPECT_EQ(test, smp_call_function_single(other, record_call, NULL, false), 0);
	KUNIT_EXPECT_TRUE(test, runs_reach(other, 1));
	KUNIT_EXPECT_TRUE(test, rec[other].hardirq);
	preempt_enable();
}

static void test_many_and_on_each_cpu_run_once_per_cpu(struct kunit *test)
{
	unsigned int self, cpu;

	if (!two_cpus(test))
		return;
	preempt_disable();
	self = smp_processor_id();
	reset_records();
	smp_call_function_many(&__cpu_online_mask, record_call, NULL, true);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ(test, rec[cpu].runs, cpu == self ? 0 : 1);

	reset_records();
	smp_call_function(record_call, NULL, false);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_TRUE(test, runs_reach(cpu, cpu == self ? 0 : 1));

	reset_records();
	on_each_cpu(record_call, NULL, true);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, rec[cpu].runs, 1);
		KUNIT_EXPECT_TRUE(test, rec[cpu].irqs_off);
		KUNIT_EXPECT_EQ(test, rec[cpu].hardirq, cpu != self);
	}
	preempt_enable();
}

/* This CPU to another, each waited for: every call is one IPI and one run there. Then
 * as many not waited for, through the one per-CPU csd: each waits for the last. */
static void test_back_to_back_calls_are_counted_exactly(struct kunit *test)
{
	unsigned int self, other;
	u32 cal_self, cal_other, tlb_other;

	if (!two_cpus(test))
		return;
	preempt_disable();
	self = smp_processor_id();
	other = other_cpu();
	cal_self = cal(self);
	cal_other = cal(other);
	tlb_other = tlb(other);
	reset_records();
	for (unsigned int i = 0; i < BACK_TO_BACK; i++)
		smp_call_function_single(other, record_call, NULL, true);
	KUNIT_EXPECT_EQ(test, rec[other].runs, BACK_TO_BACK);
	KUNIT_EXPECT_EQ(test, cal(other) - cal_other, BACK_TO_BACK);
	KUNIT_EXPECT_EQ(test, cal(self) - cal_self, 0);
	KUNIT_EXPECT_EQ(test, tlb(other), tlb_other);

	for (unsigned int i = 0; i < BACK_TO_BACK; i++)
		smp_call_function_single(other, record_call, NULL, false);
	KUNIT_EXPECT_TRUE(test, runs_reach(other, 2 * BACK_TO_BACK));
	KUNIT_EXPECT_EQ(test, cal(other) - cal_other, 2 * BACK_TO_BACK);
	preempt_enable();
}

/* A new stack's guard page is taken out of the map: one shootdown on every other CPU,
 * which no function call counts; freeing maps it back and needs none. */
static void test_stack_guard_shootdown_is_counted_in_tlb(struct kunit *test)
{
	u32 tlb_before[NR_CPUS], calls[NR_CPUS];
	unsigned int self, cpu;
	void *stack;

	if (!two_cpus(test))
		return;
	self = smp_processor_id();
	for_each_online_cpu(cpu) {
		tlb_before[cpu] = tlb(cpu);
		calls[cpu] = cal(cpu);
	}
	stack = alloc_thread_stack();           /* may sleep: preemption stays on */
	KUNIT_ASSERT_TRUE(test, stack != NULL);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, tlb(cpu) - tlb_before[cpu], cpu == self ? 0 : 1);
		KUNIT_EXPECT_EQ(test, cal(cpu), calls[cpu]);
	}
	free_thread_stack(stack);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ(test, tlb(cpu) - tlb_before[cpu], cpu == self ? 0 : 1);
}

static void read_on_this_cpu(void *info)
{
	struct trap_demo *d = info;

	trap_demo_read(d, d->insn);
}

/* Another CPU reads a page while it is plain RAM, so its TLB holds the page; the page
 * then becomes a new stack's guard. That CPU's next read must fault: a stale entry would
 * let it through, and an overflow there would write into the page unseen. */
static void test_new_guard_page_faults_on_the_other_cpu(struct kunit *test)
{
	struct trap_demo d = { 0 };
	void *first, *second;
	unsigned int other;
	u32 guard;

	if (!two_cpus(test))
		return;
	preempt_disable();
	other = other_cpu();
	preempt_enable();
	first = alloc_thread_stack();
	KUNIT_ASSERT_TRUE(test, first != NULL);
	guard = (u32)first - PAGE_SIZE;
	free_thread_stack(first);
	d.insn = guard + 100;
	smp_call_function_single(other, read_on_this_cpu, &d, true);
	KUNIT_EXPECT_FALSE(test, d.faulted);            /* plain RAM: its TLB holds it */
	second = alloc_thread_stack();
	KUNIT_ASSERT_TRUE(test, second != NULL);
	if ((u32)second - PAGE_SIZE != guard) {
		free_thread_stack(second);
		kunit_skip_case(test, "the allocator gave a different block the second time");
		return;
	}
	d = (struct trap_demo){ .insn = guard + 100 };
	smp_call_function_single(other, read_on_this_cpu, &d, true);
	KUNIT_EXPECT_TRUE(test, d.faulted);
	free_thread_stack(second);
}

static void test_call_with_interrupts_off_warns(struct kunit *test)
{
	u32 warns = warn_count, cal_other;
	unsigned int other;

	if (!two_cpus(test))
		return;
	reset_records();
	local_irq_disable();
	other = other_cpu();
	cal_other = cal(other);
	KUNIT_EXPECT_EQ(test, smp_call_function_single(other, record_call, NULL, true), -EINVAL);
	smp_call_function_many(&__cpu_online_mask, record_call, NULL, true);
	on_each_cpu(record_call, NULL, true);
	local_irq_enable();
	KUNIT_EXPECT_EQ(test, warn_count, warns + 3);
	KUNIT_EXPECT_EQ(test, rec[other].runs, 0);
	KUNIT_EXPECT_EQ(test, cal(other), cal_other);
}

static struct kunit_case smp_call_cases[] = {
	KUNIT_CASE(test_single_runs_on_the_target_in_hardirq),
	KUNIT_CASE(test_wait_returns_after_the_function_ran),
	KUNIT_CASE(test_nowait_call_runs_later),
	KUNIT_CASE(test_many_and_on_each_cpu_run_once_per_cpu),
	KUNIT_CASE(test_back_to_back_calls_are_counted_exactly),
	KUNIT_CASE(test_stack_guard_shootdown_is_counted_in_tlb),
	KUNIT_CASE(test_new_guard_page_faults_on_the_other_cpu),
	KUNIT_CASE(test_call_with_interrupts_off_warns),
	{}
};
kunit_test_suite(smp_call, smp_call_cases);
