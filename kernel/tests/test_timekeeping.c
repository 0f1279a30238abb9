/* kernel/tests/test_timekeeping.c - TSC cycles to nanoseconds by multiply and shift.
 *
 * ktime_get_ns() runs on paths that must not divide (include/irqlab/math64.h), so it
 * converts with mult/shift worked out at calibration. These cases hold that conversion
 * to the exact one, cycles * 10^6 / khz, worked out here the slow way (a 64-bit
 * division per step, fine in a test), for clocks from a slow 486-era TSC to 5 GHz and
 * for cycle counts from one to centuries. */
#include <irqlab/math64.h>
#include <irqlab/time.h>
#include "kunit.h"

/* The exact value, split so that nothing overflows: (c / khz) * 10^6 + remainder. */
static u64 exact_ns(u64 cycles, u32 khz)
{
	return (cycles / khz) * 1000000 + ((cycles % khz) * 1000000) / khz;
}

static const u32 clocks_khz[] = { 33000, 100000, 999999, 1000000, 1000001, 2446000,
				  3600000, 5000000 };
static const u64 counts[] = { 0, 1, 999, 2446000, 1000000007ull, 1ull << 32,
			      (1ull << 32) + 12345, 1ull << 40, 123456789012345ull,
			      1ull << 52 };

static void test_mult_shift_matches_division(struct kunit *test)
{
	for (unsigned int k = 0; k < ARRAY_SIZE(clocks_khz); k++) {
		u32 mult, shift, khz = clocks_khz[k];

		tsc_calc_mult_shift(khz, &mult, &shift);
		KUNIT_EXPECT_LE(test, shift, 32);
		/* The largest shift that fits keeps the most bits of 10^6 / khz: one more
		 * would not fit 32 bits (or the shift is at its limit, above 1 GHz). */
		if (shift < 32)
			KUNIT_EXPECT_GE(test, mult, 0x80000000u);
		for (unsigned int c = 0; c < ARRAY_SIZE(counts); c++) {
			u64 want = exact_ns(counts[c], khz);
			u64 got = mul_u64_u32_shr(counts[c], mult, shift);
			/* mult is 10^6 / khz * 2^shift rounded down, so off by less than one
			 * part in mult: got may be low by want / mult, plus one for each of
			 * the two shifted halves. */
			u64 slack = want / mult + 2;

			if (got > want || want - got > slack)
				kunit_info(test, "khz %u, %llu cycles: %llu ns, not %llu",
					   khz, counts[c], got, want);
			KUNIT_EXPECT_LE(test, got, want);
			KUNIT_EXPECT_LE(test, want - got, slack);
		}
	}
}

/* This machine's own factor, as ktime_get_ns() uses it. */
static void test_this_tsc_converts_as_the_division_would(struct kunit *test)
{
	if (!tsc_khz) {
		kunit_skip_case(test, "no TSC: ktime_get_ns() counts jiffies");
		return;
	}
	u32 mult, shift;

	tsc_calc_mult_shift(tsc_khz, &mult, &shift);
	for (unsigned int c = 0; c < ARRAY_SIZE(counts); c++) {
		u64 want = exact_ns(counts[c], tsc_khz), got = tsc_cycles_to_ns(counts[c]);

		KUNIT_EXPECT_LE(test, got, want);
		KUNIT_EXPECT_LE(test, want - got, want / mult + 2);
	}
}

static void test_ktime_never_goes_back(struct kunit *test)
{
	u64 prev = ktime_get_ns();

	for (int i = 0; i < 10000; i++) {
		u64 now = ktime_get_ns();

		KUNIT_EXPECT_GE(test, now, prev);
		if (now < prev)
			return;
		prev = now;
	}
}

static struct kunit_case timekeeping_cases[] = {
	KUNIT_CASE(test_mult_shift_matches_division),
	KUNIT_CASE(test_this_tsc_converts_as_the_division_would),
	KUNIT_CASE(test_ktime_never_goes_back),
	{}
};
kunit_test_suite(timekeeping, timekeeping_cases);
