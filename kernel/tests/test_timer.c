/* kernel/tests/test_timer.c - timer_list: when they fire, in which context, re-arming,
 * deleting. */
#include <irqlab/sched.h>
#include <irqlab/timer.h>
#include "kunit.h"

struct probe {
	struct timer_list timer;
	int fired;
	unsigned long fired_at;
	bool in_softirq_ctx;
	int rearm;
};

static void probe_fn(struct timer_list *t)
{
	struct probe *p = from_timer(p, t, timer);

	p->fired++;
	p->fired_at = jiffies;
	p->in_softirq_ctx = in_serving_softirq() && !in_hardirq();
	if (p->rearm > 0) {
		p->rearm--;
		mod_timer(&p->timer, jiffies + 1);
	}
}

static void test_timer_fires_once_after_expiry_in_softirq(struct kunit *test)
{
	struct probe p = { .fired = 0 };
	unsigned long armed;

	timer_setup(&p.timer, probe_fn, 0);
	armed = jiffies;
	mod_timer(&p.timer, armed + 5);
	KUNIT_EXPECT_TRUE(test, timer_pending(&p.timer));
	msleep(70);     /* 8 jiffies: msleep's own timer is on the same list, due after */
	KUNIT_EXPECT_EQ(test, p.fired, 1);
	KUNIT_EXPECT_GE(test, (long)(p.fired_at - armed), 5);
	KUNIT_EXPECT_TRUE(test, p.in_softirq_ctx);
	KUNIT_EXPECT_FALSE(test, timer_pending(&p.timer));
}

static void test_del_timer_before_expiry(struct kunit *test)
{
	struct probe p = { .fired = 0 };

	timer_setup(&p.timer, probe_fn, 0);
	mod_timer(&p.timer, jiffies + 3);
	KUNIT_EXPECT_TRUE(test, del_timer(&p.timer));
	KUNIT_EXPECT_FALSE(test, del_timer(&p.timer));
	msleep(60);
	KUNIT_EXPECT_EQ(test, p.fired, 0);
}

static void test_mod_timer_moves_a_pending_timer(struct kunit *test)
{
	struct probe p = { .fired = 0 };
	unsigned long armed = jiffies;

	timer_setup(&p.timer, probe_fn, 0);
	mod_timer(&p.timer, armed + 2);
	KUNIT_EXPECT_TRUE(test, mod_timer(&p.timer, armed + 8));   /* was pending */
	msleep(100);
	KUNIT_EXPECT_EQ(test, p.fired, 1);
	KUNIT_EXPECT_GE(test, (long)(p.fired_at - armed), 8);
}

static void test_timer_rearms_itself(struct kunit *test)
{
	struct probe p = { .fired = 0, .rearm = 3 };

	timer_setup(&p.timer, probe_fn, 0);
	mod_timer(&p.timer, jiffies + 1);
	msleep(70);
	KUNIT_EXPECT_EQ(test, p.fired, 4);
	del_timer_sync(&p.timer);
}

static void test_timers_fire_in_expiry_order(struct kunit *test)
{
	struct probe a = { .fired = 0 }, b = { .fired = 0 };

	timer_setup(&a.timer, probe_fn, 0);
	timer_setup(&b.timer, probe_fn, 0);
	mod_timer(&b.timer, jiffies + 6);
	mod_timer(&a.timer, jiffies + 2);
	msleep(80);
	KUNIT_EXPECT_EQ(test, a.fired + b.fired, 2);
	KUNIT_EXPECT_LT(test, (long)(a.fired_at - b.fired_at), 0);
}

static struct kunit_case timer_cases[] = {
	KUNIT_CASE(test_timer_fires_once_after_expiry_in_softirq),
	KUNIT_CASE(test_del_timer_before_expiry),
	KUNIT_CASE(test_mod_timer_moves_a_pending_timer),
	KUNIT_CASE(test_timer_rearms_itself),
	KUNIT_CASE(test_timers_fire_in_expiry_order),
	{}
};
kunit_test_suite(timer, timer_cases);
