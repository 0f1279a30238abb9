/* kernel/tests/test_irq_trigger.c - IRQF_TRIGGER_* at request_irq(): the IOAPIC pin and
 * the flow handler follow what the driver asks for; the 8259 (edge only) keeps its own. */
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include "arch/x86/ioapic.h"
#include "arch/x86/lapic.h"
#include "kernel/irq/internal.h"
#include "kunit.h"

#define TEST_IRQ 10     /* level, active high per QEMU's MADT: "10-fasteoi" */

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
	u64 e;

	if (apic_intr_mode != APIC_SYMMETRIC_IO) {
		kunit_skip_case(test, "irqchip is the 8259 PIC here: no IOAPIC pin to program");
		return;
	}
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

	/* Back to what the MADT says for this line: level, active high. */
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, count_handler, IRQF_TRIGGER_HIGH,
					  "trig", &dev), 0);
	KUNIT_ASSERT_EQ(test, ioapic_read_irq_entry(TEST_IRQ, &e), 0);
	KUNIT_EXPECT_TRUE(test, e & IOAPIC_RTE_LEVEL);
	KUNIT_EXPECT_FALSE(test, e & IOAPIC_RTE_INTPOL_LOW);
	KUNIT_EXPECT_STREQ(test, desc->name, "fasteoi");
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

static struct kunit_case irq_trigger_cases[] = {
	KUNIT_CASE(test_trigger_flags_program_the_ioapic),
	KUNIT_CASE(test_trigger_flags_checked_in_every_mode),
	{}
};
kunit_test_suite(irq_trigger, irq_trigger_cases);
