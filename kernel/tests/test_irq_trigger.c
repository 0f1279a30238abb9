/* kernel/tests/test_irq_trigger.c - IRQF_TRIGGER_* at request_irq(): the IOAPIC pin and
 * the flow handler follow what the driver asks for; the 8259 (edge only) keeps its own. */
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include "arch/x86/acpi.h"
#include "arch/x86/ioapic.h"
#include "arch/x86/lapic.h"
#include "kernel/irq/internal.h"
#include "kunit.h"

#define TEST_IRQ 10     /* level, active high per QEMU's MADT: "10-fasteoi" */

/* The request flag that gives a line the trigger and polarity of entry e: what a test
 * passes to leave the line as it found it, whatever the MADT said. */
static unsigned long trigger_of(u64 e)
{
	if (e & IOAPIC_RTE_LEVEL)
		return e & IOAPIC_RTE_INTPOL_LOW ? IRQF_TRIGGER_LOW : IRQF_TRIGGER_HIGH;
	return e & IOAPIC_RTE_INTPOL_LOW ? IRQF_TRIGGER_FALLING : IRQF_TRIGGER_RISING;
}

#define RTE_TRIGGER_BITS (IOAPIC_RTE_LEVEL | IOAPIC_RTE_INTPOL_LOW)

static int dev, runs;

static irqreturn_t count_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	runs++;
	return IRQ_HANDLED;
}

static void test_trigger_flags_program_the_ioapic(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);
	irq_flow_handler_t flow;
	const char *flow_name;
	u64 e, found;

	if (apic_intr_mode != APIC_SYMMETRIC_IO) {
		kunit_skip_case(test, "irqchip is the 8259 PIC here: no IOAPIC pin to program");
		return;
	}
	KUNIT_ASSERT_EQ(test, ioapic_read_irq_entry(TEST_IRQ, &found), 0);
	flow = desc->handle_irq;
	flow_name = desc->name;
	runs = 0;
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, count_handler, IRQF_TRIGGER_FALLING,
					  "trig", &dev), 0);
	KUNIT_ASSERT_EQ(test, ioapic_read_irq_entry(TEST_IRQ, &e), 0);
	KUNIT_EXPECT_FALSE(test, e & IOAPIC_RTE_LEVEL);
	KUNIT_EXPECT_TRUE(test, e & IOAPIC_RTE_INTPOL_LOW);
	KUNIT_EXPECT_STREQ(test, desc->name, "edge");
	KUNIT_EXPECT_TRUE(test, desc->handle_irq == handle_edge_irq);
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);         /* and it still works */
	KUNIT_EXPECT_EQ(test, runs, 1);
	free_irq(TEST_IRQ, &dev);

	/* Back to the trigger and polarity the line had before. */
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, count_handler, trigger_of(found),
					  "trig", &dev), 0);
	KUNIT_ASSERT_EQ(test, ioapic_read_irq_entry(TEST_IRQ, &e), 0);
	KUNIT_EXPECT_EQ(test, e & RTE_TRIGGER_BITS, found & RTE_TRIGGER_BITS);
	KUNIT_EXPECT_STREQ(test, desc->name, flow_name);
	KUNIT_EXPECT_TRUE(test, desc->handle_irq == flow);
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_EXPECT_EQ(test, runs, 2);
	free_irq(TEST_IRQ, &dev);
}

static void test_trigger_flags_checked_in_every_mode(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, request_irq(TEST_IRQ, count_handler,
					  IRQF_TRIGGER_RISING | IRQF_TRIGGER_LOW, "trig", &dev),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, irq_to_desc(TEST_IRQ)->action);
	/* The 8259 cannot change a line's trigger: the request stands, the line stays edge. */
	if (apic_intr_mode != APIC_SYMMETRIC_IO) {
		KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, count_handler, IRQF_TRIGGER_HIGH,
						  "trig", &dev), 0);
		KUNIT_EXPECT_STREQ(test, irq_to_desc(TEST_IRQ)->name, "edge");
		free_irq(TEST_IRQ, &dev);
	}
}

/* Last: the suite leaves the line as boot programmed it from the MADT. */
static void test_line_left_as_the_madt_says(struct kunit *test)
{
	struct irq_route r;
	u64 e;

	if (apic_intr_mode != APIC_SYMMETRIC_IO) {
		kunit_skip_case(test, "irqchip is the 8259 PIC here: no IOAPIC pin to program");
		return;
	}
	KUNIT_ASSERT_EQ(test, acpi_isa_irq_route(&acpi_madt, TEST_IRQ, &r), 0);
	KUNIT_ASSERT_EQ(test, ioapic_read_irq_entry(TEST_IRQ, &e), 0);
	KUNIT_EXPECT_EQ(test, !!(e & IOAPIC_RTE_LEVEL), r.level);
	KUNIT_EXPECT_EQ(test, !!(e & IOAPIC_RTE_INTPOL_LOW), r.active_low);
	KUNIT_EXPECT_TRUE(test, irq_to_desc(TEST_IRQ)->handle_irq ==
			  (r.level ? handle_fasteoi_irq : handle_edge_irq));
}

static struct kunit_case irq_trigger_cases[] = {
	KUNIT_CASE(test_trigger_flags_program_the_ioapic),
	KUNIT_CASE(test_trigger_flags_checked_in_every_mode),
	KUNIT_CASE(test_line_left_as_the_madt_says),
	{}
};
kunit_test_suite(irq_trigger, irq_trigger_cases);
