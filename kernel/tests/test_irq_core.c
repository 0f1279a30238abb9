/* kernel/tests/test_irq_core.c - request_irq/free_irq rules, depth nesting, and the
 * context predicates, on a spare ISA line driven by the real chip. */
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/panic.h>
#include <irqlab/string.h>
#include "kernel/irq/internal.h"
#include "kunit.h"

/* IRQ 10 is free on QEMU's pc machine (no ISA device on it). */
#define TEST_IRQ 10

static int dev_a, dev_b;

static irqreturn_t handler_handled(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	return IRQ_HANDLED;
}

static irqreturn_t handler_none(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	return IRQ_NONE;
}

static void test_request_irq_rejects_bad_input(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, request_irq(NR_IRQS, handler_handled, 0, "t", &dev_a), -EINVAL);
	KUNIT_EXPECT_EQ(test, request_irq(TEST_IRQ, NULL, 0, "t", &dev_a), -EINVAL);
	KUNIT_EXPECT_EQ(test, request_irq(TEST_IRQ, handler_handled, IRQF_SHARED, "t", NULL),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, irq_to_desc(TEST_IRQ)->action);
}

static void test_request_irq_busy_without_shared(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, handler_handled, 0, "a", &dev_a), 0);
	KUNIT_EXPECT_EQ(test, request_irq(TEST_IRQ, handler_handled, IRQF_SHARED, "b", &dev_b),
			-EBUSY);
	KUNIT_EXPECT_STREQ(test, free_irq(TEST_IRQ, &dev_a), "a");
	KUNIT_EXPECT_NULL(test, irq_to_desc(TEST_IRQ)->action);
}

static void test_shared_line_and_free_by_dev_id(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);
	u32 warns;

	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, handler_none, IRQF_SHARED, "a", &dev_a), 0);
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, handler_handled, IRQF_SHARED, "b", &dev_b), 0);
	KUNIT_EXPECT_STREQ(test, desc->action->name, "a");
	KUNIT_EXPECT_STREQ(test, desc->action->next->name, "b");

	warns = warn_count;
	KUNIT_EXPECT_NULL(test, free_irq(TEST_IRQ, &warns));    /* unknown dev_id */
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
	KUNIT_EXPECT_NOT_NULL(test, desc->action);

	KUNIT_EXPECT_STREQ(test, free_irq(TEST_IRQ, &dev_b), "b");
	KUNIT_EXPECT_STREQ(test, desc->action->name, "a");
	KUNIT_EXPECT_NULL(test, desc->action->next);
	KUNIT_EXPECT_STREQ(test, free_irq(TEST_IRQ, &dev_a), "a");
	KUNIT_EXPECT_NULL(test, desc->action);
}

static void test_disable_enable_nest(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);
	u32 warns;

	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, handler_handled, 0, "a", &dev_a), 0);
	KUNIT_EXPECT_EQ(test, desc->depth, 0);
	disable_irq(TEST_IRQ);
	disable_irq_nosync(TEST_IRQ);
	KUNIT_EXPECT_EQ(test, desc->depth, 2);
	KUNIT_EXPECT_TRUE(test, desc->istate & IRQS_MASKED);
	enable_irq(TEST_IRQ);
	KUNIT_EXPECT_EQ(test, desc->depth, 1);
	KUNIT_EXPECT_TRUE(test, desc->istate & IRQS_MASKED);    /* still one disable left */
	enable_irq(TEST_IRQ);
	KUNIT_EXPECT_EQ(test, desc->depth, 0);
	KUNIT_EXPECT_FALSE(test, desc->istate & IRQS_MASKED);

	warns = warn_count;
	enable_irq(TEST_IRQ);                                   /* unbalanced */
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
	KUNIT_EXPECT_EQ(test, desc->depth, 0);
	free_irq(TEST_IRQ, &dev_a);
}

static void test_context_predicates_in_task(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, in_task());
	KUNIT_EXPECT_FALSE(test, in_interrupt());
	KUNIT_EXPECT_FALSE(test, in_hardirq());
	KUNIT_EXPECT_FALSE(test, in_softirq());
	irq_enter();
	KUNIT_EXPECT_TRUE(test, in_hardirq());
	KUNIT_EXPECT_TRUE(test, in_interrupt());
	KUNIT_EXPECT_FALSE(test, in_task());
	irq_exit();
	KUNIT_EXPECT_TRUE(test, in_task());
}

static void test_irqs_disabled_and_save_restore(struct kunit *test)
{
	unsigned long outer, inner;

	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	local_irq_save(outer);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	local_irq_save(inner);
	local_irq_restore(inner);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());       /* the inner restore kept them off */
	local_irq_restore(outer);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
}

static struct kunit_case irq_core_cases[] = {
	KUNIT_CASE(test_request_irq_rejects_bad_input),
	KUNIT_CASE(test_request_irq_busy_without_shared),
	KUNIT_CASE(test_shared_line_and_free_by_dev_id),
	KUNIT_CASE(test_disable_enable_nest),
	KUNIT_CASE(test_context_predicates_in_task),
	KUNIT_CASE(test_irqs_disabled_and_save_restore),
	{}
};
kunit_test_suite(irq_core, irq_core_cases);

/* irq_inject(): through the chip, the IDT, do_IRQ and the flow handler, like hardware. */
static int seen_runs, seen_hardirq, seen_irqs_off;

static irqreturn_t inject_probe(int irq, void *dev_id)
{
	(void)dev_id;
	seen_runs++;
	seen_hardirq = in_hardirq() ? 1 : 0;
	seen_irqs_off = irqs_disabled() ? 1 : 0;
	return irq == TEST_IRQ ? IRQ_HANDLED : IRQ_NONE;
}

static irqreturn_t inject_probe_none(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	seen_runs++;
	return IRQ_NONE;
}

static void test_irq_inject_runs_handler_in_hardirq(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);
	u32 count;

	seen_runs = 0;
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, inject_probe, 0, "probe", &dev_a), 0);
	count = desc->kstat_irqs[0];
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_EXPECT_EQ(test, seen_runs, 1);
	KUNIT_EXPECT_EQ(test, seen_hardirq, 1);
	KUNIT_EXPECT_EQ(test, seen_irqs_off, 1);
	KUNIT_EXPECT_EQ(test, desc->kstat_irqs[0], count + 1);
	KUNIT_EXPECT_EQ(test, desc->action->handled, 1);
	KUNIT_EXPECT_TRUE(test, in_task());             /* and back out of it */
	free_irq(TEST_IRQ, &dev_a);
}

static void test_irq_inject_shared_line_runs_every_action(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);
	u32 unhandled;

	seen_runs = 0;
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, inject_probe_none, IRQF_SHARED, "a", &dev_a), 0);
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, inject_probe, IRQF_SHARED, "b", &dev_b), 0);
	unhandled = desc->unhandled_total;
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_EXPECT_EQ(test, seen_runs, 2);
	KUNIT_EXPECT_EQ(test, desc->action->handled, 0);        /* "a" said IRQ_NONE */
	KUNIT_EXPECT_EQ(test, desc->action->next->handled, 1);  /* "b" claimed it */
	KUNIT_EXPECT_EQ(test, desc->unhandled_total, unhandled); /* the line was handled */
	free_irq(TEST_IRQ, &dev_b);
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);         /* now nobody claims it */
	KUNIT_EXPECT_EQ(test, desc->unhandled_total, unhandled + 1);
	free_irq(TEST_IRQ, &dev_a);
}

static void test_irq_inject_while_disabled_runs_on_enable(struct kunit *test)
{
	seen_runs = 0;
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, inject_probe, 0, "probe", &dev_a), 0);
	disable_irq(TEST_IRQ);
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_EXPECT_EQ(test, seen_runs, 0);            /* held: the line is disabled */
	KUNIT_EXPECT_TRUE(test, irq_to_desc(TEST_IRQ)->istate & IRQS_PENDING);
	enable_irq(TEST_IRQ);                           /* the pending edge is replayed */
	KUNIT_EXPECT_EQ(test, seen_runs, 1);
	free_irq(TEST_IRQ, &dev_a);
}

/* IRQS_RECORD_RETURNS (what `raise` sets): the next delivery, and only that one, leaves
 * each action's return in last_ret; without it nothing is written. */
static void test_record_returns_of_one_delivery(struct kunit *test)
{
	const irqreturn_t unset = (irqreturn_t)0x40;    /* no handler returns this */
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);
	struct irqaction *a, *b;

	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, inject_probe_none, IRQF_SHARED, "a", &dev_a), 0);
	KUNIT_ASSERT_EQ(test, request_irq(TEST_IRQ, inject_probe, IRQF_SHARED, "b", &dev_b), 0);
	a = desc->action;
	b = a->next;
	a->last_ret = b->last_ret = unset;
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_EXPECT_EQ(test, a->last_ret, unset);      /* not asked for: not written */
	KUNIT_EXPECT_EQ(test, b->last_ret, unset);

	local_irq_disable();
	desc->istate |= IRQS_RECORD_RETURNS;
	local_irq_enable();
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_EXPECT_EQ(test, a->last_ret, IRQ_NONE);
	KUNIT_EXPECT_EQ(test, b->last_ret, IRQ_HANDLED);
	KUNIT_EXPECT_FALSE(test, desc->istate & IRQS_RECORD_RETURNS);

	a->last_ret = b->last_ret = unset;
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_EXPECT_EQ(test, a->last_ret, unset);      /* one delivery only */
	free_irq(TEST_IRQ, &dev_b);
	free_irq(TEST_IRQ, &dev_a);
}

static void test_irq_inject_bad_line(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, irq_inject(NR_IRQS), -EINVAL);
}

static struct kunit_case irq_inject_cases[] = {
	KUNIT_CASE(test_irq_inject_runs_handler_in_hardirq),
	KUNIT_CASE(test_irq_inject_shared_line_runs_every_action),
	KUNIT_CASE(test_irq_inject_while_disabled_runs_on_enable),
	KUNIT_CASE(test_record_returns_of_one_delivery),
	KUNIT_CASE(test_irq_inject_bad_line),
	{}
};
kunit_test_suite(irq_inject, irq_inject_cases);
