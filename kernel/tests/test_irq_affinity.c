/* kernel/tests/test_irq_affinity.c - a line's CPUs: requested and effective masks, the
 * /proc/irq files and their refusals, and a move made at the line's next interrupt.
 *
 * The moves need the IOAPIC and a second CPU (`-smp 2`); elsewhere those cases skip.
 * The real interrupts come from the CMOS clock (IRQ 8, 1024 a second, edge), whose
 * handler here only counts per CPU and acknowledges the clock: safe on any CPU today,
 * where a driver's bottom halves are not yet. */
#include <irqlab/cpumask.h>
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/sched.h>
#include <irqlab/seq_file.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include "arch/x86/acpi.h"
#include "arch/x86/ioapic.h"
#include "arch/x86/lapic.h"
#include "arch/x86/processor.h"
#include "drivers/rtc/rtc_cmos.h"
#include "kernel/irq/internal.h"
#include "kunit.h"

#define LEVEL_IRQ       10      /* level per QEMU's MADT, unused: "10-fasteoi" */
#define WAIT_TICKS      (5 * HZ)
#define RUNS_ON_CPU1    20      /* interrupts CPU1 takes before the test looks */

static int dev;
static u32 rtc_counts[NR_CPUS]; /* per CPU: each CPU writes its own slot */
static u32 rtc_not_ours;        /* deliveries with the clock's flag down: a duplicate */

static irqreturn_t rtc_count_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	if (!(rtc_periodic_ack() & RTC_REG_C_PF))
		WRITE_ONCE(rtc_not_ours, rtc_not_ours + 1);
	WRITE_ONCE(rtc_counts[smp_processor_id()], rtc_counts[smp_processor_id()] + 1);
	return IRQ_HANDLED;
}

static bool need_two_cpus(struct kunit *test)
{
	if (apic_intr_mode != APIC_SYMMETRIC_IO) {
		kunit_skip_case(test, "irqchip is the 8259 PIC here: its lines go to CPU 0 only");
		return false;
	}
	if (!cpu_online(1)) {
		kunit_skip_case(test, "one CPU: nowhere to move a line to (boot with -smp 2)");
		return false;
	}
	return true;
}

/* The APIC ID in line irq's redirection entry, as the IOAPIC holds it now. */
static unsigned int entry_dest(unsigned int irq)
{
	u64 e = 0;

	(void)ioapic_read_irq_entry(irq, &e);
	return (unsigned int)(e >> IOAPIC_RTE_DEST_SHIFT);
}

static unsigned int apicid_of(unsigned int cpu)
{
	return per_cpu(cpu_info, cpu).apicid;
}

static bool wait_until_count(const u32 *count, u32 n)
{
	unsigned long end = jiffies + WAIT_TICKS;

	while (READ_ONCE(*count) < n)
		if (time_after(jiffies, end))
			return false;
	return true;
}

static char procbuf[128];

static const char *proc_read(const char *path)
{
	const struct proc_file *f = proc_file_find(path);
	struct seq_file m = { .buf = procbuf, .size = sizeof(procbuf) };

	if (!f || proc_file_show(f, &m) < 0)
		return "(none)";
	procbuf[m.count] = '\0';
	return procbuf;
}

static int proc_write(const char *path, const char *text)
{
	const struct proc_file *f = proc_file_find(path);

	if (!f)
		return -ENOENT;
	return f->write ? f->write(f, text, strlen(text)) : -EACCES;
}

/* Back to where boot left a line: every CPU requested, CPU 0 effective. No action. */
static void restore_line(struct kunit *test, unsigned int irq)
{
	if (irq_can_set_affinity(irq))
		KUNIT_EXPECT_EQ(test, irq_set_affinity(irq, CPU_MASK_ALL), 0);
}

static void test_unused_line_moves_at_once(struct kunit *test)
{
	struct irq_data *d = &irq_to_desc(RTC_IRQ)->irq_data;

	if (!need_two_cpus(test))
		return;
	KUNIT_ASSERT_TRUE(test, !irq_has_action(RTC_IRQ));
	KUNIT_EXPECT_EQ(test, d->effective_affinity, BIT(0));
	KUNIT_EXPECT_EQ(test, entry_dest(RTC_IRQ), apicid_of(0));
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/8/smp_affinity", "2\n"), 0);
	KUNIT_EXPECT_FALSE(test, irqd_is_setaffinity_pending(d));
	KUNIT_EXPECT_EQ(test, d->affinity, BIT(1));
	KUNIT_EXPECT_EQ(test, d->effective_affinity, BIT(1));
	KUNIT_EXPECT_EQ(test, entry_dest(RTC_IRQ), apicid_of(1));
	KUNIT_EXPECT_STREQ(test, proc_read("/proc/irq/8/smp_affinity"), "2\n");
	KUNIT_EXPECT_STREQ(test, proc_read("/proc/irq/8/smp_affinity_list"), "1\n");
	KUNIT_EXPECT_STREQ(test, proc_read("/proc/irq/8/effective_affinity"), "2\n");
	KUNIT_EXPECT_STREQ(test, proc_read("/proc/irq/8/effective_affinity_list"), "1\n");
	/* Two CPUs requested: the IOAPIC names one, the first online. */
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/8/smp_affinity_list", "0-1"), 0);
	KUNIT_EXPECT_EQ(test, d->affinity, BIT(0) | BIT(1));
	KUNIT_EXPECT_EQ(test, d->effective_affinity, BIT(0));
	KUNIT_EXPECT_EQ(test, entry_dest(RTC_IRQ), apicid_of(0));
	restore_line(test, RTC_IRQ);
}

static void test_refusals_change_nothing(struct kunit *test)
{
	struct irq_data *d = &irq_to_desc(RTC_IRQ)->irq_data;
	unsigned long before = d->affinity, eff = d->effective_affinity;

	if (apic_intr_mode != APIC_SYMMETRIC_IO) {
		/* The 8259 has no irq_set_affinity: Linux's -EIO from /proc. */
		KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/1/smp_affinity", "1"), -EIO);
		KUNIT_EXPECT_EQ(test, irq_set_affinity(1, BIT(0)), -EINVAL);
		KUNIT_EXPECT_STREQ(test, proc_read("/proc/irq/1/effective_affinity_list"), "0\n");
		return;
	}
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/8/smp_affinity", "0"), -EINVAL);
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/8/smp_affinity", "xyz"), -EINVAL);
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/8/smp_affinity", "100"), -EOVERFLOW);
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/8/smp_affinity_list", "9"), -ERANGE);
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/8/smp_affinity_list", "1-"), -EINVAL);
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/8/effective_affinity", "1"), -EACCES);
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/2/smp_affinity", "1"), -ENOENT);
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/default_smp_affinity", "0"), -EINVAL);
	if (!cpu_online(NR_CPUS - 1))   /* a CPU that is not there, alone */
		KUNIT_EXPECT_EQ(test, irq_set_affinity(RTC_IRQ, BIT(NR_CPUS - 1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, d->affinity, before);
	KUNIT_EXPECT_EQ(test, d->effective_affinity, eff);
	KUNIT_EXPECT_FALSE(test, irqd_is_setaffinity_pending(d));

	/* IRQF_NOBALANCING: user space may not move the line; the kernel still may. */
	KUNIT_ASSERT_EQ(test, request_irq(RTC_IRQ, rtc_count_interrupt, IRQF_NOBALANCING,
					  "affinity", &dev), 0);
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/8/smp_affinity", "1"), -EIO);
	KUNIT_EXPECT_FALSE(test, irqd_is_setaffinity_pending(d));
	KUNIT_EXPECT_EQ(test, irq_set_affinity(RTC_IRQ, BIT(0)), 0);
	free_irq(RTC_IRQ, &dev);
	/* Without the flag, the next driver's line is movable again. */
	KUNIT_ASSERT_EQ(test, request_irq(RTC_IRQ, rtc_count_interrupt, 0, "affinity", &dev), 0);
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/8/smp_affinity", "1"), 0);
	free_irq(RTC_IRQ, &dev);
	d->state &= ~IRQD_SETAFFINITY_PENDING;  /* no interrupt came to make the move */
	restore_line(test, RTC_IRQ);
}

/* The clock's interrupts: the move waits for the next one, which is still taken on
 * CPU 0 (the move is made in its ack), and every later one goes to CPU 1. None is lost
 * (the clock would stop: it raises IRQ 8 again only once acknowledged) and none comes
 * twice (a second delivery would find the clock's flag down). */
static void test_edge_line_moves_at_its_next_interrupt(struct kunit *test)
{
	struct irq_data *d = &irq_to_desc(RTC_IRQ)->irq_data;
	unsigned long flags;
	u32 at_set, at_move, not_ours;

	if (!need_two_cpus(test))
		return;
	memset(rtc_counts, 0, sizeof(rtc_counts));
	rtc_not_ours = 0;
	KUNIT_ASSERT_EQ(test, request_irq(RTC_IRQ, rtc_count_interrupt, 0, "affinity", &dev), 0);
	rtc_periodic_start();
	KUNIT_EXPECT_TRUE(test, wait_until_count(&rtc_counts[0], 5));

	/* Interrupts off here: the clock's next interrupt waits for CPU 0, and with it the
	 * move. */
	local_irq_save(flags);
	at_set = READ_ONCE(rtc_counts[0]);
	KUNIT_EXPECT_EQ(test, irq_set_affinity(RTC_IRQ, BIT(1)), 0);
	KUNIT_EXPECT_TRUE(test, irqd_is_setaffinity_pending(d));
	KUNIT_EXPECT_EQ(test, irq_get_affinity(RTC_IRQ), BIT(1));       /* smp_affinity */
	KUNIT_EXPECT_EQ(test, d->effective_affinity, BIT(0));
	KUNIT_EXPECT_EQ(test, entry_dest(RTC_IRQ), apicid_of(0));
	local_irq_restore(flags);

	KUNIT_EXPECT_TRUE(test, wait_until_count(&rtc_counts[1], 1));
	at_move = READ_ONCE(rtc_counts[0]);
	KUNIT_EXPECT_TRUE(test, wait_until_count(&rtc_counts[1], RUNS_ON_CPU1));
	/* Read before the stop: an interrupt already on its way to CPU 1 when CPU 0 turns
	 * the clock off finds the flag taken by the stop's read of C, rightly not ours. */
	not_ours = READ_ONCE(rtc_not_ours);
	rtc_periodic_stop();
	free_irq(RTC_IRQ, &dev);

	KUNIT_EXPECT_EQ(test, at_move, at_set + 1);     /* exactly one more on CPU 0 */
	KUNIT_EXPECT_EQ(test, READ_ONCE(rtc_counts[0]), at_move);
	KUNIT_EXPECT_FALSE(test, irqd_is_setaffinity_pending(d));
	KUNIT_EXPECT_EQ(test, d->effective_affinity, BIT(1));
	KUNIT_EXPECT_EQ(test, entry_dest(RTC_IRQ), apicid_of(1));
	KUNIT_EXPECT_EQ(test, not_ours, 0);
	KUNIT_EXPECT_EQ(test, kstat_irqs_cpu(RTC_IRQ, 1), READ_ONCE(rtc_counts[1]));
	kunit_info(test, "IRQ 8: %u on CPU0 (1 after the request), then %u on CPU1",
		   at_move, READ_ONCE(rtc_counts[1]));
	restore_line(test, RTC_IRQ);
}

static u32 level_runs;

static irqreturn_t level_count_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	level_runs++;
	return IRQ_HANDLED;
}

/* A level line moves after the EOI (ioapic_ack_level). Raised by a self-IPI, which the
 * LAPIC takes as an edge: Remote IRR stays clear, so the move is made at once there. */
static void test_level_line_moves_after_its_eoi(struct kunit *test)
{
	struct irq_data *d = &irq_to_desc(LEVEL_IRQ)->irq_data;

	if (!need_two_cpus(test))
		return;
	level_runs = 0;
	KUNIT_ASSERT_EQ(test, request_irq(LEVEL_IRQ, level_count_interrupt, 0, "affinity", &dev),
			0);
	KUNIT_EXPECT_TRUE(test, irq_to_desc(LEVEL_IRQ)->handle_irq == handle_fasteoi_irq);
	KUNIT_EXPECT_EQ(test, irq_set_affinity(LEVEL_IRQ, BIT(1)), 0);
	KUNIT_EXPECT_TRUE(test, irqd_is_setaffinity_pending(d));
	KUNIT_EXPECT_EQ(test, entry_dest(LEVEL_IRQ), apicid_of(0));
	KUNIT_EXPECT_EQ(test, irq_inject(LEVEL_IRQ), 0);
	KUNIT_EXPECT_EQ(test, level_runs, 1);
	KUNIT_EXPECT_FALSE(test, irqd_is_setaffinity_pending(d));
	KUNIT_EXPECT_EQ(test, d->effective_affinity, BIT(1));
	KUNIT_EXPECT_EQ(test, entry_dest(LEVEL_IRQ), apicid_of(1));
	free_irq(LEVEL_IRQ, &dev);
	restore_line(test, LEVEL_IRQ);
}

static unsigned long thread_mask;
static int thread_cpu;

static irqreturn_t affinity_thread_fn(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	thread_mask = current->cpus_mask;
	thread_cpu = (int)smp_processor_id();
	return IRQ_HANDLED;
}

/* irq_thread_check_affinity(): the irq/N thread takes its line's new CPUs before its
 * next run, and from the following interrupt on runs there. */
static void test_thread_follows_its_line(struct kunit *test)
{
	if (!need_two_cpus(test))
		return;
	thread_mask = 0;
	KUNIT_ASSERT_EQ(test, request_threaded_irq(RTC_IRQ, NULL, affinity_thread_fn,
						   IRQF_ONESHOT, "affinity", &dev), 0);
	KUNIT_EXPECT_EQ(test, irq_set_affinity(RTC_IRQ, BIT(1)), 0);
	KUNIT_EXPECT_EQ(test, irq_inject(RTC_IRQ), 0);  /* the move, then the thread */
	synchronize_irq(RTC_IRQ);
	KUNIT_EXPECT_EQ(test, thread_mask, BIT(1));
	thread_cpu = -1;
	KUNIT_EXPECT_EQ(test, irq_inject(RTC_IRQ), 0);  /* now on CPU1, thread too */
	synchronize_irq(RTC_IRQ);
	KUNIT_EXPECT_EQ(test, thread_cpu, 1);
	free_irq(RTC_IRQ, &dev);
	restore_line(test, RTC_IRQ);
}

static void test_default_affinity(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, irq_default_affinity, CPU_MASK_ALL);
	KUNIT_EXPECT_STREQ(test, proc_read("/proc/irq/default_smp_affinity"),
			   nr_cpu_ids == 1 ? "1\n" : nr_cpu_ids == 2 ? "3\n" :
			   nr_cpu_ids <= 4 ? "f\n" : "ff\n");
	if (!need_two_cpus(test))
		return;
	/* A line's first request takes the default; one already moved keeps its mask. */
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/default_smp_affinity", "2"), 0);
	irq_to_desc(RTC_IRQ)->irq_data.state &= ~IRQD_AFFINITY_SET;
	KUNIT_ASSERT_EQ(test, request_irq(RTC_IRQ, rtc_count_interrupt, 0, "affinity", &dev), 0);
	KUNIT_EXPECT_EQ(test, irq_to_desc(RTC_IRQ)->irq_data.effective_affinity, BIT(1));
	free_irq(RTC_IRQ, &dev);
	irq_default_affinity = CPU_MASK_ALL;
	restore_line(test, RTC_IRQ);
}

static struct kunit_case irq_affinity_cases[] = {
	KUNIT_CASE(test_unused_line_moves_at_once),
	KUNIT_CASE(test_refusals_change_nothing),
	KUNIT_CASE(test_edge_line_moves_at_its_next_interrupt),
	KUNIT_CASE(test_level_line_moves_after_its_eoi),
	KUNIT_CASE(test_thread_follows_its_line),
	KUNIT_CASE(test_default_affinity),
	{}
};
kunit_test_suite(irq_affinity, irq_affinity_cases);
