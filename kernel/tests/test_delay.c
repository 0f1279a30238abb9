/* kernel/tests/test_delay.c - mdelay(): at least as long as asked, never scheduling; a
 * long delay with interrupts on waits in HLT (the LAPIC timer's tick ends each wait),
 * a short one or one with interrupts off spins. Durations are checked only from below:
 * how much longer a delay takes depends on the host. */
#include <irqlab/interrupt.h>
#include <irqlab/sched.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include "arch/x86/cpu.h"
#include "kunit.h"

#define TICK_MS         (1000 / HZ)

/* Cycles since t0, against ms milliseconds' worth of them. */
static bool lasted(u64 t0, unsigned int ms)
{
	return rdtsc() - t0 >= (u64)ms * tsc_khz;
}

static void test_long_delay_with_interrupts_on_halts(struct kunit *test)
{
	unsigned long halts, switches;
	u64 t0;

	if (!tsc_khz || !arch_delay_may_halt()) {
		kunit_skip_case(test, "no periodic LAPIC timer on this CPU (irqchip=pic, or no "
				"TSC): mdelay spins throughout");
		return;
	}
	halts = delay_halts();                  /* every CPU's: the thread may move */
	switches = current->nvcsw;
	t0 = rdtsc();
	mdelay(5 * TICK_MS);
	KUNIT_EXPECT_TRUE(test, lasted(t0, 5 * TICK_MS));
	KUNIT_EXPECT_GE(test, delay_halts() - halts, 1);
	KUNIT_EXPECT_EQ(test, current->nvcsw, switches);       /* it never slept */
}

static void test_delay_with_interrupts_off_spins(struct kunit *test)
{
	unsigned long flags, halts;
	u64 t0;

	if (!tsc_khz) {
		kunit_skip_case(test, "no TSC to time the delay");
		return;
	}
	local_irq_save(flags);                  /* and on this CPU throughout */
	halts = this_cpu_read(delay_halt_count);
	t0 = rdtsc();
	mdelay(5 * TICK_MS);
	KUNIT_EXPECT_TRUE(test, lasted(t0, 5 * TICK_MS));
	KUNIT_EXPECT_EQ(test, this_cpu_read(delay_halt_count), halts);
	local_irq_restore(flags);
}

static void test_short_delay_spins(struct kunit *test)
{
	unsigned long halts;
	u64 t0;

	if (!tsc_khz) {
		kunit_skip_case(test, "no TSC to time the delay");
		return;
	}
	preempt_disable();                      /* on this CPU throughout */
	halts = this_cpu_read(delay_halt_count);
	t0 = rdtsc();
	mdelay(2 * TICK_MS);                    /* two ticks: all of it is the spun tail */
	KUNIT_EXPECT_TRUE(test, lasted(t0, 2 * TICK_MS));
	KUNIT_EXPECT_EQ(test, this_cpu_read(delay_halt_count), halts);
	preempt_enable();
}

static struct kunit_case delay_cases[] = {
	KUNIT_CASE(test_long_delay_with_interrupts_on_halts),
	KUNIT_CASE(test_delay_with_interrupts_off_spins),
	KUNIT_CASE(test_short_delay_spins),
	{}
};
kunit_test_suite(delay, delay_cases);
