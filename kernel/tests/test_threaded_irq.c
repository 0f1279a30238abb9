/* kernel/tests/test_threaded_irq.c - request_threaded_irq and the irq/N-name threads:
 * contexts, names, IRQ_WAKE_THREAD, the NULL primary handler, synchronize_irq and
 * free_irq while a thread_fn runs, shared lines. IRQF_ONESHOT's masking is
 * test_threaded_irq_oneshot.c. On a spare line, raised with irq_inject through whichever
 * chip drives it. */
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/kthread.h>
#include <irqlab/sched.h>
#include <irqlab/string.h>
#include <irqlab/timer.h>
#include "kernel/irq/internal.h"
#include "ktest_irq.h"
#include "ktest_threaded_irq.h"
#include "kunit.h"

struct name_count {
	const char *name;
	int n;
};

static void count_named(struct task_struct *t, void *arg)
{
	struct name_count *c = arg;
	char name[64];

	get_kthread_comm(name, sizeof(name), t);
	if (strcmp(name, c->name) == 0)
		c->n++;
}

/* How many threads ps would list under this name. */
static int threads_named(const char *name)
{
	struct name_count c = { name, 0 };

	for_each_task(count_named, &c);
	return c.n;
}

/* thread_fn runs in its own irq/10-name thread, SCHED_FIFO 50, in process context, after
 * the primary handler ran in hard-IRQ context. */
static void test_thread_fn_runs_in_its_fifo_thread(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);
	struct task_struct *t;

	if (!line_free(test, TEST_IRQ))
		return;
	KUNIT_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, primary, thread_fn, 0, "tthread",
						   &dev_a), 0);
	t = desc->action->thread;
	KUNIT_ASSERT_TRUE(test, t != NULL);
	KUNIT_EXPECT_STREQ(test, t->comm, "irq/10-tthread");
	KUNIT_EXPECT_EQ(test, t->policy, SCHED_FIFO);
	KUNIT_EXPECT_EQ(test, t->rt_priority, 50);
	KUNIT_EXPECT_EQ(test, threads_named("irq/10-tthread"), 1);

	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	synchronize_irq(TEST_IRQ);
	KUNIT_EXPECT_EQ(test, h.primary[0].runs, 1);
	KUNIT_EXPECT_TRUE(test, h.primary[0].in_hardirq);
	KUNIT_EXPECT_TRUE(test, h.primary[0].irqs_off);
	KUNIT_EXPECT_EQ(test, h.thread[0].runs, 1);
	KUNIT_EXPECT_GT(test, h.thread[0].order, h.primary[0].order);
	KUNIT_EXPECT_TRUE(test, h.thread[0].task == t);
	KUNIT_EXPECT_TRUE(test, h.thread[0].in_task);
	KUNIT_EXPECT_FALSE(test, h.thread[0].in_interrupt);
	KUNIT_EXPECT_FALSE(test, h.thread[0].irqs_off);
	KUNIT_EXPECT_EQ(test, h.thread[0].preempt, 0);          /* it may sleep */
	KUNIT_EXPECT_EQ(test, desc->action->handled, 1);        /* thread_fn's IRQ_HANDLED */
	free_irq(TEST_IRQ, &dev_a);
}

/* comm keeps TASK_COMM_LEN - 1 characters of irq/N-name, as Linux's does; ps the whole. */
static void test_thread_name_cut_in_comm_whole_in_ps(struct kunit *test)
{
	struct task_struct *t;
	char name[64];

	if (!line_free(test, TEST_IRQ))
		return;
	KUNIT_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, primary, thread_fn, 0,
						   "a-rather-long-device", &dev_a), 0);
	t = irq_to_desc(TEST_IRQ)->action->thread;
	KUNIT_ASSERT_TRUE(test, t != NULL);
	KUNIT_EXPECT_STREQ(test, t->comm, "irq/10-a-rather");
	KUNIT_EXPECT_EQ(test, strlen(t->comm), TASK_COMM_LEN - 1);
	get_kthread_comm(name, sizeof(name), t);
	KUNIT_EXPECT_STREQ(test, name, "irq/10-a-rather-long-device");
	free_irq(TEST_IRQ, &dev_a);
}

/* IRQ_WAKE_THREAD wakes the thread, IRQ_HANDLED does not; two wake-ups before the thread
 * gets to run are one run. */
static void test_wake_thread_wakes_handled_does_not(struct kunit *test)
{
	if (!line_free(test, TEST_IRQ))
		return;
	KUNIT_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, primary, thread_fn, 0, "tthread",
						   &dev_a), 0);
	h.verdict = IRQ_HANDLED;
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	synchronize_irq(TEST_IRQ);
	msleep(20);                     /* a thread woken by mistake would have run by now */
	KUNIT_EXPECT_EQ(test, h.primary[0].runs, 1);
	KUNIT_EXPECT_EQ(test, h.thread[0].runs, 0);

	h.verdict = IRQ_WAKE_THREAD;
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	synchronize_irq(TEST_IRQ);
	KUNIT_EXPECT_EQ(test, h.primary[0].runs, 2);
	KUNIT_EXPECT_EQ(test, h.thread[0].runs, 1);

	/* Preemption off: the FIFO thread cannot run until preempt_enable(). */
	preempt_disable();
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_EXPECT_EQ(test, irq_to_desc(TEST_IRQ)->threads_active, 1);
	preempt_enable();
	synchronize_irq(TEST_IRQ);
	KUNIT_EXPECT_EQ(test, h.primary[0].runs, 4);
	KUNIT_EXPECT_EQ(test, h.thread[0].runs, 2);
	free_irq(TEST_IRQ, &dev_a);
}

/* A NULL primary handler wakes the thread, and is refused without IRQF_ONESHOT, with
 * Linux's message, leaving neither an action nor a thread behind. */
static void test_null_handler_needs_oneshot(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);

	if (!line_free(test, TEST_IRQ))
		return;
	KUNIT_EXPECT_EQ(test, request_threaded_irq(TEST_IRQ, NULL, NULL, IRQF_ONESHOT, "tnull",
						   &dev_a), -EINVAL);
	KUNIT_EXPECT_EQ(test, request_threaded_irq(TEST_IRQ, NULL, thread_fn, 0, "tnull",
						   &dev_a), -EINVAL);
	KUNIT_EXPECT_NULL(test, desc->action);
	KUNIT_EXPECT_EQ(test, threads_named("irq/10-tnull"), 0);
	ktest_capture_log();
	KUNIT_EXPECT_TRUE(test, ktest_log_has_line("genirq: Threaded irq requested with "
						   "handler=NULL and !ONESHOT for tnull (irq 10)",
						   NULL));

	KUNIT_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, NULL, thread_fn, IRQF_ONESHOT,
						   "tnull", &dev_a), 0);
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	synchronize_irq(TEST_IRQ);
	KUNIT_EXPECT_EQ(test, h.thread[0].runs, 1);
	free_irq(TEST_IRQ, &dev_a);
}

/* synchronize_irq() and disable_irq() return only after a running thread_fn has. */
static void test_synchronize_irq_waits_for_thread(struct kunit *test)
{
	if (!line_free(test, TEST_IRQ))
		return;
	KUNIT_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, primary, thread_fn, 0, "tsync",
						   &dev_a), 0);
	h.sleep_ms = 20;
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_ASSERT_TRUE(test, started(0));
	KUNIT_EXPECT_FALSE(test, h.finished[0]);        /* asleep in msleep */
	synchronize_irq(TEST_IRQ);
	KUNIT_EXPECT_TRUE(test, h.finished[0]);

	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_ASSERT_TRUE(test, started(0));
	KUNIT_EXPECT_FALSE(test, h.finished[0]);
	disable_irq(TEST_IRQ);
	KUNIT_EXPECT_TRUE(test, h.finished[0]);
	enable_irq(TEST_IRQ);
	free_irq(TEST_IRQ, &dev_a);
}

/* free_irq() waits for a running thread_fn, then stops the thread: ps no longer lists
 * it. A thread that never ran is stopped too. */
static void test_free_irq_waits_and_stops_thread(struct kunit *test)
{
	if (!line_free(test, TEST_IRQ))
		return;
	KUNIT_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, primary, thread_fn, 0, "tfree",
						   &dev_a), 0);
	KUNIT_EXPECT_EQ(test, threads_named("irq/10-tfree"), 1);
	h.sleep_ms = 20;
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	KUNIT_ASSERT_TRUE(test, started(0));
	KUNIT_EXPECT_FALSE(test, h.finished[0]);
	KUNIT_EXPECT_STREQ(test, free_irq(TEST_IRQ, &dev_a), "tfree");
	KUNIT_EXPECT_TRUE(test, h.finished[0]);
	KUNIT_EXPECT_EQ(test, threads_named("irq/10-tfree"), 0);
	KUNIT_EXPECT_NULL(test, irq_to_desc(TEST_IRQ)->action);

	KUNIT_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, primary, thread_fn, 0, "tfree",
						   &dev_a), 0);
	KUNIT_EXPECT_EQ(test, threads_named("irq/10-tfree"), 1);
	free_irq(TEST_IRQ, &dev_a);
	KUNIT_EXPECT_EQ(test, threads_named("irq/10-tfree"), 0);
	KUNIT_EXPECT_EQ(test, h.thread[0].runs, 1);
}

/* Two threaded actions on a shared line: each primary wakes its own thread, and both
 * thread_fns run, each in its thread. Sharers must agree on IRQF_ONESHOT. */
static void test_shared_line_runs_both_threads(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);

	if (!line_free(test, TEST_IRQ))
		return;
	KUNIT_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, primary, thread_fn, IRQF_SHARED,
						   "tshare-a", &dev_a), 0);
	KUNIT_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, primary, thread_fn, IRQF_SHARED,
						   "tshare-b", &dev_b), 0);
	KUNIT_EXPECT_EQ(test, request_threaded_irq(TEST_IRQ, primary, thread_fn,
						   IRQF_SHARED | IRQF_ONESHOT, "tshare-c",
						   &dev_a), -EBUSY);
	KUNIT_EXPECT_EQ(test, threads_named("irq/10-tshare-c"), 0);
	KUNIT_EXPECT_EQ(test, irq_inject(TEST_IRQ), 0);
	synchronize_irq(TEST_IRQ);
	KUNIT_EXPECT_EQ(test, h.primary[0].runs, 1);
	KUNIT_EXPECT_EQ(test, h.primary[1].runs, 1);
	KUNIT_EXPECT_EQ(test, h.thread[0].runs, 1);
	KUNIT_EXPECT_EQ(test, h.thread[1].runs, 1);
	KUNIT_EXPECT_TRUE(test, h.thread[0].task == desc->action->thread);
	KUNIT_EXPECT_TRUE(test, h.thread[1].task == desc->action->next->thread);
	KUNIT_EXPECT_TRUE(test, h.thread[0].task != h.thread[1].task);
	free_irq(TEST_IRQ, &dev_a);
	free_irq(TEST_IRQ, &dev_b);
}

static struct kunit_case threaded_irq_cases[] = {
	KUNIT_CASE(test_thread_fn_runs_in_its_fifo_thread),
	KUNIT_CASE(test_thread_name_cut_in_comm_whole_in_ps),
	KUNIT_CASE(test_wake_thread_wakes_handled_does_not),
	KUNIT_CASE(test_null_handler_needs_oneshot),
	KUNIT_CASE(test_synchronize_irq_waits_for_thread),
	KUNIT_CASE(test_free_irq_waits_and_stops_thread),
	KUNIT_CASE(test_shared_line_runs_both_threads),
	{}
};
kunit_test_suite(threaded_irq, threaded_irq_cases, .init = threaded_init,
		  .exit = threaded_exit);
