/* kernel/tests/test_threaded_irq_oneshot.c - IRQF_ONESHOT: the line masked at the chip
 * (read back from it) from the interrupt until every woken thread_fn has returned, on a
 * level and an edge line; disable_irq while a thread_fn runs; ONESHOT sharers. On spare
 * lines, raised with irq_inject through whichever chip drives them. The threads
 * themselves are test_threaded_irq.c's. */
#include <irqlab/interrupt.h>
#include "kernel/irq/internal.h"
#include "ktest_irq.h"
#include "ktest_threaded_irq.h"
#include "kunit.h"

/* IRQF_ONESHOT: from the interrupt until thread_fn returns the line is masked at the chip;
 * the device raising it meanwhile is held (the primary does not run) and delivered once
 * the thread unmasks. */
static void check_oneshot_masks_until_thread_returns(struct kunit *test, unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	threaded_init(test);
	if (!line_free(test, irq))
		return;
	KUNIT_ASSERT_EQ(test, request_threaded_irq(irq, primary, thread_fn, IRQF_ONESHOT,
						   "toneshot", &dev_a), 0);
	KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(irq));
	h.block = true;
	KUNIT_EXPECT_EQ(test, irq_inject(irq), 0);
	KUNIT_ASSERT_TRUE(test, started(0));
	/* thread_fn is running now, blocked on h.release. */
	KUNIT_EXPECT_TRUE(test, ktest_masked_at_chip(irq));
	KUNIT_EXPECT_TRUE(test, desc->istate & IRQS_MASKED);
	KUNIT_EXPECT_NE(test, desc->threads_oneshot, 0);

	KUNIT_EXPECT_EQ(test, irq_inject(irq), 0);      /* raised again while masked */
	KUNIT_EXPECT_EQ(test, h.primary[0].runs, 1);
	KUNIT_EXPECT_TRUE(test, desc->istate & IRQS_PENDING);

	complete(&h.release[0]);
	synchronize_irq(irq);
	KUNIT_EXPECT_EQ(test, h.primary[0].runs, 2);    /* the held one, after the unmask */
	KUNIT_EXPECT_EQ(test, h.thread[0].runs, 2);
	KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(irq));
	KUNIT_EXPECT_FALSE(test, desc->istate & (IRQS_MASKED | IRQS_PENDING));
	KUNIT_EXPECT_EQ(test, desc->threads_oneshot, 0);
	free_irq(irq, &dev_a);
}

static void test_oneshot_masks_until_thread_returns(struct kunit *test)
{
	check_oneshot_masks_until_thread_returns(test, TEST_IRQ);
	check_oneshot_masks_until_thread_returns(test, EDGE_IRQ);
}

/* A primary handler that deals with the interrupt itself (IRQ_HANDLED) on a ONESHOT line
 * leaves it unmasked: no thread is owed. */
static void test_oneshot_unmasks_at_once_without_thread(struct kunit *test)
{
	if (!line_free(test, TEST_IRQ))
		return;
	KUNIT_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, primary, thread_fn, IRQF_ONESHOT,
						   "toneshot", &dev_a), 0);
	h.verdict = IRQ_HANDLED;
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_EXPECT_EQ(test, h.primary[0].runs, 1);
	KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(TEST_IRQ));
	KUNIT_EXPECT_EQ(test, irq_to_desc(TEST_IRQ)->threads_oneshot, 0);
	free_irq(TEST_IRQ, &dev_a);
}

/* disable_irq_nosync() while thread_fn runs: the thread's return does not unmask the
 * line, enable_irq() does. An enable_irq() before the thread returns does not unmask it
 * either: the thread still owes its unmask. */
static void test_disable_while_thread_runs_keeps_masked(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);

	if (!line_free(test, TEST_IRQ))
		return;
	KUNIT_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, primary, thread_fn, IRQF_ONESHOT,
						   "toneshot", &dev_a), 0);
	h.block = true;
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_ASSERT_TRUE(test, started(0));
	disable_irq_nosync(TEST_IRQ);
	complete(&h.release[0]);
	synchronize_irq(TEST_IRQ);
	KUNIT_EXPECT_TRUE(test, h.finished[0]);
	KUNIT_EXPECT_TRUE(test, ktest_masked_at_chip(TEST_IRQ));
	KUNIT_EXPECT_EQ(test, desc->depth, 1);
	enable_irq(TEST_IRQ);
	KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(TEST_IRQ));

	reinit_completion(&h.started[0]);
	h.block = true;
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_ASSERT_TRUE(test, started(0));
	disable_irq_nosync(TEST_IRQ);
	enable_irq(TEST_IRQ);
	KUNIT_EXPECT_TRUE(test, ktest_masked_at_chip(TEST_IRQ));       /* still owed */
	complete(&h.release[0]);
	synchronize_irq(TEST_IRQ);
	KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(TEST_IRQ));
	KUNIT_EXPECT_EQ(test, desc->depth, 0);
	free_irq(TEST_IRQ, &dev_a);
}

/* Two ONESHOT sharers: the line stays masked until the last woken thread returns. */
static void test_shared_oneshot_waits_for_every_thread(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);

	if (!line_free(test, TEST_IRQ))
		return;
	KUNIT_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, primary, thread_fn,
						   IRQF_SHARED | IRQF_ONESHOT, "tshare-a",
						   &dev_a), 0);
	KUNIT_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, primary, thread_fn,
						   IRQF_SHARED | IRQF_ONESHOT, "tshare-b",
						   &dev_b), 0);
	KUNIT_EXPECT_NE(test, desc->action->thread_mask, desc->action->next->thread_mask);
	h.block = true;                 /* the first thread_fn to run blocks: it is a's */
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_ASSERT_TRUE(test, started(0));
	KUNIT_ASSERT_TRUE(test, started(1));
	/* b's thread is SCHED_FIFO: it ran to its end before this thread got the CPU back. */
	KUNIT_EXPECT_TRUE(test, h.finished[1]);
	KUNIT_EXPECT_FALSE(test, h.finished[0]);
	KUNIT_EXPECT_TRUE(test, ktest_masked_at_chip(TEST_IRQ));
	complete(&h.release[0]);
	synchronize_irq(TEST_IRQ);
	KUNIT_EXPECT_FALSE(test, ktest_masked_at_chip(TEST_IRQ));
	free_irq(TEST_IRQ, &dev_a);
	free_irq(TEST_IRQ, &dev_b);
}

static struct kunit_case threaded_irq_oneshot_cases[] = {
	KUNIT_CASE(test_oneshot_masks_until_thread_returns),
	KUNIT_CASE(test_oneshot_unmasks_at_once_without_thread),
	KUNIT_CASE(test_disable_while_thread_runs_keeps_masked),
	KUNIT_CASE(test_shared_oneshot_waits_for_every_thread),
	{}
};
kunit_test_suite(threaded_irq_oneshot, threaded_irq_oneshot_cases, .init = threaded_init,
		  .exit = threaded_exit);
