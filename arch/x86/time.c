/* arch/x86/time.c - the PC's clocks at boot: the TSC's rate, the PIT tick, and in APIC
 * mode the hand-over of the tick to the LAPIC timer.
 *
 * Intel SDM Vol. 3B, "Time-Stamp Counter" (CPUID.01H:EDX[4]); the 8254 and the LAPIC
 * timer themselves are arch/x86/pit.c and arch/x86/lapic.c.
 */
#include <irqlab/init.h>
#include <irqlab/printk.h>
#include <irqlab/time.h>
#include "cpu.h"
#include "ioapic.h"
#include "lapic.h"
#include "pit.h"

static u64 tsc_count(void)
{
	return rdtsc();
}

void time_init(void)
{
	if (boot_cpu_has(X86_FEATURE_TSC)) {
		/* In APIC mode (init_IRQ() has enabled the LAPIC) the LAPIC timer is timed in
		 * the same 25 ms PIT window as the TSC, for setup_boot_APIC_clock() later:
		 * one window at boot, not two. */
		static const struct pit_counter counters[] = { { tsc_count },
							       { lapic_timer_elapsed } };
		bool lapic = apic_intr_mode == APIC_SYMMETRIC_IO;
		u32 khz[PIT_MAX_COUNTERS] = { 0, 0 };

		if (lapic)
			lapic_timer_calibration_start();
		if (!pit_measure_khz(counters, lapic ? 2 : 1, khz))
			khz[0] = khz[1] = 0;
		if (lapic)
			lapic_timer_calibration_end(khz[1]);
		tsc_set_khz(khz[0], rdtsc());
		if (tsc_khz)
			pr_info("tsc: %u.%03u MHz\n", tsc_khz / 1000, tsc_khz % 1000);
		else
			pr_warn("tsc: no calibration against the PIT succeeded (every run was "
				"stalled); time comes from jiffies\n");
	} else {
		pr_info("tsc: this CPU has no time-stamp counter; time comes from jiffies\n");
	}
	pit_timer_init();
}

void late_time_init(void)
{
	/* APIC mode: the PIT's ticks through the IOAPIC prove its routing (a failure is
	 * reported), then the LAPIC timer takes the tick over. In PIC mode the PIT stays
	 * the tick. */
	if (apic_intr_mode == APIC_SYMMETRIC_IO) {
		check_timer();
		setup_boot_APIC_clock();
	}
}
