/* kernel/tests/test_irq_smp.c - one line taken by two CPUs at once: desc->lock and
 * IRQS_INPROGRESS (kernel/irq/chip.c, handle.c, manage.c).
 *
 * CPU 1 raises IRQ 10 on itself (irq_inject: a self-IPI on the line's vector) from its
 * idle loop (cpu_work.c), and its handler holds on until this CPU releases it; this CPU
 * then raises the same line, or waits for it, and looks. The trigger the driver asks
 * for picks the flow (edge or fasteoi); the level flow is put on the line by hand. Every
 * flow is wrapped (counting_flow) so that the test knows when this CPU's delivery has
 * been through it, counted or not. The cases need the IOAPIC and a second CPU; on one
 * CPU, or on the 8259, they skip. The per-CPU SPU and the atomic ERR counts are
 * test_irq_smp_counts.c's. */
#include <irqlab/atomic.h>
#include <irqlab/interrupt.h>
#include <irqlab/time.h>
#include <irqlab/sched.h>
#include <irqlab/timer.h>
#include "arch/x86/ioapic.h"
#include "arch/x86/lapic.h"
#include "kernel/irq/internal.h"
#include "cpu_work.h"
#include "ktest_irq.h"
#include "kunit.h"

#define TEST_IRQ        10      /* no device on it; level per QEMU's MADT */
#define STRESS_ROUNDS   50000   /* raises per CPU, at least */
#define STRESS_REPLAYS  20      /* edges held for the other CPU, at least: the race ran */

static int other;               /* the second CPU, for the case running */
static u64 found_entry;         /* IRQ 10's redirection entry before the suite */

/* The line's flow, wrapped: calls[cpu] moves once the flow is done with a delivery. */
static struct {
	irq_flow_handler_t flow;
	u32 calls[NR_CPUS];
} wrap;

static void counting_flow(struct irq_desc *desc)
{
	unsigned int cpu = smp_processor_id();

	wrap.flow(desc);
	WRITE_ONCE(wrap.calls[cpu], wrap.calls[cpu] + 1);
}

/* A handler that holds on, on block_cpu only, until released: a run on another CPU at
 * the same time shows as an overlap instead of hanging the test. */
static struct blocker {
	unsigned int block_cpu;
	atomic_t entered, finished, inside, overlaps;
	u32 runs_on[NR_CPUS];
	int release;
} b;

static irqreturn_t blocking_handler(int irq, void *dev_id)
{
	unsigned int cpu = smp_processor_id();

	(void)irq;
	(void)dev_id;
	if (atomic_add_return(1, &b.inside) > 1)
		atomic_inc(&b.overlaps);
	b.runs_on[cpu]++;
	atomic_inc(&b.entered);
	while (cpu == b.block_cpu && !READ_ONCE(b.release))
		cpu_relax();
	atomic_dec(&b.inside);
	atomic_inc(&b.finished);
	return IRQ_HANDLED;
}

static atomic_t inject_errors;  /* irq_inject() failures, on either CPU */

static void inject(void)
{
	if (irq_inject(TEST_IRQ))
		atomic_inc(&inject_errors);
}

static void raise_test_irq(void *arg)
{
	(void)arg;
	inject();
}

static int suite_init(struct kunit *test)
{
	(void)test;
	atomic_set(&inject_errors, 0);
	other = ktest_other_cpu();
	if (apic_intr_mode == APIC_SYMMETRIC_IO)
		(void)ioapic_read_irq_entry(TEST_IRQ, &found_entry);
	return 0;
}

static bool need_two_cpus(struct kunit *test)
{
	if (apic_intr_mode != APIC_SYMMETRIC_IO) {
		kunit_skip_case(test, "irqchip is the 8259 PIC here: one CPU takes interrupts");
		return false;
	}
	if (other < 0) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return false;
	}
	return true;
}

/* request_irq() with trigger, the flow wrapped (flow: NULL keeps the one the trigger
 * chose), the blocker reset to hold on CPU other. */
static int setup_line(unsigned long trigger, irq_flow_handler_t flow)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);
	int ret;

	b = (struct blocker){ .block_cpu = (unsigned int)other };
	ret = request_irq(TEST_IRQ, blocking_handler, trigger, "irq_smp", &b);
	if (ret)
		return ret;
	wrap.flow = flow ? flow : desc->handle_irq;
	irq_set_chip_and_handler_name(TEST_IRQ, desc->irq_data.chip, counting_flow, desc->name);
	return 0;
}

/* The line back to the trigger it had before the suite; the chip's irq_set_type puts
 * the matching flow back on it too (in place of counting_flow or the level flow). */
static void restore_trigger(void)
{
	unsigned long trigger = found_entry & IOAPIC_RTE_LEVEL ?
		(found_entry & IOAPIC_RTE_INTPOL_LOW ? IRQF_TRIGGER_LOW : IRQF_TRIGGER_HIGH) :
		(found_entry & IOAPIC_RTE_INTPOL_LOW ? IRQF_TRIGGER_FALLING : IRQF_TRIGGER_RISING);

	if (request_irq(TEST_IRQ, blocking_handler, trigger, "irq_smp", &b) == 0)
		free_irq(TEST_IRQ, &b);
}

static void teardown_line(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, atomic_read(&inject_errors), 0);
	free_irq(TEST_IRQ, &b);
	restore_trigger();
}

/* Has CPU other's handler started? Then raises the line here and returns this CPU, once
 * its delivery has been through the flow. Preemption stays off: the CPU must not
 * change under the wait. */
static unsigned int raise_here_while_other_runs(u32 *calls0)
{
	unsigned int cpu;

	while (!atomic_read(&b.entered))
		cpu_relax();
	preempt_disable();
	cpu = smp_processor_id();
	*calls0 = READ_ONCE(wrap.calls[cpu]);
	inject();
	while (READ_ONCE(wrap.calls[cpu]) == *calls0)
		cpu_relax();
	preempt_enable();
	return cpu;
}

/* An edge that comes while another CPU runs the line's handler is held: masked, acked,
 * IRQS_PENDING, and run by that CPU once more when its handler returns - once, there. */
static void test_edge_while_running_elsewhere_is_replayed_there(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);
	unsigned int cpu;
	u32 calls0, count0;

	if (!need_two_cpus(test))
		return;
	KUNIT_ASSERT_EQ(test, setup_line(IRQF_TRIGGER_RISING, NULL), 0);
	KUNIT_EXPECT_TRUE(test, wrap.flow == handle_edge_irq);
	KUNIT_ASSERT_TRUE(test, ktest_cpu_work_start((unsigned int)other, raise_test_irq, NULL));
	count0 = desc->kstat_irqs[smp_processor_id()];
	cpu = raise_here_while_other_runs(&calls0);
	KUNIT_EXPECT_EQ(test, desc->kstat_irqs[cpu], count0 + 1);   /* taken here, held */
	KUNIT_EXPECT_EQ(test, atomic_read(&b.entered), 1);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(desc->istate) & IRQS_PENDING);
	KUNIT_EXPECT_TRUE(test, ktest_masked_at_chip(TEST_IRQ));
	WRITE_ONCE(b.release, 1);
	ktest_cpu_work_wait((unsigned int)other);
	KUNIT_EXPECT_EQ(test, b.runs_on[other], 2);
	KUNIT_EXPECT_EQ(test, b.runs_on[cpu], 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&b.overlaps), 0);
	KUNIT_EXPECT_FALSE(test, desc->istate & (IRQS_PENDING | IRQS_INPROGRESS));
	KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(TEST_IRQ));
	teardown_line(test);
}

/* Level and fasteoi: a delivery that comes while another CPU runs the handler is left,
 * not counted and not pending (the device would still assert its line). The level flow
 * leaves it masked until that CPU is done; the fasteoi flow EOIs it. */
static void check_left(struct kunit *test, unsigned long trigger, irq_flow_handler_t flow,
		       bool masked_while_running)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);
	unsigned int cpu;
	u32 calls0, count0;

	KUNIT_ASSERT_EQ(test, setup_line(trigger, flow), 0);
	KUNIT_ASSERT_TRUE(test, ktest_cpu_work_start((unsigned int)other, raise_test_irq, NULL));
	count0 = desc->kstat_irqs[smp_processor_id()];
	cpu = raise_here_while_other_runs(&calls0);
	KUNIT_EXPECT_EQ(test, desc->kstat_irqs[cpu], count0);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(desc->istate) & IRQS_PENDING);
	KUNIT_EXPECT_EQ(test, ktest_masked_at_chip(TEST_IRQ), masked_while_running);
	WRITE_ONCE(b.release, 1);
	ktest_cpu_work_wait((unsigned int)other);
	KUNIT_EXPECT_EQ(test, b.runs_on[other], 1);
	KUNIT_EXPECT_EQ(test, b.runs_on[cpu], 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&b.overlaps), 0);
	KUNIT_EXPECT_FALSE(test, desc->istate & (IRQS_PENDING | IRQS_INPROGRESS));
	KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(TEST_IRQ));
	teardown_line(test);
}

static void test_fasteoi_while_running_elsewhere_is_left(struct kunit *test)
{
	if (need_two_cpus(test))
		check_left(test, IRQF_TRIGGER_HIGH, NULL, false);
}

static void test_level_while_running_elsewhere_is_left_masked(struct kunit *test)
{
	if (need_two_cpus(test))
		check_left(test, 0, handle_level_irq, true);
}

static void release_blocker(struct timer_list *t)
{
	(void)t;
	WRITE_ONCE(b.release, 1);
}

/* synchronize_irq() and disable_irq() return only once the handler running on another
 * CPU has returned: it is released by a timer on this CPU while they wait. After
 * disable_irq(), an edge raised there is held, and enable_irq() raises it again here. */
static void check_waits(struct kunit *test, bool disable)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);
	struct timer_list release;

	KUNIT_ASSERT_EQ(test, setup_line(IRQF_TRIGGER_RISING, NULL), 0);
	KUNIT_ASSERT_TRUE(test, ktest_cpu_work_start((unsigned int)other, raise_test_irq, NULL));
	while (!atomic_read(&b.entered))
		cpu_relax();
	timer_setup(&release, release_blocker, 0);
	mod_timer(&release, jiffies + 2);
	if (disable)
		disable_irq(TEST_IRQ);
	else
		synchronize_irq(TEST_IRQ);
	KUNIT_EXPECT_EQ(test, atomic_read(&b.finished), 1);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(desc->istate) & IRQS_INPROGRESS);
	ktest_cpu_work_wait((unsigned int)other);
	del_timer_sync(&release);
	if (disable) {
		KUNIT_EXPECT_EQ(test, desc->depth, 1);
		KUNIT_EXPECT_TRUE(test, ktest_masked_at_chip(TEST_IRQ));
		KUNIT_ASSERT_TRUE(test, ktest_cpu_work_start((unsigned int)other, raise_test_irq,
							     NULL));
		ktest_cpu_work_wait((unsigned int)other);
		KUNIT_EXPECT_EQ(test, atomic_read(&b.entered), 1);      /* held, not run */
		KUNIT_EXPECT_TRUE(test, READ_ONCE(desc->istate) & IRQS_PENDING);
		enable_irq(TEST_IRQ);           /* resent on this CPU, after desc->lock */
		while (atomic_read(&b.finished) < 2)
			cpu_relax();
		KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(TEST_IRQ));
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&b.overlaps), 0);
	teardown_line(test);
}

static void test_synchronize_irq_waits_for_handler_elsewhere(struct kunit *test)
{
	if (need_two_cpus(test))
		check_waits(test, false);
}

static void test_disable_irq_waits_for_handler_elsewhere(struct kunit *test)
{
	if (need_two_cpus(test))
		check_waits(test, true);
}

/* Two CPUs raise one edge line as fast as each can take its own delivery. Each waits,
 * after a delivery held for the other CPU, until that CPU has taken it (IRQS_PENDING
 * clear): two held edges would be one, as on real hardware, and the counts would not
 * be exact. Then every raise is one run, and never two at once. */
static struct stress {
	u32 raised[NR_CPUS];    /* each CPU its own slot, as the next three */
	u32 last_count[NR_CPUS];
	u32 replays[NR_CPUS];   /* runs in the same delivery as the last: held edges */
	u32 runs;               /* a plain increment: two runs at once lose one */
	atomic_t runs_atomic, inside, overlaps;
} st;

static u32 total(const u32 *per_cpu_counts)
{
	u32 sum = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(per_cpu_counts[cpu]);
	return sum;
}

static irqreturn_t stress_handler(int irq, void *dev_id)
{
	unsigned int cpu = smp_processor_id();
	u32 count = irq_to_desc(TEST_IRQ)->kstat_irqs[cpu];

	(void)irq;
	(void)dev_id;
	if (atomic_xchg(&st.inside, 1))
		atomic_inc(&st.overlaps);
	if (count == st.last_count[cpu])
		WRITE_ONCE(st.replays[cpu], st.replays[cpu] + 1);
	st.last_count[cpu] = count;
	st.runs++;
	for (int i = 0; i < 200; i++)   /* a run long enough for the other CPU to come in */
		barrier();
	atomic_inc(&st.runs_atomic);
	atomic_set(&st.inside, 0);
	return IRQ_HANDLED;
}

static void stress_raise(void *arg)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);

	(void)arg;
	for (u32 i = 0; i < STRESS_ROUNDS || (total(st.replays) < STRESS_REPLAYS &&
					      i < 10 * STRESS_ROUNDS); i++) {
		unsigned int cpu;
		u32 count;

		preempt_disable();
		cpu = smp_processor_id();
		count = READ_ONCE(desc->kstat_irqs[cpu]);
		inject();
		st.raised[cpu]++;
		while (READ_ONCE(desc->kstat_irqs[cpu]) == count)
			cpu_relax();
		while (READ_ONCE(desc->istate) & IRQS_PENDING)
			cpu_relax();
		preempt_enable();
	}
}

static void test_two_cpus_raise_one_edge_line(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);
	u32 count0, handled0, raised;
	u64 start;
	int dev;

	if (!need_two_cpus(test))
		return;
	st = (struct stress){ 0 };
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, stress_handler, IRQF_TRIGGER_RISING,
					  "irq_smp", &dev), 0);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		st.last_count[cpu] = desc->kstat_irqs[cpu];
	count0 = total(desc->kstat_irqs);
	handled0 = desc->action->handled;
	start = get_jiffies_64();
	KUNIT_ASSERT_TRUE(test, ktest_race(stress_raise, NULL));
	raised = total(st.raised);
	kunit_info(test, "%u raises (CPU0 %u, CPU1 %u), %u held for the other CPU, %llu ticks",
		   raised, st.raised[0], st.raised[1], total(st.replays),
		   get_jiffies_64() - start);
	KUNIT_EXPECT_EQ(test, atomic_read(&inject_errors), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&st.overlaps), 0);
	KUNIT_EXPECT_EQ(test, st.runs, raised);
	KUNIT_EXPECT_EQ(test, (u32)atomic_read(&st.runs_atomic), raised);
	KUNIT_EXPECT_EQ(test, desc->action->handled - handled0, raised);
	KUNIT_EXPECT_EQ(test, total(desc->kstat_irqs) - count0, raised);
	KUNIT_EXPECT_GE(test, total(st.replays), STRESS_REPLAYS);
	KUNIT_EXPECT_FALSE(test, desc->istate & (IRQS_PENDING | IRQS_INPROGRESS));
	KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(TEST_IRQ));
	free_irq(TEST_IRQ, &dev);
	restore_trigger();
}

static struct kunit_case irq_smp_cases[] = {
	KUNIT_CASE(test_edge_while_running_elsewhere_is_replayed_there),
	KUNIT_CASE(test_fasteoi_while_running_elsewhere_is_left),
	KUNIT_CASE(test_level_while_running_elsewhere_is_left_masked),
	KUNIT_CASE(test_synchronize_irq_waits_for_handler_elsewhere),
	KUNIT_CASE(test_disable_irq_waits_for_handler_elsewhere),
	KUNIT_CASE(test_two_cpus_raise_one_edge_line),
	{}
};
kunit_test_suite(irq_smp, irq_smp_cases, .init = suite_init);
