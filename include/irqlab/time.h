/* include/irqlab/time.h - jiffies and clocks. */
#ifndef IRQLAB_TIME_H
#define IRQLAB_TIME_H

#include <irqlab/types.h>

#ifndef HZ
#define HZ 100
#endif

/* Ticks since boot, incremented by the timer interrupt (PIT, or the LAPIC timer). */
extern volatile u64 jiffies_64;
#define jiffies ((unsigned long)jiffies_64)

#define time_after(a, b)        ((long)((b) - (a)) < 0)
#define time_before(a, b)       time_after(b, a)
#define time_after_eq(a, b)     ((long)((a) - (b)) >= 0)

static inline unsigned long msecs_to_jiffies(unsigned int ms)
{
	return (ms * HZ + 999) / 1000;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return j * (1000 / HZ);
}

u64 get_jiffies_64(void);
/* Nanoseconds since boot, from the TSC once it is calibrated (0 before). Any context. */
u64 ktime_get_ns(void);
/* The TSC's frequency in kHz, measured against the PIT at boot; 0 if unknown. */
extern u32 tsc_khz;
/* Sets tsc_khz and the TSC value ktime_get_ns() counts from: once, at boot, by the
 * architecture's time_init(). */
void tsc_set_khz(u32 khz, u64 tsc_zero);
/* The cycles-to-nanoseconds factor for a khz clock: ns = (cycles * mult) >> shift, with
 * the largest shift (<= 32) whose mult fits 32 bits, as Linux's clocks_calc_mult_shift()
 * chooses. Divides: at calibration only. */
void tsc_calc_mult_shift(u32 khz, u32 *mult, u32 *shift);
/* cycles TSC cycles in nanoseconds, with the factor of tsc_set_khz(): no division. */
u64 tsc_cycles_to_ns(u64 cycles);

/* Called by the tick's interrupt handler: advances jiffies. Hard-IRQ context. */
void tick_handle(void);

#endif
