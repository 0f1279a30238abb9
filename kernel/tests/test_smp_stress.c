/* kernel/tests/test_smp_stress.c - two CPUs scheduling the same tasklets and queueing
 * the same work items, from threads and from hard IRQs, while IPIs and a device's
 * interrupts arrive: no request lost or served twice, no object run twice at once.
 *
 * - Threads: one bound to CPU 0, one to CPU 1, 2 x ROUNDS_PER_CPU rounds. Each
 *   round schedules a shared tasklet (normal and hi in turn, bottom halves off around
 *   it so the softirq runs at local_bh_enable()) and queues a shared work item (on this
 *   CPU and the other in turn), so both CPUs race for SCHED and PENDING all the time.
 *   The items go on the high-priority queue: its nice -20 kworker runs an item as
 *   soon as it is queued on its own CPU, so items are often running while the other
 *   CPU queues them again (on system_wq they would stay pending, run a few dozen times).
 * - IPIs: every IPI_EVERY rounds a thread has the other CPU, in hard-IRQ context, make
 *   one more request of each kind: the CPU being raced against is also interrupted.
 * - A device: the parallel port raises IRQ 7 once per byte strobed out and not again
 *   until its handler reads the status, so every interrupt is one the test made and
 *   the count that came must equal the count fired. Its handler makes one request of
 *   each kind; halfway the line moves to the other CPU, so both CPUs take it.
 * Every request is counted before it is made and every run takes all counted so far:
 * with SCHED/PENDING taken atomically the runs' totals equal the requests exactly, and
 * with RUN (tasklets) and the last-pool rule (work) no run begins beside another of the
 * same object. Nothing waits on host time: the waits are guest jiffies and end on a
 * condition. */
#include <irqlab/atomic.h>
#include <irqlab/cpumask.h>
#include <irqlab/interrupt.h>
#include <irqlab/kthread.h>
#include <irqlab/sched.h>
#include <irqlab/smp.h>
#include <irqlab/string.h>
#include <irqlab/tasklet.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include <irqlab/workqueue.h>
#include "arch/x86/lapic.h"
#include "drivers/char/short.h"
#include "kunit.h"

#define ROUNDS_PER_CPU  50000
#define IPI_EVERY       64              /* rounds per IPI, from each thread */
#define IPIS_PER_CPU    ((ROUNDS_PER_CPU + IPI_EVERY - 1) / IPI_EVERY)
#define LPT_IRQ         SHORT_DEFAULT_IRQ
#define DRAIN_TICKS     (10 * HZ)

/* One shared tasklet's or work item's books. */
struct account {
	atomic_t requests;      /* atomic: counted before each request, taken by runs */
	u32 served;             /* written only inside a run: exact only if runs never overlap */
	atomic_t in_run;        /* atomic: 1 for the length of a run */
	atomic_t overlaps;      /* atomic: runs that found another run inside */
	atomic_t runs;          /* atomic */
};

struct stress_tasklet {
	struct tasklet_struct t;
	struct account acct;
};

struct stress_work {
	struct work_struct work;
	struct account acct;
};

static struct stress_tasklet tasklets[2];
static struct stress_work works[2];
static atomic_t arrived;                /* atomic: threads at the start line */
static atomic_t ipi_calls, ipi_runs;    /* atomic: sent by the threads, run on arrival */

/* The device: its flow handler runs one interrupt of the line at a time, on any CPU. */
static int lpt_dev;
static bool lpt_on;                     /* written before the threads start, then read */
static u32 lpt_fired;                   /* written only by the CPU 0 thread */
static atomic_t lpt_handled;            /* atomic: written by the handler on any CPU */
static u32 lpt_on_cpu[NR_CPUS];         /* per CPU: each CPU writes its own slot */
static int lpt_move_ret = -1;           /* written only by the CPU 0 thread */

static void account_run(struct account *a)
{
	if (atomic_xchg(&a->in_run, 1))
		atomic_inc(&a->overlaps);
	a->served += (u32)atomic_xchg(&a->requests, 0);
	for (int i = 0; i < 200; i++)   /* long enough for another CPU to start a run */
		barrier();
	atomic_inc(&a->runs);
	atomic_set(&a->in_run, 0);
}

static void stress_tasklet_fn(struct tasklet_struct *t)
{
	account_run(&container_of(t, struct stress_tasklet, t)->acct);
}

static void stress_work_fn(struct work_struct *work)
{
	account_run(&container_of(work, struct stress_work, work)->acct);
}

/* Any context. A thread turns bottom halves off around it, so the run comes at once. */
static void request_tasklet(unsigned int n, bool hi)
{
	atomic_inc(&tasklets[n].acct.requests);
	if (hi)
		tasklet_hi_schedule(&tasklets[n].t);
	else
		tasklet_schedule(&tasklets[n].t);
}

static void request_work(unsigned int n, int cpu)
{
	atomic_inc(&works[n].acct.requests);
	queue_work_on(cpu, system_highpri_wq, &works[n].work);
}

/* The other CPU's function call IPI: hard-IRQ context. */
static void request_from_ipi(void *info)
{
	unsigned int n = (unsigned int)(unsigned long)info;

	atomic_inc(&ipi_runs);
	request_tasklet(n, false);
	request_work(n, WORK_CPU_UNBOUND);
}

static irqreturn_t lpt_stress_interrupt(int irq, void *dev_id)
{
	unsigned int n = (unsigned int)atomic_read(&lpt_handled) & 1;

	(void)irq;
	(void)dev_id;
	(void)short_ack();              /* the line goes down: the next strobe raises it */
	WRITE_ONCE(lpt_on_cpu[smp_processor_id()], lpt_on_cpu[smp_processor_id()] + 1);
	request_tasklet(n, true);
	request_work(n, WORK_CPU_UNBOUND);
	atomic_inc(&lpt_handled);       /* last: the thread fires again only after this */
	return IRQ_HANDLED;
}

/* CPU 0's thread: the next byte once the last one's interrupt was handled, no waiting. */
static void lpt_fire_if_handled(unsigned int round, unsigned int other)
{
	if (round == ROUNDS_PER_CPU / 2)        /* made at the line's next interrupt */
		lpt_move_ret = irq_set_affinity(LPT_IRQ, BIT(other));
	if ((u32)atomic_read(&lpt_handled) != lpt_fired)
		return;
	lpt_fired++;
	short_strobe_byte((u8)round);
}

static int stress_thread(void *arg)
{
	unsigned int other = (unsigned int)(unsigned long)arg;
	bool fires = lpt_on && smp_processor_id() == 0;

	atomic_inc(&arrived);
	while (atomic_read(&arrived) < 2)
		cpu_relax();
	for (unsigned int i = 0; i < ROUNDS_PER_CPU; i++) {
		local_bh_disable();
		request_tasklet(i & 1, i & 2);
		local_bh_enable();      /* this CPU's softirqs run here */
		request_work((i >> 1) & 1, (i & 1) ? (int)other : WORK_CPU_UNBOUND);
		if (i % IPI_EVERY == 0) {
			atomic_inc(&ipi_calls);
			smp_call_function_single(other, request_from_ipi,
						 (void *)(unsigned long)((i / IPI_EVERY) & 1), true);
		}
		if (fires)
			lpt_fire_if_handled(i, other);
		if (i % 64 == 63)
			cond_resched();
	}
	return 0;
}

static u32 served(bool work)
{
	return work ? READ_ONCE(works[0].acct.served) + READ_ONCE(works[1].acct.served) :
		READ_ONCE(tasklets[0].acct.served) + READ_ONCE(tasklets[1].acct.served);
}

/* Waits, in guest jiffies, until *count reaches n; false if it never did. */
static bool wait_for_count(const atomic_t *count, u32 n)
{
	u64 start = get_jiffies_64();

	while ((u32)atomic_read(count) != n && get_jiffies_64() - start < DRAIN_TICKS)
		msleep(1);
	return (u32)atomic_read(count) == n;
}

static void check_account(struct kunit *test, struct account *a)
{
	KUNIT_EXPECT_EQ(test, atomic_read(&a->overlaps), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&a->requests), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&a->runs), 0);
}

static void test_tasklets_and_work_from_threads_irqs_and_ipis(struct kunit *test)
{
	unsigned int other = 1;
	struct task_struct *t[2];
	u32 expected;
	u64 start;

	if (apic_intr_mode != APIC_SYMMETRIC_IO || !cpu_online(other)) {
		kunit_skip_case(test, "needs the IOAPIC and a second CPU (-smp 2 or more)");
		return;
	}
	for (int i = 0; i < 2; i++) {
		tasklets[i] = (struct stress_tasklet){ .acct.served = 0 };
		tasklet_setup(&tasklets[i].t, stress_tasklet_fn);
		works[i] = (struct stress_work){ .acct.served = 0 };
		INIT_WORK(&works[i].work, stress_work_fn);
	}
	atomic_set(&arrived, 0);
	atomic_set(&ipi_calls, 0);
	atomic_set(&ipi_runs, 0);
	atomic_set(&lpt_handled, 0);
	lpt_fired = 0;
	lpt_move_ret = -1;
	memset(lpt_on_cpu, 0, sizeof(lpt_on_cpu));
	t[0] = kthread_create_on_cpu(stress_thread, (void *)(unsigned long)other, 0,
				     "ktest_stress/%u");
	t[1] = kthread_create_on_cpu(stress_thread, (void *)0, other, "ktest_stress/%u");
	KUNIT_ASSERT_TRUE(test, t[0] && t[1]);
	lpt_on = short_port_present();
	if (!lpt_on) {
		kunit_info(test, "no parallel port at LPT1: no device interrupts this run");
	} else {
		int ret = request_irq(LPT_IRQ, lpt_stress_interrupt, 0, "smp-stress", &lpt_dev);

		KUNIT_EXPECT_EQ(test, ret, 0);
		lpt_on = ret == 0;
	}
	wake_up_process(t[1]);          /* first: CPU 0's thread spins until it arrives */
	wake_up_process(t[0]);
	kthread_stop(t[0]);
	kthread_stop(t[1]);

	if (lpt_on) {
		KUNIT_EXPECT_TRUE(test, wait_for_count(&lpt_handled, lpt_fired));
		short_disable();
		free_irq(LPT_IRQ, &lpt_dev);
		KUNIT_EXPECT_EQ(test, lpt_move_ret, 0);
		KUNIT_EXPECT_GT(test, lpt_on_cpu[0], 0);
		KUNIT_EXPECT_GT(test, lpt_on_cpu[other], 0);
		KUNIT_EXPECT_EQ(test, lpt_on_cpu[0] + lpt_on_cpu[other], lpt_fired);
		KUNIT_EXPECT_EQ(test, irq_set_affinity(LPT_IRQ, CPU_MASK_ALL), 0);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&ipi_calls), 2 * IPIS_PER_CPU);
	KUNIT_EXPECT_EQ(test, atomic_read(&ipi_runs), atomic_read(&ipi_calls));

	/* Each round, IPI and interrupt made one request of each kind. */
	expected = 2 * ROUNDS_PER_CPU + (u32)atomic_read(&ipi_runs) +
		   (u32)atomic_read(&lpt_handled);
	for (int i = 0; i < 2; i++)
		flush_work(&works[i].work);
	start = get_jiffies_64();       /* left on the other CPU's list: its next tick */
	while (served(false) != expected && get_jiffies_64() - start < DRAIN_TICKS)
		msleep(10);
	for (int i = 0; i < 2; i++) {
		tasklet_kill(&tasklets[i].t);
		check_account(test, &tasklets[i].acct);
		KUNIT_EXPECT_EQ(test, tasklets[i].t.state, 0);
		check_account(test, &works[i].acct);
		KUNIT_EXPECT_FALSE(test, work_pending(&works[i].work));
	}
	KUNIT_EXPECT_EQ(test, served(false), expected);
	KUNIT_EXPECT_EQ(test, served(true), expected);
	kunit_info(test, "%u requests of each kind: %u from threads, %d from IPIs, "
		   "IRQ 7 %u on CPU0 + %u on CPU%u", expected, 2 * ROUNDS_PER_CPU,
		   atomic_read(&ipi_runs), lpt_on_cpu[0], lpt_on_cpu[other], other);
	kunit_info(test, "runs: tasklets %d + %d, work %d + %d",
		   atomic_read(&tasklets[0].acct.runs), atomic_read(&tasklets[1].acct.runs),
		   atomic_read(&works[0].acct.runs), atomic_read(&works[1].acct.runs));
}

static struct kunit_case smp_stress_cases[] = {
	KUNIT_CASE(test_tasklets_and_work_from_threads_irqs_and_ipis),
	{}
};
kunit_test_suite(smp_stress, smp_stress_cases);
