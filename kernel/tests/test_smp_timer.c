/* kernel/tests/test_smp_timer.c - timers on several CPUs: each CPU runs the timers queued
 * on it, del_timer_sync() waits for a function running on another CPU, mod_timer() moves
 * a timer between CPUs' lists, two CPUs re-arming the same timers keep the lists whole,
 * and jiffies is advanced by one CPU's tick only. With one CPU every case skips.
 *
 * Waits are bounded in jiffies (guest time), never in host time. */
#include <irqlab/atomic.h>
#include <irqlab/sched.h>
#include <irqlab/smp.h>
#include <irqlab/string.h>
#include <irqlab/timer.h>
#include "arch/x86/hardirq.h"
#include "cpu_work.h"
#include "kunit.h"

#define FIRE_WAIT       (2 * HZ)        /* a timer due next tick has fired by then */
#define FAR_AWAY        (100 * HZ)      /* never reached during a case */
#define REARM_ROUNDS    4000

/* A timer that records where and how often it ran. */
struct probe {
	struct timer_list timer;
	atomic_t fired;
	unsigned int cpu;
};

static void probe_fn(struct timer_list *t)
{
	struct probe *p = from_timer(p, t, timer);

	p->cpu = smp_processor_id();
	atomic_inc(&p->fired);
}

static void probe_init(struct probe *p)
{
	timer_setup(&p->timer, probe_fn, 0);
	atomic_set(&p->fired, 0);
	p->cpu = NR_CPUS;
}

/* Sleeps until p has fired n times, or FIRE_WAIT jiffies passed. */
static void wait_fired(struct probe *p, int n)
{
	unsigned long start = jiffies;

	while (atomic_read(&p->fired) < n && time_before(jiffies, start + FIRE_WAIT))
		msleep(1);
}

/* Lets a few more ticks pass on every CPU: a second firing would have happened. */
static void let_ticks_pass(void)
{
	msleep(3 * 1000 / HZ + 1);
}

static void test_timer_queued_on_a_cpu_fires_there(struct kunit *test)
{
	unsigned int cpu;

	if (ktest_other_cpu() < 0) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return;
	}
	for_each_online_cpu(cpu) {
		struct probe p;

		probe_init(&p);
		p.timer.expires = jiffies + 1;
		add_timer_on(&p.timer, (int)cpu);
		wait_fired(&p, 1);
		let_ticks_pass();
		del_timer_sync(&p.timer);
		KUNIT_EXPECT_EQ(test, atomic_read(&p.fired), 1);
		KUNIT_EXPECT_EQ(test, p.cpu, cpu);
	}
}

/* Armed with mod_timer() by the other CPU's idle loop: queued there, runs there. */
static struct probe remote_probe;

static void arm_remote_probe(void *arg)
{
	(void)arg;
	mod_timer(&remote_probe.timer, jiffies + 1);
}

static void test_mod_timer_on_another_cpu_fires_there(struct kunit *test)
{
	int other = ktest_other_cpu();

	if (other < 0) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return;
	}
	probe_init(&remote_probe);
	KUNIT_ASSERT_TRUE(test, ktest_cpu_work_start((unsigned int)other, arm_remote_probe,
						     NULL));
	ktest_cpu_work_wait((unsigned int)other);
	wait_fired(&remote_probe, 1);
	del_timer_sync(&remote_probe.timer);
	KUNIT_EXPECT_EQ(test, atomic_read(&remote_probe.fired), 1);
	KUNIT_EXPECT_EQ(test, remote_probe.cpu, (unsigned int)other);
}

/* A function that runs on the other CPU until released; del_timer_sync() here must not
 * return before it has. */
static struct timer_list slow_timer;
static atomic_t slow_started, slow_finished;
static volatile int slow_release;

static void slow_fn(struct timer_list *t)
{
	(void)t;
	atomic_inc(&slow_started);
	while (!READ_ONCE(slow_release))
		cpu_relax();
	atomic_inc(&slow_finished);
}

static void release_slow(struct timer_list *t)
{
	(void)t;
	WRITE_ONCE(slow_release, 1);
}

static void test_del_timer_sync_waits_for_a_function_on_another_cpu(struct kunit *test)
{
	int other = ktest_other_cpu();
	struct timer_list release;
	unsigned long start;
	unsigned int here;
	unsigned long flags;

	if (other < 0) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return;
	}
	timer_setup(&slow_timer, slow_fn, 0);
	atomic_set(&slow_started, 0);
	atomic_set(&slow_finished, 0);
	slow_release = 0;
	slow_timer.expires = jiffies + 1;
	add_timer_on(&slow_timer, other);
	start = jiffies;
	while (!atomic_read(&slow_started) && time_before(jiffies, start + FIRE_WAIT))
		msleep(1);
	KUNIT_ASSERT_EQ(test, atomic_read(&slow_started), 1);
	/* The release comes from a timer on a CPU that is not the one spinning. */
	timer_setup(&release, release_slow, 0);
	local_irq_save(flags);
	here = smp_processor_id();
	release.expires = jiffies + 2;
	add_timer_on(&release, here == (unsigned int)other ? 0 : (int)here);
	local_irq_restore(flags);
	del_timer_sync(&slow_timer);
	KUNIT_EXPECT_EQ(test, atomic_read(&slow_finished), 1);
	KUNIT_EXPECT_FALSE(test, timer_pending(&slow_timer));
	del_timer_sync(&release);
	KUNIT_EXPECT_EQ(test, READ_ONCE(slow_release), 1);
	/* Had del_timer_sync() not waited, the function would spin on for ever there. */
	WRITE_ONCE(slow_release, 1);
	while (!atomic_read(&slow_finished))
		msleep(1);
}

/* A timer pending on one CPU, re-armed by mod_timer() on another: it leaves the first
 * CPU's list, joins the second's, and fires there, once. Both directions. */
static struct probe moving;

static void rearm_moving(void *arg)
{
	(void)arg;
	mod_timer(&moving.timer, jiffies + 1);
}

static void test_mod_timer_moves_a_timer_between_cpus(struct kunit *test)
{
	int other = ktest_other_cpu();
	unsigned int here, queued_other, queued_here;
	unsigned long flags;

	if (other < 0) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return;
	}
	/* From the other CPU's list to this one's. */
	probe_init(&moving);
	queued_other = timers_queued_on((unsigned int)other);
	moving.timer.expires = jiffies + FAR_AWAY;
	add_timer_on(&moving.timer, other);
	KUNIT_EXPECT_EQ(test, timers_queued_on((unsigned int)other), queued_other + 1);
	local_irq_save(flags);          /* "here" is where mod_timer() queues it */
	here = smp_processor_id();
	KUNIT_EXPECT_TRUE(test, mod_timer(&moving.timer, jiffies + 1));
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, timers_queued_on((unsigned int)other), queued_other);
	wait_fired(&moving, 1);
	let_ticks_pass();
	KUNIT_EXPECT_EQ(test, atomic_read(&moving.fired), 1);
	KUNIT_EXPECT_EQ(test, moving.cpu, here);

	/* From this CPU's list to the other's. */
	probe_init(&moving);
	local_irq_save(flags);
	here = smp_processor_id();
	queued_here = timers_queued_on(here);
	mod_timer(&moving.timer, jiffies + FAR_AWAY);
	KUNIT_EXPECT_EQ(test, timers_queued_on(here), queued_here + 1);
	local_irq_restore(flags);
	if (here == (unsigned int)other) {      /* this thread was moved meanwhile */
		del_timer_sync(&moving.timer);
		kunit_skip_case(test, "the test thread moved to the other CPU");
		return;
	}
	KUNIT_ASSERT_TRUE(test, ktest_cpu_work_start((unsigned int)other, rearm_moving, NULL));
	ktest_cpu_work_wait((unsigned int)other);
	KUNIT_EXPECT_EQ(test, timers_queued_on(here), queued_here);
	wait_fired(&moving, 1);
	let_ticks_pass();
	del_timer_sync(&moving.timer);
	KUNIT_EXPECT_EQ(test, atomic_read(&moving.fired), 1);
	KUNIT_EXPECT_EQ(test, moving.cpu, (unsigned int)other);
}

/* Both CPUs re-arm and disarm the same timers over and over (never due): each CPU's
 * mod_timer() pulls a timer from the other's list onto its own. Without the bases'
 * locks and the MIGRATING handover, the two lists' links get crossed. */
#define SHARED_TIMERS   4
static struct probe shared[SHARED_TIMERS];

static void rearm_shared(void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < REARM_ROUNDS; i++) {
		mod_timer(&shared[i % SHARED_TIMERS].timer, jiffies + FAR_AWAY + (i % 7));
		if (i % 3 == 0)
			del_timer(&shared[(i + 2) % SHARED_TIMERS].timer);
	}
	for (unsigned int i = 0; i < SHARED_TIMERS; i++)        /* all armed at the end */
		mod_timer(&shared[i].timer, jiffies + FAR_AWAY);
}

static void test_two_cpus_rearm_the_same_timers(struct kunit *test)
{
	unsigned int queued[NR_CPUS], cpu, total = 0;

	for_each_online_cpu(cpu)
		queued[cpu] = timers_queued_on(cpu);
	for (int i = 0; i < SHARED_TIMERS; i++)
		probe_init(&shared[i]);
	if (!ktest_race(rearm_shared, NULL)) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return;
	}
	/* Every shared timer is on exactly one list: all of them are counted once. */
	for_each_online_cpu(cpu)
		total += timers_queued_on(cpu) - queued[cpu];
	for (int i = 0; i < SHARED_TIMERS; i++) {
		KUNIT_EXPECT_TRUE(test, timer_pending(&shared[i].timer));
		KUNIT_EXPECT_FALSE(test, shared[i].timer.flags & TIMER_MIGRATING);
	}
	KUNIT_EXPECT_EQ(test, total, SHARED_TIMERS);
	for (int i = 0; i < SHARED_TIMERS; i++) {
		KUNIT_EXPECT_TRUE(test, del_timer_sync(&shared[i].timer));
		KUNIT_EXPECT_EQ(test, atomic_read(&shared[i].fired), 0);
	}
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ(test, timers_queued_on(cpu), queued[cpu]);
}

/* jiffies and the boot CPU's tick count, read together where both change: on CPU 0,
 * interrupts off (a function call IPI's handler). */
struct tick_sample {
	u32 jiffy;
	u32 cpu0_ticks;
};

static void sample_ticks(void *arg)
{
	struct tick_sample *s = arg;

	s->jiffy = (u32)jiffies;
	s->cpu0_ticks = per_cpu(apic_timer_irqs, 0);
}

#define OTHER_TICKS     20

static void test_jiffies_is_advanced_by_one_cpu(struct kunit *test)
{
	int other = ktest_other_cpu();
	struct tick_sample a, b;
	u32 other_start;

	if (other < 0) {
		kunit_skip_case(test, KTEST_NEEDS_TWO_CPUS);
		return;
	}
	KUNIT_ASSERT_EQ(test, smp_call_function_single(0, sample_ticks, &a, true), 0);
	other_start = READ_ONCE(per_cpu(apic_timer_irqs, other));
	while (READ_ONCE(per_cpu(apic_timer_irqs, other)) - other_start < OTHER_TICKS)
		msleep(1);
	KUNIT_ASSERT_EQ(test, smp_call_function_single(0, sample_ticks, &b, true), 0);
	/* One jiffy per tick of CPU 0, however often the other CPU ticked meanwhile. */
	KUNIT_EXPECT_EQ(test, b.jiffy - a.jiffy, b.cpu0_ticks - a.cpu0_ticks);
	KUNIT_EXPECT_GE(test, b.jiffy - a.jiffy, 1);
	kunit_info(test, "%u jiffies, CPU%d ticked %u times", b.jiffy - a.jiffy, other,
		   READ_ONCE(per_cpu(apic_timer_irqs, other)) - other_start);
}

static struct kunit_case smp_timer_cases[] = {
	KUNIT_CASE(test_timer_queued_on_a_cpu_fires_there),
	KUNIT_CASE(test_mod_timer_on_another_cpu_fires_there),
	KUNIT_CASE(test_del_timer_sync_waits_for_a_function_on_another_cpu),
	KUNIT_CASE(test_mod_timer_moves_a_timer_between_cpus),
	KUNIT_CASE(test_two_cpus_rearm_the_same_timers),
	KUNIT_CASE(test_jiffies_is_advanced_by_one_cpu),
	{}
};
kunit_test_suite(smp_timer, smp_timer_cases);
