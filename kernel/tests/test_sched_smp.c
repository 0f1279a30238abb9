/* kernel/tests/test_sched_smp.c - where the scheduler puts threads on several CPUs:
 * bound threads run where they are bound, a wake-up across CPUs sends the reschedule
 * IPI, no wake-up is lost between two CPUs, a task never runs on two CPUs, and unbound
 * threads given every CPU spread out. What each CPU does for itself (preemption, its
 * preempt_count, its ksoftirqd) is test_sched_smp_preempt.c. With one CPU every case
 * skips. */
#include <irqlab/kthread.h>
#include <irqlab/string.h>
#include "arch/x86/cpu.h"
#include "arch/x86/hardirq.h"
#include "kunit.h"
#include "ktest_sched_smp.h"

#define PING_PONGS      10000
#define MIGRATE_ROUNDS  2000

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
		KUNIT_EXPECT_EQ(test, t[i]->cpus_mask & all, all);
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

/* Unbound threads, as created (every CPU allowed), woken one after another while the
 * earlier ones keep their CPUs busy: select_task_rq() sends each to a CPU with nothing
 * to do. One thread per CPU other than this one's (CPU 0 runs this test: it is never
 * the least loaded). */
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
	for_each_online_cpu(cpu)
		all |= BIT(cpu);
	spread_release = false;
	for (unsigned int i = 0; i < n; i++) {
		w[i].cpu = NR_CPUS;
		init_completion(&w[i].ran);
		t[i] = kthread_create(spin_until_released, &w[i], "ktest_spread/%u", i);
		KUNIT_ASSERT_TRUE(test, t[i] != NULL);
		KUNIT_EXPECT_EQ(test, t[i]->cpus_mask & all, all);
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

static struct kunit_case sched_smp_cases[] = {
	KUNIT_CASE(test_bound_thread_runs_on_its_cpu),
	KUNIT_CASE(test_remote_wakeup_sends_reschedule_ipi),
	KUNIT_CASE(test_ping_pong_between_bound_threads),
	KUNIT_CASE(test_migrating_threads_never_run_twice),
	KUNIT_CASE(test_unbound_threads_spread_to_idle_cpus),
	{}
};
kunit_test_suite(sched_smp, sched_smp_cases);
