/* kernel/tests/test_i8259.c - the 8259 pair's masks as the hardware sees them: the IMR
 * read back from the chips through request, disable/enable and free, and /proc/i8259.
 * The spurious IRQ 7/15 cases are in test_i8259_spurious.c.
 *
 * The remap (ICW2) cannot be read back from the chips; tests/test_pic.py checks it in
 * QEMU's own `info pic`.
 */
#include <irqlab/interrupt.h>
#include <irqlab/string.h>
#include "arch/x86/pic8259.h"
#include "kernel/irq/internal.h"
#include "ktest_irq.h"
#include "kunit.h"

#define MASTER_TEST_IRQ 3       /* COM2's line: no device on it in irqlab's QEMU runs */
#define SLAVE_TEST_IRQ  13      /* the old FPU error line: nothing raises it */

static int dev_a, dev_b;

static irqreturn_t imr_test_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	return IRQ_HANDLED;
}

static bool imr_masked(unsigned int irq)
{
	return i8259_read_imr() & BIT(irq);
}

/* One line's IMR bit through request, nested disable/enable and free. A slave line also
 * needs the cascade (IR2) open on the master. */
static void check_mask_follows_line(struct kunit *test, unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!ktest_pic_in_use(test))
		return;
	KUNIT_ASSERT_TRUE(test, desc->action == NULL);
	KUNIT_EXPECT_TRUE(test, imr_masked(irq));

	KUNIT_ASSERT_EQ(test, request_irq(irq, imr_test_handler, 0, "test", &dev_a), 0);
	KUNIT_EXPECT_FALSE(test, imr_masked(irq));
	if (irq >= 8)
		KUNIT_EXPECT_FALSE(test, imr_masked(PIC_CASCADE_IRQ));

	disable_irq(irq);
	KUNIT_EXPECT_TRUE(test, imr_masked(irq));
	disable_irq_nosync(irq);
	enable_irq(irq);
	KUNIT_EXPECT_TRUE(test, imr_masked(irq));      /* one disable still outstanding */
	enable_irq(irq);
	KUNIT_EXPECT_FALSE(test, imr_masked(irq));

	free_irq(irq, &dev_a);
	KUNIT_EXPECT_TRUE(test, imr_masked(irq));
	KUNIT_EXPECT_EQ(test, i8259_read_imr(), i8259_get_mask());
}

static void test_imr_follows_master_line(struct kunit *test)
{
	check_mask_follows_line(test, MASTER_TEST_IRQ);
}

static void test_imr_follows_slave_line(struct kunit *test)
{
	check_mask_follows_line(test, SLAVE_TEST_IRQ);
}

static void test_imr_shared_line_open_until_last_free(struct kunit *test)
{
	if (!ktest_pic_in_use(test))
		return;
	KUNIT_ASSERT_EQ(test, request_irq(MASTER_TEST_IRQ, imr_test_handler, IRQF_SHARED, "a", &dev_a), 0);
	KUNIT_ASSERT_EQ(test, request_irq(MASTER_TEST_IRQ, imr_test_handler, IRQF_SHARED, "b", &dev_b), 0);
	free_irq(MASTER_TEST_IRQ, &dev_a);
	KUNIT_EXPECT_FALSE(test, imr_masked(MASTER_TEST_IRQ));
	free_irq(MASTER_TEST_IRQ, &dev_b);
	KUNIT_EXPECT_TRUE(test, imr_masked(MASTER_TEST_IRQ));
}

/* Every line at once: open exactly where the core has an action and no disable. */
static void test_imr_matches_every_line(struct kunit *test)
{
	u16 imr = i8259_read_imr();

	if (!ktest_pic_in_use(test))
		return;
	for (unsigned int irq = 0; irq < PIC_NR_IRQS; irq++) {
		struct irq_desc *desc = irq_to_desc(irq);
		bool open = desc->action && desc->depth == 0;

		if (open == !!(imr & BIT(irq)))
			kunit_fail(test, __FILE__, __LINE__, "IRQ %u: IMR bit %d, but %s", irq,
				   !!(imr & BIT(irq)), open ? "it has an action" : "it has none");
	}
	KUNIT_EXPECT_FALSE(test, imr & BIT(PIC_CASCADE_IRQ));
}

/* The hex value after "name=" on /proc/i8259's row for chip ("master", "slave"), or -1. */
static int proc_i8259_field(const char *chip, const char *name)
{
	const char *p = ktest_proc_line("/proc/i8259", chip);
	int v = 0;

	p = p ? strstr(p, name) : NULL;
	if (!p)
		return -1;
	for (p += strlen(name); (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'); p++)
		v = v * 16 + (*p <= '9' ? *p - '0' : *p - 'a' + 10);
	return v;
}

/* With interrupts off the PIT's next edge on IRQ 0 stays requested and not accepted:
 * /proc/i8259 must show it in the master's IRR, not in its ISR, and the IMR the chips
 * hold. */
static void test_proc_i8259_shows_request_in_irr(struct kunit *test)
{
	unsigned long flags;
	int irr = 0, isr, imr;
	u32 polls;

	if (!ktest_pic_in_use(test))
		return;
	local_irq_save(flags);
	/* Polls, not time: each read is several port accesses, and the tick is 10 ms. */
	for (polls = 0; polls < 1000000 && irr >= 0 && !(irr & BIT(0)); polls++)
		irr = proc_i8259_field("master", "irr=");
	isr = proc_i8259_field("master", "isr=");
	imr = proc_i8259_field("master", "imr=");
	local_irq_restore(flags);

	KUNIT_EXPECT_TRUE(test, irr >= 0 && (irr & BIT(0)));
	KUNIT_EXPECT_EQ(test, isr, 0);
	KUNIT_EXPECT_EQ(test, imr, i8259_get_mask() & 0xff);
	KUNIT_EXPECT_EQ(test, proc_i8259_field("slave", "imr="), i8259_get_mask() >> 8);
}

static struct kunit_case i8259_cases[] = {
	KUNIT_CASE(test_imr_follows_master_line),
	KUNIT_CASE(test_imr_follows_slave_line),
	KUNIT_CASE(test_imr_shared_line_open_until_last_free),
	KUNIT_CASE(test_imr_matches_every_line),
	KUNIT_CASE(test_proc_i8259_shows_request_in_irr),
	{}
};

kunit_test_suite(i8259, i8259_cases);
