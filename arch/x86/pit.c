/* arch/x86/pit.c - the 8254 Programmable Interval Timer.
 *
 * Intel 82C54 datasheet, sections "Control Word Format", "Mode 2 - Rate Generator" and
 * "Mode 0 - Interrupt on Terminal Count". Channel 0 drives IRQ 0 (the tick in PIC mode);
 * channel 2's gate and output are reachable through port 0x61, which makes it a
 * stopwatch for measuring the TSC.
 */
#include <irqlab/interrupt.h>
#include <irqlab/time.h>
#include "io.h"
#include "cpu.h"
#include "pit.h"

#define PIT_CH0         0x40
#define PIT_CH2         0x42
#define PIT_MODE        0x43
#define   PIT_SEL_CH0   (0 << 6)
#define   PIT_SEL_CH2   (2 << 6)
#define   PIT_RW_LOHI   (3 << 4)        /* low byte, then high byte */
#define   PIT_MODE0     (0 << 1)        /* interrupt on terminal count: a one-shot */
#define   PIT_MODE2     (2 << 1)        /* rate generator: a periodic tick */
#define PORT_B          0x61            /* system control port B */
#define   PORT_B_GATE2  BIT(0)          /* channel 2 counts while this is 1 */
#define   PORT_B_SPKR   BIT(1)          /* keep the speaker off */
#define   PORT_B_OUT2   BIT(5)          /* channel 2's output, readable */

#define PIT_IRQ         0
#define CALIBRATE_MS    10

static irqreturn_t timer_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	tick_handle();
	return IRQ_HANDLED;
}

void pit_timer_init(void)
{
	static int pit_dev;
	u16 divisor = (PIT_TICK_RATE + HZ / 2) / HZ;

	outb(PIT_MODE, PIT_SEL_CH0 | PIT_RW_LOHI | PIT_MODE2);
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
	if (request_irq(PIT_IRQ, timer_interrupt, 0, "timer", &pit_dev))
		pr_err("pit: cannot get IRQ 0: no tick\n");
}

/* Counts TSC cycles while channel 2 runs down CALIBRATE_MS milliseconds in mode 0. */
u32 pit_calibrate_tsc_khz(void)
{
	u16 count = PIT_TICK_RATE / (1000 / CALIBRATE_MS);
	u64 t0, t1;
	u8 b;

	b = inb(PORT_B);
	outb(PORT_B, (b & ~(PORT_B_SPKR | PORT_B_GATE2)));      /* gate low: hold */
	outb(PIT_MODE, PIT_SEL_CH2 | PIT_RW_LOHI | PIT_MODE0);
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	outb(PORT_B, (b & ~PORT_B_SPKR) | PORT_B_GATE2);        /* gate high: go */
	t0 = rdtsc();
	while (!(inb(PORT_B) & PORT_B_OUT2))
		;
	t1 = rdtsc();
	outb(PORT_B, b);
	return (u32)((t1 - t0) / CALIBRATE_MS);
}
