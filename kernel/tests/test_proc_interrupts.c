/* kernel/tests/test_proc_interrupts.c - /proc/interrupts as Linux lays it out, read
 * through the same show() the shell's `cat` uses. */
#include <irqlab/interrupt.h>
#include <irqlab/seq_file.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "arch/x86/acpi.h"
#include "arch/x86/lapic.h"
#include "kernel/irq/internal.h"
#include "kunit.h"

#define TEST_IRQ 10     /* free on QEMU's pc machine */

static int dev_a, dev_b;
static char procbuf[4096];

static irqreturn_t alpha_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	return IRQ_HANDLED;
}

static irqreturn_t beta_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	return IRQ_NONE;
}

/* The row of line irq in /proc/interrupts, without its newline, or NULL if none. */
static const char *proc_interrupts_row(struct kunit *test, unsigned int irq)
{
	const struct proc_file *f = proc_file_find("/proc/interrupts");
	struct seq_file m = { .buf = procbuf, .size = sizeof(procbuf) };
	char head[8];
	size_t n;

	if (!f || f->show(&m) || m.overflow) {
		kunit_fail(test, __FILE__, __LINE__, "cannot read /proc/interrupts");
		return NULL;
	}
	procbuf[MIN(m.count, sizeof(procbuf) - 1)] = '\0';
	snprintf(head, sizeof(head), "%3u: ", irq);
	n = strlen(head);
	for (char *line = procbuf; *line; ) {
		char *eol = strchr(line, '\n');

		if (eol)
			*eol = '\0';
		if (strncmp(line, head, n) == 0)
			return line;
		if (!eol)
			break;
		line = eol + 1;
	}
	return NULL;
}

/* " 10: " and one count column per online CPU, as the row starts: CPU 0's count is
 * cpu0, the others' their own (the device lines go to the boot CPU). */
static size_t row_counts(char *buf, size_t size, unsigned int irq, u32 cpu0)
{
	size_t n = snprintf(buf, size, "%3u: ", irq);
	unsigned int cpu;

	for_each_online_cpu(cpu)
		n += snprintf(buf + n, size - n, "%10u ",
			      cpu ? irq_to_desc(irq)->kstat_irqs[cpu] : cpu0);
	return n;
}

/* A shared line's row names every action, joined by ", " in the order they were
 * requested, after the count, the chip and the line-trigger column. */
static void test_shared_line_row_joins_action_names(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);
	bool apic = apic_intr_mode == APIC_SYMMETRIC_IO;
	struct irq_route r = { .level = false };
	char want[192];
	const char *row;
	size_t n;
	u32 count;

	if (desc->action) {
		kunit_skip_case(test, "the test line already has a driver");
		return;
	}
	if (apic)
		KUNIT_ASSERT_EQ(test, acpi_isa_irq_route(&acpi_madt, TEST_IRQ, &r), 0);
	count = desc->kstat_irqs[0];
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, alpha_handler, IRQF_SHARED, "alpha-dev",
					  &dev_a), 0);
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, beta_handler, IRQF_SHARED, "beta-dev",
					  &dev_b), 0);
	for (int i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);

	/* Built from what the test knows: three deliveries, the chip of this mode, and the
	 * trigger the MADT gives IRQ 10 (level: fasteoi) or the 8259's edge. */
	n = row_counts(want, sizeof(want), TEST_IRQ, count + 3);
	snprintf(want + n, sizeof(want) - n, " %8s  10-%-8s  alpha-dev, beta-dev",
		 apic ? "IO-APIC" : "XT-PIC", r.level ? "fasteoi" : "edge");
	row = proc_interrupts_row(test, TEST_IRQ);
	KUNIT_EXPECT_STREQ(test, row, want);

	free_irq(TEST_IRQ, &dev_a);
	n = row_counts(want, sizeof(want), TEST_IRQ, count + 3);
	snprintf(want + n, sizeof(want) - n, " %8s  10-%-8s  beta-dev",
		 apic ? "IO-APIC" : "XT-PIC", r.level ? "fasteoi" : "edge");
	KUNIT_EXPECT_STREQ(test, proc_interrupts_row(test, TEST_IRQ), want);

	/* No action left, but counts: the row stays, its name column empty (Linux too). */
	free_irq(TEST_IRQ, &dev_b);
	n = row_counts(want, sizeof(want), TEST_IRQ, count + 3);
	snprintf(want + n, sizeof(want) - n, " %8s  10-%-8s",
		 apic ? "IO-APIC" : "XT-PIC", r.level ? "fasteoi" : "edge");
	KUNIT_EXPECT_STREQ(test, proc_interrupts_row(test, TEST_IRQ), want);
}

/* A line with no action that no CPU ever counted has no row. */
static void test_line_without_action_or_count_has_no_row(struct kunit *test)
{
	for (unsigned int irq = 0; irq < NR_IRQS; irq++) {
		const struct irq_desc *desc = irq_to_desc(irq);
		u32 any = 0;

		for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
			any |= desc->kstat_irqs[cpu];
		if (!desc->action && !any) {
			KUNIT_EXPECT_NULL(test, proc_interrupts_row(test, irq));
			return;
		}
	}
	kunit_skip_case(test, "every line has an action or a count");
}

static struct kunit_case proc_interrupts_cases[] = {
	KUNIT_CASE(test_shared_line_row_joins_action_names),
	KUNIT_CASE(test_line_without_action_or_count_has_no_row),
	{}
};
kunit_test_suite(proc_interrupts, proc_interrupts_cases);
