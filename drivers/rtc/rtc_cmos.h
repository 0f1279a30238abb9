#ifndef ARCH_X86_RTC_H
#define ARCH_X86_RTC_H
#include <irqlab/types.h>
#define RTC_IRQ 8
/* The CMOS clock's periodic interrupt at 1024 Hz on IRQ 8 (request the line first), and
 * its acknowledgement, which every handler must do or the line never rises again. (So
 * on the chip. QEMU's model raises IRQ 8 at every tick even when the last was not
 * acknowledged: a handler that runs a tick late is delivered once more and then finds
 * register C empty.) */
void rtc_periodic_start(void);
void rtc_periodic_stop(void);
/* Returns register C: RTC_REG_C_PF set when the periodic flag was up, i.e. this
 * interrupt was the clock's. */
u8 rtc_periodic_ack(void);
#define RTC_REG_C_PF    BIT(6)
#endif
