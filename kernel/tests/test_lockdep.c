/* kernel/tests/test_lockdep.c - the IRQ-safety checker: a lock taken both in an
 * interrupt and where that interrupt can come is reported, in either order, once.
 *
 * Each case has its own static locks, so its own lock classes: a class's usage stays
 * from one case to the next. Hard-IRQ context is entered as do_IRQ enters it (interrupts
 * off, irq_enter()); softirq context is a real tasklet. The checker is switched on for
 * the suite, whatever the command line says. */
#include <irqlab/interrupt.h>
#include <irqlab/kallsyms.h>
#include <irqlab/lockdep.h>
#include <irqlab/spinlock.h>
#include <irqlab/string.h>
#include <irqlab/tasklet.h>
#include <irqlab/vsprintf.h>
#include "kunit.h"
#include "ktest_log.h"

static bool was_proving;

static __noinline void take_in_hardirq(spinlock_t *l)
{
	unsigned long flags;

	local_irq_save(flags);
	irq_enter();
	spin_lock(l);
	spin_unlock(l);
	irq_exit();
	local_irq_restore(flags);
}

static __noinline void take_irqs_on(spinlock_t *l)
{
	spin_lock(l);
	spin_unlock(l);
}

static __noinline void take_irqsave(spinlock_t *l)
{
	unsigned long flags;

	spin_lock_irqsave(l, flags);
	spin_unlock_irqrestore(l, flags);
}

static __noinline void take_bh(spinlock_t *l)
{
	spin_lock_bh(l);
	spin_unlock_bh(l);
}

static spinlock_t *softirq_target;

static __noinline void take_in_softirq_fn(struct tasklet_struct *t)
{
	(void)t;
	spin_lock(softirq_target);
	spin_unlock(softirq_target);
}

static void take_in_softirq(spinlock_t *l)
{
	struct tasklet_struct t;

	softirq_target = l;
	tasklet_setup(&t, take_in_softirq_fn);
	tasklet_schedule(&t);
	local_bh_disable();
	local_bh_enable();              /* runs it here, in softirq context */
	tasklet_kill(&t);
}

/* One order of one conflict: the first use is silent, the second is reported with the
 * headline, the deadlock scenario naming the lock, and both first sites. */
struct conflict {
	void (*first)(spinlock_t *l);
	void (*then)(spinlock_t *l);
	const char *usage;              /* "inconsistent {A} -> {B} usage.\n" */
	const char *in_site, *in_fn;    /* the interrupt side: what, and the function */
	const char *on_site, *on_fn;    /* the side with interrupts (softirqs) enabled */
};

static void expect_site(struct kunit *test, const char *log, const char *what,
			const char *fn)
{
	char line[96];

	snprintf(line, sizeof(line), "  %s at %s+0x", what, fn);
	KUNIT_EXPECT_TRUE(test, strstr(log, line) != NULL);
}

static void expect_conflict(struct kunit *test, spinlock_t *l, const struct conflict *c)
{
	u32 before = lockdep_reports;
	char scenario[64];
	const char *log;

	c->first(l);
	KUNIT_EXPECT_EQ(test, lockdep_reports, before);         /* not wrong yet */
	ktest_log_mark();
	c->then(l);
	KUNIT_EXPECT_EQ(test, lockdep_reports, before + 1);
	log = ktest_log_since_mark();
	KUNIT_EXPECT_TRUE(test, strstr(log, "WARNING: inconsistent lock state\n") != NULL);
	KUNIT_EXPECT_TRUE(test, strstr(log, c->usage) != NULL);
	KUNIT_EXPECT_TRUE(test, strstr(log, "  <Interrupt>\n") != NULL);
	snprintf(scenario, sizeof(scenario), "    lock(%s);\n", l->dep_map.name);
	KUNIT_EXPECT_TRUE(test, strstr(log, scenario) != NULL);
	KUNIT_EXPECT_TRUE(test, strstr(log, "*** DEADLOCK ***") != NULL);
	expect_site(test, log, c->in_site, c->in_fn);
	expect_site(test, log, c->on_site, c->on_fn);
}

static void test_hardirq_then_irqs_on(struct kunit *test)
{
	static DEFINE_SPINLOCK(ld_hardirq_first);
	static const struct conflict c = {
		take_in_hardirq, take_irqs_on,
		"inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage.\n",
		"first taken in hard-IRQ context", "take_in_hardirq",
		"taken with interrupts enabled", "take_irqs_on",
	};

	expect_conflict(test, &ld_hardirq_first, &c);
}

static void test_irqs_on_then_hardirq(struct kunit *test)
{
	static DEFINE_SPINLOCK(ld_irqs_on_first);
	static const struct conflict c = {
		take_irqs_on, take_in_hardirq,
		"inconsistent {HARDIRQ-ON-W} -> {IN-HARDIRQ-W} usage.\n",
		"first taken in hard-IRQ context", "take_in_hardirq",
		"taken with interrupts enabled", "take_irqs_on",
	};

	expect_conflict(test, &ld_irqs_on_first, &c);
}

static void test_softirq_then_bh_on(struct kunit *test)
{
	static DEFINE_SPINLOCK(ld_softirq_first);
	static const struct conflict c = {
		take_in_softirq, take_irqs_on,
		"inconsistent {IN-SOFTIRQ-W} -> {SOFTIRQ-ON-W} usage.\n",
		"first taken in softirq context", "take_in_softirq_fn",
		"taken with softirqs enabled", "take_irqs_on",
	};

	expect_conflict(test, &ld_softirq_first, &c);
}

static void test_bh_on_then_softirq(struct kunit *test)
{
	static DEFINE_SPINLOCK(ld_bh_on_first);
	static const struct conflict c = {
		take_irqs_on, take_in_softirq,
		"inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage.\n",
		"first taken in softirq context", "take_in_softirq_fn",
		"taken with softirqs enabled", "take_irqs_on",
	};

	expect_conflict(test, &ld_bh_on_first, &c);
}

/* The right variants: irqsave against a hard-IRQ user, _bh against a softirq one. */
static void test_consistent_locks_are_not_reported(struct kunit *test)
{
	static DEFINE_SPINLOCK(ld_irqsafe);
	static DEFINE_SPINLOCK(ld_bhsafe);
	u32 before = lockdep_reports;

	take_irqsave(&ld_irqsafe);
	take_in_hardirq(&ld_irqsafe);
	take_irqsave(&ld_irqsafe);
	take_bh(&ld_bhsafe);
	take_in_softirq(&ld_bhsafe);
	take_bh(&ld_bhsafe);
	KUNIT_EXPECT_EQ(test, lockdep_reports, before);
	/* recorded all the same: the checker saw each context */
	KUNIT_EXPECT_EQ(test, lockdep_class_usage(&ld_irqsafe.dep_map),
			BIT(LOCK_USED_IN_HARDIRQ));
	KUNIT_EXPECT_EQ(test, lockdep_class_usage(&ld_bhsafe.dep_map),
			BIT(LOCK_USED_IN_SOFTIRQ) | BIT(LOCK_ENABLED_HARDIRQ));
}

static void test_reported_once_per_class(struct kunit *test)
{
	static DEFINE_SPINLOCK(ld_once);
	u32 before = lockdep_reports;

	take_in_hardirq(&ld_once);
	take_irqs_on(&ld_once);
	take_irqs_on(&ld_once);
	take_in_hardirq(&ld_once);
	take_in_softirq(&ld_once);      /* a second conflict of the same class */
	take_irqs_on(&ld_once);
	KUNIT_EXPECT_EQ(test, lockdep_reports, before + 1);
}

/* Every lock from one spin_lock_init() site is one class: the bad half on one lock and
 * the other half on another lock of the class is the same bug. */
static void test_init_site_is_one_class(struct kunit *test)
{
	spinlock_t a, b;
	u32 before = lockdep_reports;
	int i;

	for (i = 0; i < 2; i++)
		spin_lock_init(i ? &b : &a);
	KUNIT_EXPECT_TRUE(test, a.dep_map.key == b.dep_map.key);
	take_in_hardirq(&a);
	take_irqs_on(&b);
	KUNIT_EXPECT_EQ(test, lockdep_reports, before + 1);
}

static void test_site_is_the_caller(struct kunit *test)
{
	static DEFINE_SPINLOCK(ld_site);
	u32 off;

	take_in_hardirq(&ld_site);
	KUNIT_EXPECT_STREQ(test, kallsyms_lookup((u32)lockdep_class_site(&ld_site.dep_map,
					LOCK_USED_IN_HARDIRQ), &off, NULL), "take_in_hardirq");
}

static int lockdep_test_init(struct kunit *test)
{
	(void)test;
	was_proving = prove_locking;
	WRITE_ONCE(prove_locking, true);
	return 0;
}

static void lockdep_test_exit(struct kunit *test)
{
	(void)test;
	WRITE_ONCE(prove_locking, was_proving);
}

static struct kunit_case lockdep_cases[] = {
	KUNIT_CASE(test_hardirq_then_irqs_on),
	KUNIT_CASE(test_irqs_on_then_hardirq),
	KUNIT_CASE(test_softirq_then_bh_on),
	KUNIT_CASE(test_bh_on_then_softirq),
	KUNIT_CASE(test_consistent_locks_are_not_reported),
	KUNIT_CASE(test_reported_once_per_class),
	KUNIT_CASE(test_init_site_is_one_class),
	KUNIT_CASE(test_site_is_the_caller),
	{}
};
kunit_test_suite(lockdep, lockdep_cases, .init = lockdep_test_init, .exit = lockdep_test_exit);
