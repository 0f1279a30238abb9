/* kernel/time/timekeeping.c - jiffies and nanoseconds since boot. */
#include <irqlab/export.h>
#include <irqlab/time.h>
#include <irqlab/math64.h>
#include <irqlab/irqflags.h>
#include <irqlab/irq_work.h>
#include <irqlab/sched.h>
#include <irqlab/timer.h>

volatile u64 jiffies_64;
EXPORT_SYMBOL(jiffies_64);
u32 tsc_khz;
/* Written once at boot, before the other CPUs start; read-only after: no lock. */
static u64 tsc_at_boot;
static u32 tsc_mult, tsc_shift;

void tsc_calc_mult_shift(u32 khz, u32 *mult, u32 *shift)
{
	u32 sft;
	u64 m = 0;

	/* A kHz clock ticks khz times per 10^6 ns: mult / 2^shift = 10^6 / khz. */
	for (sft = 32; sft > 0; sft--) {
		m = ((u64)1000000 << sft) / khz;
		if (m <= 0xffffffffull)
			break;
	}
	*mult = (u32)m;
	*shift = sft;
}

void tsc_set_khz(u32 khz, u64 tsc_zero)
{
	tsc_calc_mult_shift(khz, &tsc_mult, &tsc_shift);
	tsc_at_boot = tsc_zero;
	tsc_khz = khz;
}

u64 tsc_cycles_to_ns(u64 cycles)
{
	return mul_u64_u32_shr(cycles, tsc_mult, tsc_shift);
}

u64 get_jiffies_64(void)
{
	unsigned long flags;
	u64 j;

	local_irq_save(flags);  /* two 32-bit loads: the tick must not land between them */
	j = jiffies_64;
	local_irq_restore(flags);
	return j;
}
EXPORT_SYMBOL(get_jiffies_64);

u64 ktime_get_ns(void)
{
	u64 cycles;

	if (!tsc_khz)           /* no TSC (a 486): the tick's resolution must do */
		return get_jiffies_64() * (1000000000ull / HZ);
	cycles = rdtsc() - tsc_at_boot;
	return tsc_cycles_to_ns(cycles);
}
EXPORT_SYMBOL(ktime_get_ns);

/* The CPU whose tick advances jiffies (Linux's tick_do_timer_cpu): one, or time would
 * run once per CPU. */
#define TICK_DO_TIMER_CPU       0

/* The periodic tick, on every CPU: the timers queued on this CPU are run when due, and
 * the running thread's time slice shrinks here (Linux's update_process_times). Time
 * advances on one CPU only (as Linux's do_timer): jiffies_64 is written by
 * TICK_DO_TIMER_CPU's tick alone, and the other CPUs only read it. */
void tick_handle(void)
{
	if (smp_processor_id() == TICK_DO_TIMER_CPU)
		jiffies_64++;
	run_local_timers();
	irq_work_tick();
	scheduler_tick();
}
