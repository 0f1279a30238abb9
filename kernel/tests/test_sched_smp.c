/* kernel/tests/test_sched_smp.c - the scheduler on several CPUs: bound threads run
 * where they are bound, a wake-up across CPUs sends the reschedule IPI, no wake-up is
 * lost between two CPUs, a task never runs on two CPUs, each CPU has its ksoftirqd and
 * runs its own softirqs, and unbound threads given every CPU spread out. With one CPU
 * every case skips. */
#include <irqlab/kthread.h>
#include <irqlab/softirq.h>
#include <irqlab/string.h>
#include <irqlab/timer.h>
#include <irqlab/vsprintf.h>
#include "arch/x86/cpu.h"
#include "arch/x86/hardirq.h"
#include "kunit.h"

#define PING_PONGS      10000
#define MIGRATE_ROUNDS  2000
#define TEST_SOFTIRQ    IRQ_POLL_SOFTIRQ        /* no other user */

static bool need_two_cpus(struct kunit *test)
{
	if (num_online_cpus() >= 2)
		return true;
	kunit_skip_case(test, "one CPU online (boot with -smp 2 or more)");
	return false;
}

static unsigned int last_cpu(void)
{
	unsigned int cpu, last = 0;

	for_each_online_cpu(cpu)
		last = cpu;
	return last;
}

/* A thread that records the CPU it runs on, and says so. */
struct where {
	unsigned int cpu;
	struct completion ran;
};

static int record_cpu(void *data)
{
	struct where *w = data;

	w->cpu = smp_processor_id();
	complete(&w->ran);
	return 0;
}

static void test_bound_thread_runs_on_its_cpu(struct kunit *test)
{
	unsigned int cpu;

	if (!need_two_cpus(test))
		return;
	for_each_online_cpu(cpu) {
		struct where w = { .cpu = NR_CPUS };
		struct task_struct *t;

		init_completion(&w.ran);
		t = kthread_create_on_cpu(record_cpu, &w, cpu, "ktest_bound/%u");
		KUNIT_ASSERT_TRUE(test, t != NULL);
		KUNIT_EXPECT_TRUE(test, t->flags & PF_NO_SETAFFINITY);
		KUNIT_EXPECT_EQ(test, t->nr_cpus_allowed, 1);
		wake_up_process(t);
		wait_for_completion(&w.ran);
		KUNIT_EXPECT_EQ(test, w.cpu, cpu);
		kthread_stop(t);
	}
}

/* Sleeps on go, then records where it woke. */
struct sleeper {
	struct completion go;
	struct where woke;
};

static int sleep_then_record(void *data)
{
	struct sleeper *s = data;

	wait_for_completion(&s->go);
	return record_cpu(&s->woke);
}

/* Waits, sleeping, until t sleeps and is off its CPU. */
static void wait_until_asleep(struct task_struct *t)
{
	while (READ_ONCE(t->state) == TASK_RUNNING || READ_ONCE(t->on_cpu))
		msleep(1);
}

static void test_remote_wakeup_sends_reschedule_ipi(struct kunit *test)
{
	unsigned int cpu = last_cpu();
	struct sleeper s;
	struct task_struct *t;
	u32 res;

	if (!need_two_cpus(test))
		return;
	init_completion(&s.go);
	init_completion(&s.woke.ran);
	s.woke.cpu = NR_CPUS;
	t = kthread_create_on_cpu(sleep_then_record, &s, cpu, "ktest_res/%u");
	KUNIT_ASSERT_TRUE(test, t != NULL);
	wake_up_process(t);
	wait_until_asleep(t);
	/* cpu is idle now (its ksoftirqd sleeps too): the wake-up must interrupt it. */
	res = READ_ONCE(per_cpu(irq_resched_count, cpu));
	complete(&s.go);
	wait_for_completion(&s.woke.ran);
	KUNIT_EXPECT_EQ(test, s.woke.cpu, cpu);
	KUNIT_EXPECT_GT(test, READ_ONCE(per_cpu(irq_resched_count, cpu)), res);
	kunit_info(test, "CPU%u took %u reschedule IPI(s)", cpu,
		   per_cpu(irq_resched_count, cpu) - res);
	kthread_stop(t);
}

/* Two threads hand a turn back and forth through two completions. */
struct ping_pong {
	struct completion ping, pong, done;
	unsigned int rounds;
	unsigned int pings, pongs;      /* each written by one thread only */
	unsigned int moves;             /* times a thread found itself on a new CPU */
};

static void note_cpu(struct ping_pong *pp, unsigned int *cpu)
{
	if (*cpu != smp_processor_id())
		__atomic_add_fetch(&pp->moves, 1, __ATOMIC_RELAXED);
	*cpu = smp_processor_id();
}

static int pinger(void *data)
{
	struct ping_pong *pp = data;
	unsigned int cpu = smp_processor_id();

	for (unsigned int i = 0; i < pp->rounds; i++) {
		complete(&pp->ping);
		wait_for_completion(&pp->pong);
		pp->pings++;
		note_cpu(pp, &cpu);
	}
	complete(&pp->done);
	return 0;
}

static int ponger(void *data)
{
	struct ping_pong *pp = data;
	unsigned int cpu = smp_processor_id();

	for (unsigned int i = 0; i < pp->rounds; i++) {
		wait_for_completion(&pp->ping);
		pp->pongs++;
		note_cpu(pp, &cpu);
		complete(&pp->pong);
	}
	complete(&pp->done);
	return 0;
}

/* 10,000 round trips between two CPUs, each a wake-up of a thread that may be just
 * going to sleep. A lost wake-up leaves a thread asleep for good: the counts stay short
 * and the boot never ends (the harness reports it). */
static void test_ping_pong_between_bound_threads(struct kunit *test)
{
	struct ping_pong pp = { .rounds = PING_PONGS };
	struct task_struct *a, *b;

	if (!need_two_cpus(test))
		return;
	init_completion(&pp.ping);
	init_completion(&pp.pong);
	init_completion(&pp.done);
	a = kthread_create_on_cpu(pinger, &pp, 0, "ktest_ping/%u");
	b = kthread_create_on_cpu(ponger, &pp, last_cpu(), "ktest_pong/%u");
	KUNIT_ASSERT_TRUE(test, a && b);
	wake_up_process(b);
	wake_up_process(a);
	wait_for_completion(&pp.done);
	wait_for_completion(&pp.done);
	KUNIT_EXPECT_EQ(test, pp.pings, PING_PONGS);
	KUNIT_EXPECT_EQ(test, pp.pongs, PING_PONGS);
	KUNIT_EXPECT_EQ(test, pp.moves, 0);     /* bound: neither ever moved */
	kthread_stop(a);
	kthread_stop(b);
}

/* Threads free to use every CPU, passing one turn round a ring of three: each wakes the
 * next and sleeps, so the one woken finds its waker's CPU busy and goes to another, and
 * each thread keeps changing CPUs, often woken while the CPU it left is still switching
 * off its stack. Each switch-in checks the task is on no other CPU (on_cpu, in
 * __schedule(), which would panic); here we also see that the moves happened. */
#define RING    3

struct ring {
	struct completion turn[RING], done;
	unsigned int rounds, passes[RING], moves;
};

struct ring_seat {
	struct ring *ring;
	unsigned int i;
};

static int pass_the_turn(void *data)
{
	struct ring_seat *seat = data;
	struct ring *r = seat->ring;
	unsigned int cpu = smp_processor_id();

	for (unsigned int n = 0; n < r->rounds; n++) {
		wait_for_completion(&r->turn[seat->i]);
		r->passes[seat->i]++;
		if (cpu != smp_processor_id())
			__atomic_add_fetch(&r->moves, 1, __ATOMIC_RELAXED);
		cpu = smp_processor_id();
		complete(&r->turn[(seat->i + 1) % RING]);
	}
	complete(&r->done);
	return 0;
}

static void test_migrating_threads_never_run_twice(struct kunit *test)
{
	struct ring_seat seats[RING];
	struct task_struct *t[RING];
	unsigned long all = 0;
	struct ring r;
	unsigned int cpu, i;

	if (!need_two_cpus(test))
		return;
	for_each_online_cpu(cpu)
		all |= BIT(cpu);
	memset(&r, 0, sizeof(r));
	r.rounds = MIGRATE_ROUNDS;
	init_completion(&r.done);
	for (i = 0; i < RING; i++) {
		init_completion(&r.turn[i]);
		seats[i] = (struct ring_seat){ &r, i };
		t[i] = kthread_create(pass_the_turn, &seats[i], "ktest_ring/%u", i);
		KUNIT_ASSERT_TRUE(test, t[i] != NULL);
		KUNIT_EXPECT_EQ(test, set_cpus_allowed_ptr(t[i], all), 0);
		wake_up_process(t[i]);
	}
	complete(&r.turn[0]);
	for (i = 0; i < RING; i++)
		wait_for_completion(&r.done);   /* a lost wake-up: never, and the boot hangs */
	for (i = 0; i < RING; i++) {
		KUNIT_EXPECT_EQ(test, r.passes[i], MIGRATE_ROUNDS);
		kthread_stop(t[i]);
	}
	KUNIT_EXPECT_GT(test, r.moves, MIGRATE_ROUNDS / 10);
	KUNIT_EXPECT_EQ(test, sched_double_run, 0);
	kunit_info(test, "%u moves between CPUs in %u turns", r.moves, RING * MIGRATE_ROUNDS);
}

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

/* Threads that may use every CPU, woken one after another while the earlier ones keep
 * their CPUs busy: select_task_rq() sends each to a CPU with nothing to do. One thread
 * per CPU other than this one's (CPU 0 runs this test: it is never the least loaded). */
static volatile bool spread_release;

static int spin_until_released(void *data)
{
	struct where *w = data;

	record_cpu(w);
	while (!READ_ONCE(spread_release))
		cpu_relax();
	return 0;
}

static void test_unbound_threads_spread_to_idle_cpus(struct kunit *test)
{
	struct where w[NR_CPUS];
	struct task_struct *t[NR_CPUS];
	unsigned int n = num_online_cpus() - 1, seen = 0;
	unsigned long all = 0;
	unsigned int cpu;

	if (!need_two_cpus(test))
		return;
	KUNIT_EXPECT_FALSE(test, sched_spread_unbound());       /* so each gets its mask */
	for_each_online_cpu(cpu)
		all |= BIT(cpu);
	spread_release = false;
	for (unsigned int i = 0; i < n; i++) {
		w[i].cpu = NR_CPUS;
		init_completion(&w[i].ran);
		t[i] = kthread_create(spin_until_released, &w[i], "ktest_spread/%u", i);
		KUNIT_ASSERT_TRUE(test, t[i] != NULL);
		KUNIT_EXPECT_EQ(test, set_cpus_allowed_ptr(t[i], all), 0);
		wake_up_process(t[i]);
		wait_for_completion(&w[i].ran);         /* running: its CPU counts as busy */
	}
	spread_release = true;
	for (unsigned int i = 0; i < n; i++) {
		KUNIT_EXPECT_NE(test, w[i].cpu, 0);
		seen |= BIT(w[i].cpu);
		kthread_stop(t[i]);
	}
	KUNIT_EXPECT_EQ(test, cpumask_weight(seen), n);     /* each on a CPU of its own */
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

static struct kunit_case sched_smp_cases[] = {
	KUNIT_CASE(test_bound_thread_runs_on_its_cpu),
	KUNIT_CASE(test_remote_wakeup_sends_reschedule_ipi),
	KUNIT_CASE(test_ping_pong_between_bound_threads),
	KUNIT_CASE(test_migrating_threads_never_run_twice),
	KUNIT_CASE(test_each_cpu_has_its_ksoftirqd),
	KUNIT_CASE(test_softirq_raised_on_a_cpu_runs_there),
	KUNIT_CASE(test_unbound_threads_spread_to_idle_cpus),
	KUNIT_CASE(test_fifo_wakeup_preempts_on_another_cpu),
	KUNIT_CASE(test_might_sleep_reports_on_another_cpu),
	{}
};
kunit_test_suite(sched_smp, sched_smp_cases);
