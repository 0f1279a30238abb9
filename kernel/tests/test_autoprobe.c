/* kernel/tests/test_autoprobe.c - probe_irq_on()/probe_irq_off() and can_request_irq()
 * (kernel/irq/autoprobe.c), with the lines raised by irq_inject() through whichever chip
 * drives them; tests/test_isa_devices.py probes the parallel port's real IRQ 7. */
#include <irqlab/interrupt.h>
#include <irqlab/string.h>
#include "kernel/irq/internal.h"
#include "ktest_irq.h"
#include "kunit.h"

/* Lines with no device on QEMU's pc machine: IRQ 10 (a level line under the IOAPIC) and
 * IRQ 13 (the old FPU error line, edge). */
#define LINE_A          10
#define LINE_B          13
#define PIC_MASTER_IR7  7

static int dev_a, dev_b;

static irqreturn_t quiet_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	return IRQ_HANDLED;
}

static bool lines_free(struct kunit *test)
{
	if (!irq_to_desc(LINE_A)->action && !irq_to_desc(LINE_B)->action)
		return true;
	kunit_skip_case(test, "a test line already has a driver");
	return false;
}

/* After probe_irq_off() every probed line is off again, as it was. */
static void expect_line_off(struct kunit *test, unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	KUNIT_EXPECT_FALSE(test, desc->istate & IRQS_AUTODETECT);
	KUNIT_EXPECT_TRUE(test, desc->istate & IRQS_DISABLED);
	KUNIT_EXPECT_EQ(test, desc->depth, 1);
	KUNIT_EXPECT_TRUE(test, ktest_masked_at_chip(irq));
}

static void test_probe_finds_the_line_that_fired(struct kunit *test)
{
	unsigned long mask;

	if (!lines_free(test))
		return;
	mask = probe_irq_on();
	KUNIT_EXPECT_TRUE(test, mask & BIT(LINE_A));
	KUNIT_EXPECT_TRUE(test, mask & BIT(LINE_B));
	KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(LINE_A));         /* on while probing */
	KUNIT_ASSERT_EQ(test, irq_inject(LINE_A), 0);
	KUNIT_EXPECT_EQ(test, probe_irq_off(mask), LINE_A);
	expect_line_off(test, LINE_A);
	expect_line_off(test, LINE_B);
}

static void test_probe_none_fired_is_zero(struct kunit *test)
{
	if (!lines_free(test))
		return;
	KUNIT_EXPECT_EQ(test, probe_irq_off(probe_irq_on()), 0);
	expect_line_off(test, LINE_A);
}

static void test_probe_two_fired_is_minus_the_lowest(struct kunit *test)
{
	unsigned long mask;

	if (!lines_free(test))
		return;
	mask = probe_irq_on();
	KUNIT_ASSERT_EQ(test, irq_inject(LINE_B), 0);
	KUNIT_ASSERT_EQ(test, irq_inject(LINE_A), 0);
	KUNIT_EXPECT_EQ(test, probe_irq_off(mask), -LINE_A);
}

/* Lines with a driver are never turned on by probing, nor reported. */
static void test_probe_skips_lines_with_an_action(struct kunit *test)
{
	unsigned long mask;

	if (!lines_free(test))
		return;
	KUNIT_ASSERT_EQ(test, request_irq(LINE_A, quiet_handler, 0, "probe-test", &dev_a), 0);
	mask = probe_irq_on();
	KUNIT_EXPECT_FALSE(test, mask & BIT(LINE_A));
	KUNIT_EXPECT_FALSE(test, mask & BIT(0));        /* the timer */
	KUNIT_EXPECT_TRUE(test, mask & BIT(LINE_B));
	KUNIT_ASSERT_EQ(test, irq_inject(LINE_A), 0);
	KUNIT_EXPECT_EQ(test, probe_irq_off(mask), 0);
	KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(LINE_A));        /* still its driver's */
	free_irq(LINE_A, &dev_a);
}

/* The 8259's spurious IRQ 7 (INT 0x27 with the master's ISR bit 7 clear) does not count
 * as IRQ 7 firing; a real delivery on the same vector does. */
static void test_probe_ignores_spurious_irq7(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(PIC_MASTER_IR7);
	unsigned long mask;

	if (!desc->irq_data.chip || strcmp(desc->irq_data.chip->name, "XT-PIC") != 0) {
		kunit_skip_case(test, "the 8259s do not deliver the ISA lines (irqchip=apic)");
		return;
	}
	if (desc->action) {
		kunit_skip_case(test, "IRQ 7 already has a driver");
		return;
	}
	mask = probe_irq_on();
	KUNIT_ASSERT_TRUE(test, mask & BIT(PIC_MASTER_IR7));
	__asm__ __volatile__("int $0x27" ::: "memory");
	KUNIT_EXPECT_EQ(test, probe_irq_off(mask), 0);

	mask = probe_irq_on();
	KUNIT_ASSERT_EQ(test, irq_inject(PIC_MASTER_IR7), 0);
	KUNIT_EXPECT_EQ(test, probe_irq_off(mask), PIC_MASTER_IR7);
}

static void test_can_request_irq(struct kunit *test)
{
	if (!lines_free(test))
		return;
	KUNIT_EXPECT_TRUE(test, can_request_irq(LINE_A, 0));
	KUNIT_EXPECT_FALSE(test, can_request_irq(NR_IRQS, 0));
	KUNIT_ASSERT_EQ(test, request_irq(LINE_A, quiet_handler, IRQF_SHARED, "a", &dev_a), 0);
	KUNIT_EXPECT_FALSE(test, can_request_irq(LINE_A, 0));
	KUNIT_EXPECT_TRUE(test, can_request_irq(LINE_A, IRQF_SHARED));
	KUNIT_ASSERT_EQ(test, request_irq(LINE_B, quiet_handler, 0, "b", &dev_b), 0);
	KUNIT_EXPECT_FALSE(test, can_request_irq(LINE_B, IRQF_SHARED));
	free_irq(LINE_B, &dev_b);
	free_irq(LINE_A, &dev_a);
	KUNIT_EXPECT_TRUE(test, can_request_irq(LINE_A, 0));
}

static struct kunit_case autoprobe_cases[] = {
	KUNIT_CASE(test_probe_finds_the_line_that_fired),
	KUNIT_CASE(test_probe_none_fired_is_zero),
	KUNIT_CASE(test_probe_two_fired_is_minus_the_lowest),
	KUNIT_CASE(test_probe_skips_lines_with_an_action),
	KUNIT_CASE(test_probe_ignores_spurious_irq7),
	KUNIT_CASE(test_can_request_irq),
	{}
};
kunit_test_suite(irq_autoprobe, autoprobe_cases);
