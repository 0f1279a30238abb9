#ifndef ARCH_X86_PIT_H
#define ARCH_X86_PIT_H
#include <irqlab/types.h>
#define PIT_TICK_RATE   1193182u        /* Hz: the 8254's input clock */
void pit_timer_init(void);              /* channel 0 at HZ on IRQ 0 */
void pit_timer_shutdown(void);          /* channel 0 stops: the LAPIC timer ticks now */
/* Channel 0's count now: in PIC mode it runs down from the tick's divisor to 1, then
 * reloads. Any context; for the tests. */
u16 pit_read_count(void);
/* A clock to time against channel 2: read() returns its count, going up. */
struct pit_counter {
	u64 (*read)(void);
};
#define PIT_MAX_COUNTERS 2
/* How fast each of n counters counts up, in counts per ms into khz[], timed together in
 * one 25 ms window of channel 2 (the TSC and the LAPIC timer share a window at boot);
 * false when no clean measurement came. Boot, interrupts off. */
bool pit_measure_khz(const struct pit_counter *counters, unsigned int n, u32 *khz);
#endif
