/* kernel/tests/test_pit.c - the 8254's channel 0 as the tick (PIC mode): the divisor it
 * was given, read back from the counting chip.
 *
 * The tick's rate is the input clock over the divisor, so the divisor is what decides
 * HZ; jiffies following IRQ 0 one for one is tests/test_apic.py's check. No clock is
 * read here: the samples are counted, and a wrap of the count is an event. */
#include <irqlab/time.h>
#include "arch/x86/lapic.h"
#include "arch/x86/pit.h"
#include "kunit.h"

/* Counts of 1.19 MHz (54 us): the top of the run-down the samples must reach. Every
 * wrap gives one chance, and a sample takes a few counts under QEMU. */
#define TOP_SLACK       64
#define MAX_WRAPS       1000

static void test_channel0_runs_down_from_the_tick_divisor(struct kunit *test)
{
	const u32 divisor = (PIT_TICK_RATE + HZ / 2) / HZ;
	u32 highest = 0, wraps = 0, prev, c;

	if (apic_intr_mode != APIC_PIC) {
		kunit_skip_case(test, "the LAPIC timer is the tick: channel 0 is stopped");
		return;
	}
	prev = pit_read_count();
	while (wraps < MAX_WRAPS && highest < divisor - TOP_SLACK) {
		c = pit_read_count();
		if (c < 1 || c > divisor) {                     /* mode 2: N down to 1 */
			KUNIT_EXPECT_GE(test, c, 1);
			KUNIT_EXPECT_LE(test, c, divisor);
			return;
		}
		if (c > prev)
			wraps++;
		highest = MAX(highest, c);
		prev = c;
	}
	KUNIT_EXPECT_GE(test, highest, divisor - TOP_SLACK);
}

static struct kunit_case pit_cases[] = {
	KUNIT_CASE(test_channel0_runs_down_from_the_tick_divisor),
	{}
};
kunit_test_suite(pit, pit_cases);
