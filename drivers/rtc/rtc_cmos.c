/* drivers/rtc/rtc_cmos.c - the CMOS real-time clock's periodic interrupt.
 *
 * Motorola MC146818A datasheet, sections "Register A" (the rate select bits RS3-RS0),
 * "Register B" (PIE, the periodic interrupt enable) and "Register C" (the flags; reading
 * it clears them and lets IRQ 8 rise again). The rate 0110 gives 1024 interrupts a
 * second from the 32.768 kHz time base: a steady, fast interrupt source that no other
 * part of irqlab uses, for stress tests and labs.
 */
#include <irqlab/irqflags.h>
#include "arch/x86/io.h"
#include "rtc_cmos.h"

#define CMOS_INDEX      0x70    /* bit 7 also gates NMI: kept clear (NMI enabled) */
#define CMOS_DATA       0x71
#define RTC_REG_A       0x0a
#define   RTC_RATE_MASK 0x0f
#define   RTC_RATE_1024HZ 0x06
#define RTC_REG_B       0x0b
#define   RTC_PIE       BIT(6)
#define RTC_REG_C       0x0c

static u8 cmos_read(u8 reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static void cmos_write(u8 reg, u8 val)
{
	outb(CMOS_INDEX, reg);
	outb(CMOS_DATA, val);
}

void rtc_periodic_start(void)
{
	unsigned long flags;

	/* Index then data, with nothing in between: an interrupt handler that touched the
	 * CMOS index register here would make us write the wrong register. */
	local_irq_save(flags);
	cmos_write(RTC_REG_A, (cmos_read(RTC_REG_A) & ~RTC_RATE_MASK) | RTC_RATE_1024HZ);
	/* Clear a stale flag so the first edge can come, and before PIE, not after: a flag
	 * that PIE finds set raises IRQ 8 at once, and a read of C after that would take the
	 * flag from under the interrupt already on its way (its handler would find none). */
	cmos_read(RTC_REG_C);
	cmos_write(RTC_REG_B, cmos_read(RTC_REG_B) | RTC_PIE);
	local_irq_restore(flags);
}

void rtc_periodic_stop(void)
{
	unsigned long flags;

	local_irq_save(flags);
	cmos_write(RTC_REG_B, cmos_read(RTC_REG_B) & ~RTC_PIE);
	cmos_read(RTC_REG_C);
	local_irq_restore(flags);
}

u8 rtc_periodic_ack(void)
{
	return cmos_read(RTC_REG_C);
}
