/* kernel/tests/test_sched_smp_preempt.c - what each CPU does for itself: each has its
 * ksoftirqd and runs the softirqs raised on it, a FIFO thread woken from another CPU
 * preempts the thread running there, and might_sleep() reads that CPU's own
 * preempt_count. Where threads are placed is test_sched_smp.c. With one CPU every case
 * skips. */
#include <irqlab/kthread.h>
#include <irqlab/softirq.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "arch/x86/cpu.h"
#include "arch/x86/hardirq.h"
#include "kunit.h"
#include "ktest_sched_smp.h"

#define TEST_SOFTIRQ    IRQ_POLL_SOFTIRQ        /* no other user */

struct name_count {
	char name[TASK_COMM_LEN];
	unsigned int found, cpu;
	bool bound;
};

static void find_named(struct task_struct *t, void *arg)
{
	struct name_count *c = arg;

	if (strcmp(t->comm, c->name) == 0) {
		c->found++;
		c->bound = (t->flags & PF_NO_SETAFFINITY) && t->cpus_mask == BIT(c->cpu);
	}
}

static void test_each_cpu_has_its_ksoftirqd(struct kunit *test)
{
	unsigned int cpu;

	if (!need_two_cpus(test))
		return;
	for_each_online_cpu(cpu) {
		struct name_count c = { .cpu = cpu };

		snprintf(c.name, sizeof(c.name), "ksoftirqd/%u", cpu);
		for_each_task(find_named, &c);
		KUNIT_EXPECT_EQ(test, c.found, 1);
		KUNIT_EXPECT_TRUE(test, c.bound);
	}
}

static unsigned int softirq_ran_on = NR_CPUS;
static struct completion softirq_ran;

static void test_softirq_action(struct softirq_action *a)
{
	(void)a;
	softirq_ran_on = smp_processor_id();
	complete(&softirq_ran);
}

static int raise_test_softirq(void *data)
{
	(void)data;
	raise_softirq(TEST_SOFTIRQ);    /* thread context: ksoftirqd of this CPU runs it */
	return 0;
}

static void test_softirq_raised_on_a_cpu_runs_there(struct kunit *test)
{
	unsigned int cpu = last_cpu();
	u32 before;
	struct task_struct *t;

	if (!need_two_cpus(test))
		return;
	init_completion(&softirq_ran);
	open_softirq(TEST_SOFTIRQ, test_softirq_action);
	before = softirq_count_of(cpu, TEST_SOFTIRQ);
	t = kthread_create_on_cpu(raise_test_softirq, NULL, cpu, "ktest_raise/%u");
	KUNIT_ASSERT_TRUE(test, t != NULL);
	wake_up_process(t);
	wait_for_completion(&softirq_ran);
	open_softirq(TEST_SOFTIRQ, NULL);
	KUNIT_EXPECT_EQ(test, softirq_ran_on, cpu);
	KUNIT_EXPECT_EQ(test, softirq_count_of(cpu, TEST_SOFTIRQ), before + 1);
	kthread_stop(t);
}

/* A FIFO thread woken on another CPU preempts the normal thread that spins there: the
 * wake-up's IPI, and that CPU's interrupt exit switching. The spinner gives up after
 * PREEMPT_WAIT_TICKS of its own CPU's ticks, so a missing preemption fails, not hangs. */
#define PREEMPT_WAIT_TICKS      (10 * HZ)

struct preempt_check {
	struct completion go, spinning;
	volatile bool fifo_ran;
	bool spinner_saw_it;
	unsigned int fifo_cpu;
};

static int spin_until_fifo_ran(void *data)
{
	struct preempt_check *pc = data;
	u32 start = this_cpu_read(apic_timer_irqs);

	complete(&pc->spinning);
	while (!pc->fifo_ran && this_cpu_read(apic_timer_irqs) - start < PREEMPT_WAIT_TICKS)
		cpu_relax();
	pc->spinner_saw_it = pc->fifo_ran;
	return 0;
}

static int fifo_wakes_and_runs(void *data)
{
	struct preempt_check *pc = data;

	wait_for_completion(&pc->go);
	pc->fifo_cpu = smp_processor_id();
	pc->fifo_ran = true;
	return 0;
}

static void test_fifo_wakeup_preempts_on_another_cpu(struct kunit *test)
{
	unsigned int cpu = last_cpu();
	struct preempt_check pc = { .fifo_cpu = NR_CPUS };
	struct task_struct *spinner, *fifo;

	if (!need_two_cpus(test))
		return;
	init_completion(&pc.go);
	init_completion(&pc.spinning);
	fifo = kthread_create_on_cpu(fifo_wakes_and_runs, &pc, cpu, "ktest_fifo/%u");
	spinner = kthread_create_on_cpu(spin_until_fifo_ran, &pc, cpu, "ktest_spin/%u");
	KUNIT_ASSERT_TRUE(test, fifo && spinner);
	KUNIT_EXPECT_EQ(test, sched_setscheduler(fifo, SCHED_FIFO, 50), 0);
	wake_up_process(fifo);
	wait_until_asleep(fifo);
	wake_up_process(spinner);
	wait_for_completion(&pc.spinning);
	complete(&pc.go);
	kthread_stop(spinner);
	KUNIT_EXPECT_TRUE(test, pc.spinner_saw_it);
	KUNIT_EXPECT_EQ(test, pc.fifo_cpu, cpu);
	kthread_stop(fifo);
}

/* might_sleep() reports a sleep with preemption off on any CPU: preempt_count is that
 * CPU's own. */
extern u32 might_sleep_reports;

static int might_sleep_atomically(void *data)
{
	u32 *reports = data, before = READ_ONCE(might_sleep_reports);

	preempt_disable();
	might_sleep();
	preempt_enable();
	might_sleep();                  /* and not here */
	*reports = READ_ONCE(might_sleep_reports) - before;
	return 0;
}

static void test_might_sleep_reports_on_another_cpu(struct kunit *test)
{
	struct task_struct *t;
	u32 reports = 0;

	if (!need_two_cpus(test))
		return;
	t = kthread_create_on_cpu(might_sleep_atomically, &reports, last_cpu(), "ktest_ms/%u");
	KUNIT_ASSERT_TRUE(test, t != NULL);
	wake_up_process(t);
	kthread_stop(t);                /* it has returned once this does */
	KUNIT_EXPECT_EQ(test, reports, 1);
}

static struct kunit_case sched_smp_preempt_cases[] = {
	KUNIT_CASE(test_each_cpu_has_its_ksoftirqd),
	KUNIT_CASE(test_softirq_raised_on_a_cpu_runs_there),
	KUNIT_CASE(test_fifo_wakeup_preempts_on_another_cpu),
	KUNIT_CASE(test_might_sleep_reports_on_another_cpu),
	{}
};
kunit_test_suite(sched_smp_preempt, sched_smp_preempt_cases);
