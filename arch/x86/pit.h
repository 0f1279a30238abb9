#ifndef ARCH_X86_PIT_H
#define ARCH_X86_PIT_H
#include <irqlab/types.h>
#define PIT_TICK_RATE   1193182u        /* Hz: the 8254's input clock */
void pit_timer_init(void);              /* channel 0 at HZ on IRQ 0 */
u32 pit_calibrate_tsc_khz(void);        /* measures the TSC against channel 2 */
#endif
