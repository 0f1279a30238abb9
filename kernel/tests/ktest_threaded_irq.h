/* kernel/tests/ktest_threaded_irq.h - a threaded handler that reports on itself, for the
 * threaded_irq and threaded_irq_oneshot suites: what each half saw when it ran (context,
 * order, thread), and a gate that holds thread_fn until the test lets it go. Two devices,
 * a and b, share the handlers: index 0 and 1 of each array. The state is per suite (each
 * including file has its own), reset by threaded_init() before each case; the suites run
 * one at a time, so it has no lock. */
#ifndef KERNEL_TESTS_KTEST_THREADED_IRQ_H
#define KERNEL_TESTS_KTEST_THREADED_IRQ_H

#include <irqlab/interrupt.h>
#include <irqlab/sched.h>
#include <irqlab/string.h>
#include <irqlab/timer.h>
#include "kernel/irq/internal.h"
#include "ktest_irq.h"
#include "kunit.h"

/* IRQ 10 is free on QEMU's pc machine: level (fasteoi) through the IOAPIC, edge on the
 * 8259. IRQ 7 is free too and edge in both modes. */
#define TEST_IRQ        10
#define EDGE_IRQ        7
#define WAIT            (HZ / 2)        /* for what should take a tick or two */

static int dev_a, dev_b;

/* What one half of a handler saw when it ran. */
struct seen {
	int runs;
	int order;                      /* when it last ran, in a count over both halves */
	bool in_hardirq, in_interrupt, in_task, irqs_off;
	unsigned int preempt;
	struct task_struct *task;
};

/* The shared state of one test's handlers, reset before each case. */
static struct {
	int clock;
	irqreturn_t verdict;            /* what the primary handler returns */
	struct seen primary[2], thread[2];
	bool block;                     /* the next thread_fn run waits for release */
	unsigned int sleep_ms;          /* thread_fn sleeps this long */
	bool finished[2];
	struct completion started[2], release[2];
} h;

static inline int threaded_init(struct kunit *test)
{
	(void)test;
	memset(&h, 0, sizeof(h));
	h.verdict = IRQ_WAKE_THREAD;
	for (int i = 0; i < 2; i++) {
		init_completion(&h.started[i]);
		init_completion(&h.release[i]);
	}
	return 0;
}

/* After each case: a thread_fn a failed case left at the gate is let go, then any
 * action the case left on either line is reported and freed (ktest_free_left_irq). */
static inline void threaded_exit(struct kunit *test)
{
	static const unsigned int lines[] = { TEST_IRQ, EDGE_IRQ };

	h.block = false;
	for (int i = 0; i < 2; i++)
		complete(&h.release[i]);
	for (unsigned int i = 0; i < ARRAY_SIZE(lines); i++) {
		ktest_free_left_irq(test, lines[i], &dev_a);
		ktest_free_left_irq(test, lines[i], &dev_b);
	}
}

static inline void look(struct seen *s)
{
	s->runs++;
	s->order = ++h.clock;
	s->in_hardirq = in_hardirq();
	s->in_interrupt = in_interrupt();
	s->in_task = in_task();
	s->irqs_off = irqs_disabled();
	s->preempt = preempt_count();
	s->task = current;
}

static inline int which(void *dev_id)
{
	return dev_id == &dev_b;
}

static inline irqreturn_t primary(int irq, void *dev_id)
{
	(void)irq;
	look(&h.primary[which(dev_id)]);
	return h.verdict;
}

static inline irqreturn_t thread_fn(int irq, void *dev_id)
{
	int i = which(dev_id);

	(void)irq;
	look(&h.thread[i]);
	h.finished[i] = false;
	complete(&h.started[i]);
	if (h.block) {
		h.block = false;
		wait_for_completion(&h.release[i]);
	}
	if (h.sleep_ms)
		msleep(h.sleep_ms);
	h.finished[i] = true;
	return IRQ_HANDLED;
}

static inline bool line_free(struct kunit *test, unsigned int irq)
{
	if (!irq_to_desc(irq)->action)
		return true;
	kunit_skip_case(test, "the test line already has a driver");
	return false;
}

static inline bool started(int i)
{
	return wait_for_completion_timeout(&h.started[i], WAIT) != 0;
}

#endif
