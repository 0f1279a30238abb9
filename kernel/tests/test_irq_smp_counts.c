/* kernel/tests/test_irq_smp_counts.c - the architecture's interrupt counts on several
 * CPUs (arch/x86/hardirq.h): SPU per CPU, ERR one atomic count that any CPU adds to. */
#include <irqlab/atomic.h>
#include <irqlab/cpumask.h>
#include <irqlab/interrupt.h>
#include "arch/x86/hardirq.h"
#include "arch/x86/irq_vectors.h"
#include "arch/x86/lapic.h"
#include "kernel/irq/internal.h"
#include "cpu_work.h"
#include "ktest_irq.h"
#include "kunit.h"

static int other;               /* the second CPU, or -1 */

static int suite_init(struct kunit *test)
{
	(void)test;
	other = ktest_other_cpu();
	return 0;
}

static u32 total(const u32 *per_cpu_counts)
{
	u32 sum = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(per_cpu_counts[cpu]);
	return sum;
}

/* SPU is counted per CPU: a spurious-vector interrupt taken on CPU 1 moves CPU 1's
 * column and not this one's, and /proc/interrupts shows one column per CPU. */
static void raise_spurious_vector(void *arg)
{
	u32 spu = this_cpu_read(irq_spurious_count);

	(void)arg;
	apic_send_IPI_self(SPURIOUS_APIC_VECTOR);
	while (this_cpu_read(irq_spurious_count) == spu)
		cpu_relax();
	/* An IPI on the vector, unlike a real spurious interrupt, set its ISR bit, which
	 * the handler rightly leaves: at the top priority it would hold off every other
	 * interrupt of this CPU, its tick included. */
	if (lapic_vector_in_service(SPURIOUS_APIC_VECTOR))
		lapic_eoi();
}

static void test_spurious_counted_on_the_cpu_that_took_it(struct kunit *test)
{
	u32 spu[NR_CPUS];
	const char *row;
	unsigned int cpu, columns = 0;

	if (apic_intr_mode != APIC_SYMMETRIC_IO) {
		kunit_skip_case(test, "irqchip is the 8259 PIC here: no LAPIC spurious vector");
		return;
	}
	if (other < 0) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return;
	}
	for_each_possible_cpu(cpu)
		spu[cpu] = per_cpu(irq_spurious_count, cpu);
	KUNIT_ASSERT_TRUE(test, ktest_cpu_work_start((unsigned int)other,
						     raise_spurious_vector, NULL));
	ktest_cpu_work_wait((unsigned int)other);
	while (per_cpu(irq_spurious_count, other) == spu[other])
		cpu_relax();
	for_each_possible_cpu(cpu)
		KUNIT_EXPECT_EQ(test, per_cpu(irq_spurious_count, cpu),
				spu[cpu] + (cpu == (unsigned int)other));
	row = ktest_proc_line("/proc/interrupts", "SPU:");
	KUNIT_ASSERT_TRUE(test, row != NULL);
	for (const char *p = row + 4; *p; p++)
		columns += (*p >= '0' && *p <= '9') && !(p[1] >= '0' && p[1] <= '9');
	KUNIT_EXPECT_EQ(test, columns, num_online_cpus());
}

/* ERR is one count that every CPU adds to: two CPUs counting at once lose nothing.
 * The deliveries are a line no controller drives (its flow is handle_bad_irq), run as
 * do_IRQ runs it, with interrupts off. */
#define ERR_ROUNDS 20000
static unsigned int bad_irq;

static void count_bad_deliveries(void *arg)
{
	unsigned long flags;

	(void)arg;
	for (unsigned int i = 0; i < ERR_ROUNDS; i++) {
		local_irq_save(flags);
		generic_handle_irq(bad_irq);
		local_irq_restore(flags);
	}
}

static void test_err_counted_by_two_cpus_at_once(struct kunit *test)
{
	u32 err0, count0;

	if (other < 0) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return;
	}
	for (bad_irq = NR_IRQS; bad_irq-- > 0;)
		if (!irq_to_desc(bad_irq)->irq_data.chip)
			break;
	if (bad_irq >= NR_IRQS) {
		kunit_skip_case(test, "every line has a controller here");
		return;
	}
	err0 = (u32)atomic_read(&irq_err_count);
	count0 = total(irq_to_desc(bad_irq)->kstat_irqs);
	KUNIT_ASSERT_TRUE(test, ktest_race(count_bad_deliveries, NULL));
	KUNIT_EXPECT_EQ(test, (u32)atomic_read(&irq_err_count) - err0, 2u * ERR_ROUNDS);
	KUNIT_EXPECT_EQ(test, total(irq_to_desc(bad_irq)->kstat_irqs) - count0,
			2u * ERR_ROUNDS);
}

static struct kunit_case irq_smp_counts_cases[] = {
	KUNIT_CASE(test_spurious_counted_on_the_cpu_that_took_it),
	KUNIT_CASE(test_err_counted_by_two_cpus_at_once),
	{}
};
kunit_test_suite(irq_smp_counts, irq_smp_counts_cases, .init = suite_init);
