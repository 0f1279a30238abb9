/* kernel/tests/test_irq_affinity.c - a line's CPUs: requested and effective masks, the
 * /proc/irq files and their refusals, and a move made at the line's next interrupt.
 *
 * The moves need the IOAPIC and a second CPU (`-smp 2`); elsewhere those cases skip.
 * The real interrupts come from the parallel port (IRQ 7, edge), which raises its line
 * once for each byte strobed out and not again until the handler reads its status: every
 * interrupt is one the test made, so one delivered twice or not at all is the kernel's
 * doing. (A free-running clock would not do: QEMU's CMOS clock raises IRQ 8 at each tick
 * whether or not the last one was acknowledged, so an interrupt whose handler runs a
 * tick late is followed by a second delivery that finds nothing - the clock's, not the
 * move's.) The other cases use the CMOS clock's line, IRQ 8, with no clock running. */
#include <irqlab/cpumask.h>
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/sched.h>
#include <irqlab/seq_file.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include <irqlab/vsprintf.h>
#include "arch/x86/acpi.h"
#include "arch/x86/ioapic.h"
#include "arch/x86/lapic.h"
#include "arch/x86/processor.h"
#include "drivers/char/short.h"
#include "drivers/rtc/rtc_cmos.h"
#include "kernel/irq/internal.h"
#include "kunit.h"

#define LPT_IRQ         SHORT_DEFAULT_IRQ
#define LEVEL_IRQ       10      /* level per QEMU's MADT, unused: "10-fasteoi" */
#define WAIT_TICKS      (5 * HZ)
#define RUNS_ON_CPU1    20      /* interrupts CPU1 takes before the test looks */

static int dev;
/* The flow handler runs one interrupt of a line at a time, on whichever CPU: */
static u32 lpt_counts[NR_CPUS]; /* per CPU: each CPU writes its own slot */
static u32 lpt_handled;         /* all CPUs: what lpt_fire() waits for */
static bool lpt_armed;          /* set by lpt_fire(), taken by the one interrupt it makes */
static u32 lpt_twice;           /* deliveries that found nothing armed: a duplicate */

static irqreturn_t lpt_count_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	(void)short_ack();
	if (!READ_ONCE(lpt_armed))
		WRITE_ONCE(lpt_twice, lpt_twice + 1);
	WRITE_ONCE(lpt_armed, false);
	WRITE_ONCE(lpt_counts[smp_processor_id()], lpt_counts[smp_processor_id()] + 1);
	WRITE_ONCE(lpt_handled, lpt_handled + 1);
	return IRQ_HANDLED;
}

/* One interrupt: the port raises IRQ 7 during short_strobe_byte(). */
static void lpt_fire(void)
{
	WRITE_ONCE(lpt_armed, true);
	short_strobe_byte(0);
}

/* IRQ 8's handler where the cases only hold the line: the clock is never started. */
static irqreturn_t quiet_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	return IRQ_NONE;
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

/* An ISA IRQ whose pin the MADT gives to another IRQ has no controller, so no
 * /proc/irq directory: IRQ 2 where an override moves IRQ 0 to pin 2 (QEMU, most PCs).
 * With no such override (v86's MADT), IRQ 2 is pin 2's line, with its files. */
static void line_without_pin_has_no_directory(struct kunit *test)
{
	char path[48];
	struct irq_route r;
	int err;

	for (unsigned int irq = 0; (err = acpi_isa_irq_route(&acpi_madt, irq, &r)) != -EINVAL;
	     irq++) {
		if (err != -ENOENT)
			continue;
		snprintf(path, sizeof(path), "/proc/irq/%u/smp_affinity", irq);
		KUNIT_EXPECT_EQ(test, proc_write(path, "1"), -ENOENT);
		snprintf(path, sizeof(path), "/proc/irq/%u/effective_affinity_list", irq);
		KUNIT_EXPECT_STREQ(test, proc_read(path), "(none)");
		return;
	}
	KUNIT_EXPECT_EQ(test, acpi_isa_irq_route(&acpi_madt, 2, &r), 0);
	KUNIT_EXPECT_EQ(test, r.gsi, 2);
	KUNIT_EXPECT_STREQ(test, proc_read("/proc/irq/2/effective_affinity_list"), "0\n");
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
	line_without_pin_has_no_directory(test);
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/default_smp_affinity", "0"), -EINVAL);
	if (!cpu_online(NR_CPUS - 1))   /* a CPU that is not there, alone */
		KUNIT_EXPECT_EQ(test, irq_set_affinity(RTC_IRQ, BIT(NR_CPUS - 1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, d->affinity, before);
	KUNIT_EXPECT_EQ(test, d->effective_affinity, eff);
	KUNIT_EXPECT_FALSE(test, irqd_is_setaffinity_pending(d));

	/* IRQF_NOBALANCING: user space may not move the line; the kernel still may. */
	KUNIT_ASSERT_EQ(test, request_irq(RTC_IRQ, quiet_interrupt, IRQF_NOBALANCING,
					  "affinity", &dev), 0);
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/8/smp_affinity", "1"), -EIO);
	KUNIT_EXPECT_FALSE(test, irqd_is_setaffinity_pending(d));
	KUNIT_EXPECT_EQ(test, irq_set_affinity(RTC_IRQ, BIT(0)), 0);
	free_irq(RTC_IRQ, &dev);
	/* Without the flag, the next driver's line is movable again. */
	KUNIT_ASSERT_EQ(test, request_irq(RTC_IRQ, quiet_interrupt, 0, "affinity", &dev), 0);
	KUNIT_EXPECT_EQ(test, proc_write("/proc/irq/8/smp_affinity", "1"), 0);
	free_irq(RTC_IRQ, &dev);
	d->state &= ~IRQD_SETAFFINITY_PENDING;  /* no interrupt came to make the move */
	restore_line(test, RTC_IRQ);
}

/* The move waits for the line's next interrupt, which is still taken on CPU 0 (the move
 * is made in its ack), and every later one goes to CPU 1. Each interrupt is made here and
 * waited for, so none may be lost (the wait would time out) and none may come twice (it
 * would find nothing armed). */
static void test_edge_line_moves_at_its_next_interrupt(struct kunit *test)
{
	struct irq_data *d = &irq_to_desc(LPT_IRQ)->irq_data;
	unsigned long flags;
	u32 at_set;
	bool all_came = true;

	if (!need_two_cpus(test))
		return;
	if (!short_port_present()) {
		kunit_skip_case(test, "no parallel port at LPT1 (QEMU: -parallel null)");
		return;
	}
	memset(lpt_counts, 0, sizeof(lpt_counts));
	lpt_handled = 0;
	lpt_twice = 0;
	KUNIT_ASSERT_EQ(test, request_irq(LPT_IRQ, lpt_count_interrupt, 0, "affinity", &dev), 0);
	for (u32 n = 1; n <= 3 && all_came; n++) {
		lpt_fire();
		all_came = wait_until_count(&lpt_handled, n);
	}
	KUNIT_EXPECT_EQ(test, READ_ONCE(lpt_counts[0]), 3);

	/* Interrupts off on CPU 0: the port's next interrupt is raised to CPU 0 and waits
	 * there, the move with it. */
	local_irq_save(flags);
	at_set = READ_ONCE(lpt_counts[0]);
	KUNIT_EXPECT_EQ(test, irq_set_affinity(LPT_IRQ, BIT(1)), 0);
	KUNIT_EXPECT_TRUE(test, irqd_is_setaffinity_pending(d));
	KUNIT_EXPECT_EQ(test, irq_get_affinity(LPT_IRQ), BIT(1));       /* smp_affinity */
	KUNIT_EXPECT_EQ(test, d->effective_affinity, BIT(0));
	KUNIT_EXPECT_EQ(test, entry_dest(LPT_IRQ), apicid_of(0));
	lpt_fire();
	local_irq_restore(flags);
	all_came = all_came && wait_until_count(&lpt_handled, at_set + 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(lpt_counts[0]), at_set + 1);
	KUNIT_EXPECT_FALSE(test, irqd_is_setaffinity_pending(d));
	KUNIT_EXPECT_EQ(test, d->effective_affinity, BIT(1));
	KUNIT_EXPECT_EQ(test, entry_dest(LPT_IRQ), apicid_of(1));

	for (u32 n = 1; n <= RUNS_ON_CPU1 && all_came; n++) {
		lpt_fire();
		all_came = wait_until_count(&lpt_handled, at_set + 1 + n);
	}
	short_disable();
	free_irq(LPT_IRQ, &dev);

	KUNIT_EXPECT_TRUE(test, all_came);
	KUNIT_EXPECT_EQ(test, READ_ONCE(lpt_counts[0]), at_set + 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(lpt_counts[1]), RUNS_ON_CPU1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(lpt_twice), 0);
	KUNIT_EXPECT_EQ(test, kstat_irqs_cpu(LPT_IRQ, 1), READ_ONCE(lpt_counts[1]));
	kunit_info(test, "IRQ 7: %u on CPU0 (1 after the request), then %u on CPU1",
		   READ_ONCE(lpt_counts[0]), READ_ONCE(lpt_counts[1]));
	restore_line(test, LPT_IRQ);
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

/* The irq/N thread runs where its line is delivered, from its first run (CPU 0 here,
 * though this busy CPU is the last an unbound thread would be sent to), and
 * irq_thread_check_affinity() has it take its line's new CPUs before its next run: from
 * the following interrupt on it runs there. */
static void test_thread_follows_its_line(struct kunit *test)
{
	if (!need_two_cpus(test))
		return;
	thread_cpu = -1;
	KUNIT_ASSERT_EQ(test, request_threaded_irq(RTC_IRQ, NULL, affinity_thread_fn,
						   IRQF_ONESHOT, "affinity", &dev), 0);
	KUNIT_EXPECT_EQ(test, irq_inject(RTC_IRQ), 0);
	synchronize_irq(RTC_IRQ);
	KUNIT_EXPECT_EQ(test, thread_cpu, 0);
	KUNIT_EXPECT_EQ(test, thread_mask, BIT(0));
	thread_mask = 0;
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
	KUNIT_ASSERT_EQ(test, request_irq(RTC_IRQ, quiet_interrupt, 0, "affinity", &dev), 0);
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
