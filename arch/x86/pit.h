#ifndef ARCH_X86_PIT_H
#define ARCH_X86_PIT_H
#include <irqlab/types.h>
#define PIT_TICK_RATE   1193182u        /* Hz: the 8254's input clock */
void pit_timer_init(void);              /* channel 0 at HZ on IRQ 0 */
void pit_timer_shutdown(void);          /* channel 0 stops: the LAPIC timer ticks now */
/* Channel 0's count now: in PIC mode it runs down from the tick's divisor to 1, then
 * reloads. Any context; for the tests. */
u16 pit_read_count(void);
u32 pit_calibrate_tsc_khz(void);        /* measures the TSC against channel 2 */
/* How fast counter() counts up, in counts per ms, timed by channel 2 over 25 ms; 0 when
 * no clean measurement came. Boot, interrupts off. */
u32 pit_measure_khz(u64 (*counter)(void));
#endif
