/* kernel/tests/test_spinlock_debug.c - the spinlock reports' words (Linux's spin_dump
 * layout) and lockup detection.
 *
 * The lockup case needs a lock held by another CPU, on a machine that may have one: the
 * test draws the ticket itself on behalf of "CPU n+1" (the lock word cannot tell who
 * drew it), then waits for it in spin_lock(). A timer on this CPU plays the other CPU:
 * it releases the ticket only once the lockup report is out and a further three ticks
 * have passed, so the case depends on events, not on how fast the host runs (with no
 * report at all it gives up after ten seconds of ticks, and the case fails). */
#include <irqlab/sched.h>
#include <irqlab/spinlock.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include <irqlab/vsprintf.h>
#include "kunit.h"
#include "ktest_log.h"

extern u32 spin_bug_count, spin_lockup_reports;
extern unsigned int spin_lockup_ms;

/* "BUG: spinlock MSG on CPU#n, comm/pid" then the lock line's fields. */
static void expect_spin_dump(struct kunit *test, const char *log, const char *msg,
			     const char *fields)
{
	char head[96];
	const char *at;

	snprintf(head, sizeof(head), "BUG: spinlock %s on CPU#%u, %s/%d\n", msg,
		 smp_processor_id(), current->comm, current->pid);
	at = strstr(log, head);
	KUNIT_ASSERT_TRUE(test, at != NULL);
	at += strlen(head);
	KUNIT_EXPECT_TRUE(test, strstr(at, " lock: 0x") != NULL);
	KUNIT_EXPECT_TRUE(test, strstr(at, fields) != NULL);
	KUNIT_EXPECT_TRUE(test, strstr(at, "Call Trace:") != NULL);
}

static void test_recursion_report_layout(struct kunit *test)
{
	DEFINE_SPINLOCK(lock);
	char fields[96];
	u32 before = spin_bug_count;

	spin_lock(&lock);
	ktest_log_mark();
	do_raw_spin_lock(&lock);        /* taken again on this CPU: reported, not taken */
	spin_unlock(&lock);
	KUNIT_EXPECT_EQ(test, spin_bug_count, before + 1);
	snprintf(fields, sizeof(fields), ".magic: dead4ead, .owner: %s/%d, .owner_cpu: %u\n",
		 current->comm, current->pid, smp_processor_id());
	expect_spin_dump(test, ktest_log_since_mark(), "recursion", fields);
}

static void test_already_unlocked_report_layout(struct kunit *test)
{
	DEFINE_SPINLOCK(lock);

	ktest_log_mark();
	preempt_disable();              /* spin_unlock drops one */
	spin_unlock(&lock);
	expect_spin_dump(test, ktest_log_since_mark(), "already unlocked",
			 ".magic: dead4ead, .owner: <none>/-1, .owner_cpu: -1\n");
}

static void test_wrong_cpu_report_layout(struct kunit *test)
{
	DEFINE_SPINLOCK(lock);
	char fields[96];

	spin_lock(&lock);
	lock.owner_cpu = (int)smp_processor_id() + 1;  /* as if another CPU had taken it */
	ktest_log_mark();
	spin_unlock(&lock);
	snprintf(fields, sizeof(fields), ".owner: %s/%d, .owner_cpu: %u\n",
		 current->comm, current->pid, smp_processor_id() + 1);
	expect_spin_dump(test, ktest_log_since_mark(), "wrong CPU", fields);
	KUNIT_EXPECT_FALSE(test, spin_is_locked(&lock));
}

/* A lock never initialised (zeroed memory) is reported by its magic. */
static void test_bad_magic_is_reported(struct kunit *test)
{
	spinlock_t lock;
	u32 before = spin_bug_count;

	memset(&lock, 0, sizeof(lock));
	lock.owner_cpu = SPINLOCK_OWNER_NONE;
	ktest_log_mark();
	spin_lock(&lock);
	spin_unlock(&lock);
	KUNIT_EXPECT_EQ(test, spin_bug_count, before + 1);
	expect_spin_dump(test, ktest_log_since_mark(), "bad magic", ".magic: 00000000");
}

static struct {
	spinlock_t lock;
	struct timer_list timer;
	u32 reports_before;
	int ticks_after_report;         /* ticks the timer waited since the report */
	int ticks;                      /* all its ticks: without a report it gives up */
	bool released;
} lockup = { .lock = __SPIN_LOCK_UNLOCKED(lockup.lock) };

/* Softirq context, on this CPU, while the test spins: "CPU n+1" lets go. */
static void lockup_owner_fn(struct timer_list *t)
{
	bool reported = READ_ONCE(spin_lockup_reports) != lockup.reports_before;

	if (++lockup.ticks < 10 * HZ && (!reported || ++lockup.ticks_after_report < 3)) {
		mod_timer(t, jiffies + 1);
		return;
	}
	lockup.released = true;
	arch_spin_unlock(&lockup.lock.raw_lock);
}

static void test_lockup_is_reported_once_then_taken(struct kunit *test)
{
	unsigned int saved_ms = spin_lockup_ms;
	char fields[96];
	const char *log;

	spin_lockup_ms = 20;            /* under the three ticks the owner holds on after */
	lockup.reports_before = spin_lockup_reports;
	lockup.ticks_after_report = 0;
	lockup.ticks = 0;
	lockup.released = false;
	arch_spin_lock(&lockup.lock.raw_lock);          /* "CPU n+1" takes it */
	lockup.lock.owner_cpu = (int)smp_processor_id() + 1;
	lockup.lock.owner = current;
	timer_setup(&lockup.timer, lockup_owner_fn, 0);
	mod_timer(&lockup.timer, jiffies + 1);
	ktest_log_mark();

	spin_lock(&lockup.lock);        /* waits, reports, waits on, gets it */
	KUNIT_EXPECT_TRUE(test, lockup.released);
	KUNIT_EXPECT_EQ(test, lockup.lock.owner_cpu, (int)smp_processor_id());
	spin_unlock(&lockup.lock);
	del_timer_sync(&lockup.timer);
	spin_lockup_ms = saved_ms;

	KUNIT_EXPECT_EQ(test, spin_lockup_reports, lockup.reports_before + 1);
	KUNIT_EXPECT_GE(test, lockup.ticks_after_report, 3);
	KUNIT_EXPECT_FALSE(test, spin_is_locked(&lockup.lock));
	log = ktest_log_since_mark();
	snprintf(fields, sizeof(fields), ".owner: %s/%d, .owner_cpu: %u\n",
		 current->comm, current->pid, smp_processor_id() + 1);
	expect_spin_dump(test, log, "lockup suspected", fields);
	/* the owner CPU's backtrace, or the word that there is none */
	KUNIT_EXPECT_TRUE(test, strstr(log, "owner CPU backtrace") || strstr(log, "NMI backtrace"));
}

static struct kunit_case spinlock_debug_cases[] = {
	KUNIT_CASE(test_recursion_report_layout),
	KUNIT_CASE(test_already_unlocked_report_layout),
	KUNIT_CASE(test_wrong_cpu_report_layout),
	KUNIT_CASE(test_bad_magic_is_reported),
	KUNIT_CASE(test_lockup_is_reported_once_then_taken),
	{}
};
kunit_test_suite(spinlock_debug, spinlock_debug_cases);
