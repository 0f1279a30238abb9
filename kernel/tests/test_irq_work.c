/* kernel/tests/test_irq_work.c - irq_work: a function queued from anywhere (interrupts
 * off, locks held) that runs in hard-IRQ context on the CPU it was queued for, once per
 * queueing that found it idle. With the LAPIC it comes by IPI on IRQ_WORK_VECTOR (the
 * IWI row); with the 8259 (one CPU) at the CPU's next tick. */
#include <irqlab/irq_work.h>
#include <irqlab/sched.h>
#include <irqlab/time.h>
#include "arch/x86/hardirq.h"
#include "arch/x86/lapic.h"
#include "kunit.h"

#define WAIT_TICKS      (2 * HZ)

/* Written by the work's function only, read after it has run. */
static struct {
	int runs, cpu, requeue, requeue_refused;
	bool in_hardirq, irqs_off;
} seen;

/* The count last: a waiter on another CPU that sees it sees the rest (x86 keeps stores
 * in order; the barrier keeps the compiler from moving them). */
static void note_run(struct irq_work *work)
{
	seen.cpu = (int)smp_processor_id();
	seen.in_hardirq = in_hardirq();
	seen.irqs_off = irqs_disabled();
	if (seen.requeue > 0) {
		seen.requeue--;
		if (!irq_work_queue(work))
			seen.requeue_refused++;
	}
	barrier();
	WRITE_ONCE(seen.runs, seen.runs + 1);
}

static struct irq_work work = IRQ_WORK_INIT(note_run);

static bool wait_runs(int n)
{
	unsigned long end = jiffies + WAIT_TICKS;

	while (READ_ONCE(seen.runs) < n)
		if (time_after(jiffies, end))
			return false;
	return true;
}

/* BUSY is cleared just after the function returns, on the CPU that ran it. */
static bool wait_idle(void)
{
	unsigned long end = jiffies + WAIT_TICKS;

	while (READ_ONCE(work.flags))
		if (time_after(jiffies, end))
			return false;
	return true;
}

static void reset(void)
{
	seen = (typeof(seen)){ .cpu = -1 };
}

/* On every online CPU in turn, from CPU 0: it runs there, in hard-IRQ context with
 * interrupts off, and that CPU's IWI row counts it when there is a LAPIC to send it. */
static void test_runs_on_the_cpu_it_was_queued_for(struct kunit *test)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		u32 iwi = per_cpu(irq_work_count, cpu);

		reset();
		KUNIT_EXPECT_TRUE(test, irq_work_queue_on(&work, cpu));
		KUNIT_EXPECT_TRUE(test, wait_runs(1));
		KUNIT_EXPECT_EQ(test, seen.cpu, (int)cpu);
		KUNIT_EXPECT_TRUE(test, seen.in_hardirq);
		KUNIT_EXPECT_TRUE(test, seen.irqs_off);
		if (arch_irq_work_has_interrupt())
			KUNIT_EXPECT_EQ(test, per_cpu(irq_work_count, cpu), iwi + 1);
		else
			KUNIT_EXPECT_EQ(test, per_cpu(irq_work_count, cpu), iwi);
	}
	KUNIT_EXPECT_TRUE(test, wait_idle());                   /* neither PENDING nor BUSY */
}

/* Queued twice before it runs (interrupts off here, so it cannot run in between): the
 * second queueing finds it PENDING and does nothing, and it runs once. */
static void test_pending_work_runs_once(struct kunit *test)
{
	unsigned long flags;

	reset();
	local_irq_save(flags);
	KUNIT_EXPECT_TRUE(test, irq_work_queue(&work));
	KUNIT_EXPECT_FALSE(test, irq_work_queue(&work));
	KUNIT_EXPECT_EQ(test, READ_ONCE(work.flags), IRQ_WORK_PENDING | IRQ_WORK_BUSY);
	KUNIT_EXPECT_EQ(test, seen.runs, 0);
	local_irq_restore(flags);
	KUNIT_EXPECT_TRUE(test, wait_runs(1));
	KUNIT_EXPECT_EQ(test, seen.runs, 1);
}

/* PENDING is cleared before the function is called, so it may queue itself again: three
 * more runs, then it is idle. */
static void test_work_may_queue_itself_again(struct kunit *test)
{
	reset();
	seen.requeue = 3;
	KUNIT_EXPECT_TRUE(test, irq_work_queue(&work));
	KUNIT_EXPECT_TRUE(test, wait_runs(4));
	KUNIT_EXPECT_TRUE(test, wait_idle());
	KUNIT_EXPECT_EQ(test, seen.runs, 4);
	KUNIT_EXPECT_EQ(test, seen.requeue_refused, 0);
}

static struct kunit_case irq_work_cases[] = {
	KUNIT_CASE(test_runs_on_the_cpu_it_was_queued_for),
	KUNIT_CASE(test_pending_work_runs_once),
	KUNIT_CASE(test_work_may_queue_itself_again),
	{}
};
kunit_test_suite(irq_work, irq_work_cases);
