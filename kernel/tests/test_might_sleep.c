/* kernel/tests/test_might_sleep.c - sleeping where it is forbidden is reported, and the
 * kernel goes on. */
#include <irqlab/mutex.h>
#include <irqlab/slab.h>
#include <irqlab/sched.h>
#include <irqlab/softirq.h>
#include <irqlab/tasklet.h>
#include <irqlab/timer.h>
#include "kunit.h"

extern u32 might_sleep_reports;

static void test_msleep_in_task_is_fine(struct kunit *test)
{
	u32 before = might_sleep_reports;

	msleep(1);
	KUNIT_EXPECT_EQ(test, might_sleep_reports, before);
}

static void test_msleep_with_irqs_off_is_reported(struct kunit *test)
{
	u32 before = might_sleep_reports;
	unsigned long flags;

	local_irq_save(flags);
	msleep(2);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, might_sleep_reports, before + 1);
}

static void test_msleep_in_hardirq_is_reported(struct kunit *test)
{
	u32 before = might_sleep_reports;
	unsigned long flags;

	local_irq_save(flags);
	irq_enter();
	msleep(2);
	irq_exit();
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, might_sleep_reports, before + 1);
}

static void sleepy_tasklet(struct tasklet_struct *t)
{
	(void)t;
	msleep(2);
}

static void test_msleep_in_tasklet_is_reported(struct kunit *test)
{
	struct tasklet_struct t;
	u32 before = might_sleep_reports;

	tasklet_setup(&t, sleepy_tasklet);
	tasklet_schedule(&t);
	local_bh_disable();
	local_bh_enable();
	tasklet_kill(&t);
	KUNIT_EXPECT_EQ(test, might_sleep_reports, before + 1);
}

static void test_mutex_under_spinlock_is_reported(struct kunit *test)
{
	DEFINE_SPINLOCK(lock);
	struct mutex m;
	u32 before = might_sleep_reports;

	mutex_init(&m);
	spin_lock(&lock);
	mutex_lock(&m);                 /* not contended: it does not sleep, but it might */
	mutex_unlock(&m);
	spin_unlock(&lock);
	KUNIT_EXPECT_EQ(test, might_sleep_reports, before + 1);
}

static void test_kmalloc_gfp_kernel_in_atomic_is_reported(struct kunit *test)
{
	u32 before = might_sleep_reports;
	unsigned long flags;
	void *a, *b;

	local_irq_save(flags);
	a = kmalloc(32, GFP_ATOMIC);    /* the right flag for this context: silent */
	KUNIT_EXPECT_EQ(test, might_sleep_reports, before);
	b = kmalloc(32, GFP_KERNEL);    /* may sleep: a bug here */
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, might_sleep_reports, before + 1);
	kfree(a);
	kfree(b);
}

extern u32 spin_bug_count;

static void test_spinlock_recursion_is_reported(struct kunit *test)
{
	DEFINE_SPINLOCK(lock);
	u32 before = spin_bug_count;
	unsigned long flags;

	spin_lock_irqsave(&lock, flags);
	KUNIT_EXPECT_TRUE(test, spin_is_locked(&lock));
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	KUNIT_EXPECT_TRUE(test, in_atomic());
	do_raw_spin_lock(&lock);        /* taken again on the same CPU: a deadlock on SMP */
	KUNIT_EXPECT_EQ(test, spin_bug_count, before + 1);
	spin_unlock_irqrestore(&lock, flags);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_FALSE(test, in_atomic());
	spin_unlock(&lock);             /* not held any more: reported too */
	KUNIT_EXPECT_EQ(test, spin_bug_count, before + 2);
	preempt_disable();              /* rebalance the count spin_unlock dropped */
}

/* The ticket lock word: each lock draws the next ticket, each unlock serves the next. */
static void test_spinlock_ticket_word(struct kunit *test)
{
	DEFINE_SPINLOCK(lock);

	KUNIT_EXPECT_FALSE(test, spin_is_locked(&lock));
	spin_lock(&lock);
	KUNIT_EXPECT_EQ(test, lock.raw_lock.tickets.tail, 1);
	KUNIT_EXPECT_EQ(test, lock.raw_lock.tickets.head, 0);
	KUNIT_EXPECT_EQ(test, lock.owner_cpu, (int)smp_processor_id());
	KUNIT_EXPECT_FALSE(test, arch_spin_trylock(&lock.raw_lock));   /* held: refused */
	spin_unlock(&lock);
	KUNIT_EXPECT_FALSE(test, spin_is_locked(&lock));
	KUNIT_EXPECT_EQ(test, lock.raw_lock.tickets.head, 1);
	KUNIT_EXPECT_EQ(test, lock.owner_cpu, SPINLOCK_OWNER_NONE);
	KUNIT_EXPECT_TRUE(test, arch_spin_trylock(&lock.raw_lock));
	KUNIT_EXPECT_EQ(test, lock.raw_lock.tickets.tail, 2);
	arch_spin_unlock(&lock.raw_lock);

	/* The 16-bit tickets wrap around together. */
	lock.raw_lock.tickets.head = lock.raw_lock.tickets.tail = 0xffff;
	spin_lock(&lock);
	KUNIT_EXPECT_TRUE(test, spin_is_locked(&lock));
	spin_unlock(&lock);
	KUNIT_EXPECT_FALSE(test, spin_is_locked(&lock));
	KUNIT_EXPECT_EQ(test, lock.raw_lock.tickets.head, 0);
}

/* A lock another CPU holds, released here: reported, and released all the same. */
static void test_spinlock_wrong_cpu_unlock_is_reported(struct kunit *test)
{
	DEFINE_SPINLOCK(lock);
	u32 before = spin_bug_count;

	spin_lock(&lock);
	lock.owner_cpu = (int)smp_processor_id() + 1;  /* as if another CPU had taken it */
	spin_unlock(&lock);
	KUNIT_EXPECT_EQ(test, spin_bug_count, before + 1);
	KUNIT_EXPECT_FALSE(test, spin_is_locked(&lock));
}

static void test_spin_lock_bh_holds_off_softirqs(struct kunit *test)
{
	DEFINE_SPINLOCK(lock);

	spin_lock_bh(&lock);
	KUNIT_EXPECT_TRUE(test, in_softirq());
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	spin_unlock_bh(&lock);
	KUNIT_EXPECT_FALSE(test, in_softirq());
	KUNIT_EXPECT_EQ(test, preempt_count(), 0);
}

static struct kunit_case might_sleep_cases[] = {
	KUNIT_CASE(test_kmalloc_gfp_kernel_in_atomic_is_reported),
	KUNIT_CASE(test_spinlock_recursion_is_reported),
	KUNIT_CASE(test_spinlock_ticket_word),
	KUNIT_CASE(test_spinlock_wrong_cpu_unlock_is_reported),
	KUNIT_CASE(test_spin_lock_bh_holds_off_softirqs),
	KUNIT_CASE(test_msleep_in_task_is_fine),
	KUNIT_CASE(test_msleep_with_irqs_off_is_reported),
	KUNIT_CASE(test_msleep_in_hardirq_is_reported),
	KUNIT_CASE(test_msleep_in_tasklet_is_reported),
	KUNIT_CASE(test_mutex_under_spinlock_is_reported),
	{}
};
kunit_test_suite(might_sleep, might_sleep_cases);
