/* kernel/tests/test_stress.c - the bottom halves under load, with exact accounting.
 *
 * For half a second: the CMOS clock interrupts at 1024 Hz and its handler schedules a
 * tasklet; this thread schedules the same tasklet and a second one as fast as it can;
 * keys arrive through the i8042 (real IRQ 1, decoded by the keyboard tasklet). The rules
 * say exactly how many runs there must be: one per tasklet_schedule() that found the
 * tasklet not yet scheduled. Every run is counted and checked against that; every typed
 * key must arrive; nothing may hang (the suite would time out). Where the controller
 * cannot type (ktest_kbd.h), the case runs without keys, checks the rest, and is
 * reported skipped with the reason: the whole of it did not run.
 */
#include <irqlab/interrupt.h>
#include <irqlab/sched.h>
#include <irqlab/softirq.h>
#include <irqlab/tasklet.h>
#include <irqlab/timer.h>
#include "drivers/rtc/rtc_cmos.h"
#include "kunit.h"
#include "ktest_kbd.h"

#define STRESS_SCHEDULES        100000
#define SC_A            0x1e
#define SC_BREAK        0x80

struct counted_tasklet {
	struct tasklet_struct t;
	u32 queued;             /* schedules that found it unscheduled: runs owed */
	u32 runs;
	u32 running;            /* > 1 would mean it ran concurrently with itself */
	u32 max_running;
};

static struct counted_tasklet ta, tb;
static u32 rtc_irqs, schedule_calls;

static void counted_fn(struct tasklet_struct *t)
{
	struct counted_tasklet *c = from_tasklet(c, t, t);

	c->running++;
	if (c->running > c->max_running)
		c->max_running = c->running;
	c->runs++;
	c->running--;
}

/* Schedules and counts what the rules say it owes. Interrupts off makes the check and
 * the schedule one step: nothing can run the tasklet in between. */
static void counted_schedule(struct counted_tasklet *c, bool hi)
{
	unsigned long flags;

	local_irq_save(flags);
	if (!(c->t.state & BIT(TASKLET_STATE_SCHED)))
		c->queued++;
	if (hi)
		tasklet_hi_schedule(&c->t);
	else
		tasklet_schedule(&c->t);
	schedule_calls++;
	local_irq_restore(flags);
}

static irqreturn_t rtc_stress_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	rtc_periodic_ack();
	rtc_irqs++;
	counted_schedule(&ta, false);
	counted_schedule(&tb, true);
	return IRQ_HANDLED;
}

static void test_tasklets_keys_and_a_1khz_interrupt(struct kunit *test)
{
	static int dev;
	const char *cannot_type = ktest_kbd_cannot_type();
	unsigned long end;
	int keys_sent = 0, keys_got = 0;
	u32 round = 0;

	tasklet_setup(&ta.t, counted_fn);
	tasklet_setup(&tb.t, counted_fn);
	drain_console();
	KUNIT_ASSERT_EQ(test, request_irq(RTC_IRQ, rtc_stress_interrupt, 0, "rtc-stress", &dev), 0);
	rtc_periodic_start();

	end = jiffies + HZ / 2;
	while (schedule_calls < 2 * STRESS_SCHEDULES || time_before(jiffies, end)) {
		round++;
		counted_schedule(&ta, false);
		if ((round & 7) == 0)
			counted_schedule(&tb, true);
		if ((round & 15) == 0) {
			local_bh_disable();
			local_bh_enable();      /* let the softirqs run here, now and then */
		}
		if ((round & 1023) == 0 && !cannot_type) {
			/* a key: make and break, each a real IRQ 1 */
			if (controller_send_as_keyboard(SC_A) &&
			    controller_send_as_keyboard(SC_A | SC_BREAK))
				keys_sent++;
			while (console_trygetc() == 'a')
				keys_got++;
		}
		if ((round & 4095) == 0)
			cond_resched();
		if (time_after(jiffies, end + 20 * HZ))
			break;                          /* a hang guard, not a pass */
	}
	rtc_periodic_stop();
	free_irq(RTC_IRQ, &dev);
	tasklet_kill(&ta.t);
	tasklet_kill(&tb.t);
	msleep(50);                                     /* the last keys' tasklet */
	while (console_trygetc() == 'a')
		keys_got++;

	KUNIT_EXPECT_GE(test, schedule_calls, 2 * STRESS_SCHEDULES);
	KUNIT_EXPECT_GT(test, rtc_irqs, 50);    /* 1024 Hz for 0.5 s, fewer on a loaded host */
	KUNIT_EXPECT_EQ(test, ta.runs, ta.queued);
	KUNIT_EXPECT_EQ(test, tb.runs, tb.queued);
	KUNIT_EXPECT_EQ(test, ta.max_running, 1);
	KUNIT_EXPECT_EQ(test, tb.max_running, 1);
	KUNIT_EXPECT_EQ(test, keys_got, keys_sent);
	kunit_info(test, "%u schedules, %u RTC interrupts, runs %u/%u and %u/%u, keys %d/%d",
		   schedule_calls, rtc_irqs, ta.runs, ta.queued, tb.runs, tb.queued,
		   keys_got, keys_sent);
	if (cannot_type) {
		kunit_info(test, "no keys typed: the tasklets and the clock were checked alone");
		kunit_skip_case(test, cannot_type);
	} else {
		KUNIT_EXPECT_GT(test, keys_sent, 20);
	}
}

static struct kunit_case stress_cases[] = {
	KUNIT_CASE(test_tasklets_keys_and_a_1khz_interrupt),
	{}
};
kunit_test_suite(stress, stress_cases);
