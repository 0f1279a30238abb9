/* arch/x86/pit.c - the 8254 Programmable Interval Timer.
 *
 * Intel 82C54 datasheet, sections "Control Word Format", "Counter Latch Command",
 * "Mode 2 - Rate Generator" and "Mode 0 - Interrupt on Terminal Count". Channel 0
 * drives IRQ 0 (the tick in PIC mode); channel 2's gate and output are reachable through
 * port 0x61, which makes it a stopwatch for measuring the TSC and the LAPIC timer.
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
#define   PIT_LATCH     (0 << 4)        /* counter latch command: freeze the count */
#define   PIT_RW_LOHI   (3 << 4)        /* low byte, then high byte */
#define   PIT_MODE0     (0 << 1)        /* interrupt on terminal count: a one-shot */
#define   PIT_MODE2     (2 << 1)        /* rate generator: a periodic tick */
#define PORT_B          0x61            /* system control port B */
#define   PORT_B_GATE2  BIT(0)          /* channel 2 counts while this is 1 */
#define   PORT_B_SPKR   BIT(1)          /* keep the speaker off */
#define   PORT_B_OUT2   BIT(5)          /* channel 2's output, readable */

#define PIT_IRQ         0
#define CALIBRATE_MS    25      /* of channel 2: well inside its 55 ms run */
/* A run is thrown away when the host stalled QEMU inside it (a sample's two PIT reads far
 * apart, or channel 2 ran out). A loaded host can spoil several runs in a row; each run
 * costs 25 ms of guest time, so trying many is cheap against booting with no clock. */
#define CALIBRATE_RUNS  40
#define SAMPLE_TRIES    16
#define SAMPLE_MAX_SPREAD 64    /* PIT ticks (54 us) one sample may take */

/* Set once by pit_timer_shutdown(), read by the IRQ 0 handler: the boot CPU only. */
static bool pit_stopped;

static irqreturn_t timer_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	/* The edge QEMU had scheduled before the PIT stopped is no tick: the LAPIC timer
	 * makes them now (Linux's PIT handler is a no-op once shut down, likewise). */
	if (!pit_stopped)
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

/* The LAPIC timer has taken over the tick (APIC mode). A new control word for mode 0
 * drives OUT low and the counter then waits for a count that never comes: no more
 * edges on IRQ 0. (QEMU may still deliver the one edge it had already scheduled: it is
 * counted on IRQ 0, but no tick.) */
void pit_timer_shutdown(void)
{
	pit_stopped = true;
	outb(PIT_MODE, PIT_SEL_CH0 | PIT_RW_LOHI | PIT_MODE0);
}

/* Channel 2 as a stopwatch: mode 0 from 0xffff, counting down at PIT_TICK_RATE; OUT2
 * stays low until the count runs out, 55 ms later. */
static void stopwatch_start(void)
{
	outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPKR) | PORT_B_GATE2);      /* gate high: count */
	outb(PIT_MODE, PIT_SEL_CH2 | PIT_RW_LOHI | PIT_MODE0);
	outb(PIT_CH2, 0xff);
	outb(PIT_CH2, 0xff);
}

static u16 pit_read(u8 select, u16 port)
{
	u8 lo, hi;

	/* Latch first: the two byte reads then come from one frozen count, not from a
	 * count that moved between them. */
	outb(PIT_MODE, select | PIT_LATCH);
	lo = inb(port);
	hi = inb(port);
	return lo | (u16)(hi << 8);
}

static u16 stopwatch_read(void)
{
	return pit_read(PIT_SEL_CH2, PIT_CH2);
}

u16 pit_read_count(void)
{
	return pit_read(PIT_SEL_CH0, PIT_CH0);
}

/* One pair of readings, channel 2 and counter(), taken at one instant: channel 2 is read
 * on both sides of counter(), and a pair whose two PIT reads lie far apart - something
 * stalled us in between: an SMI, or the host descheduling QEMU - is taken again. */
static bool stopwatch_sample(u64 (*counter)(void), u16 *pit, u64 *value)
{
	for (unsigned int i = 0; i < SAMPLE_TRIES; i++) {
		u16 p0 = stopwatch_read();
		u64 v = counter();
		u16 p1 = stopwatch_read();

		if ((u16)(p0 - p1) <= SAMPLE_MAX_SPREAD) {
			*pit = p0 - (u16)(p0 - p1) / 2;
			*value = v;
			return true;
		}
	}
	return false;
}

/* Each counter is read between a pair of channel-2 reads of its own, at the window's
 * start and at its end: one shared window, but each counter timed against the PIT
 * instant it was read at. (Read together between one pair, the two would sit on either
 * side of the pair's midpoint, and the measured rates were 0.02% off.) */
bool pit_measure_khz(const struct pit_counter *counters, unsigned int n, u32 *khz)
{
	const u32 window = PIT_TICK_RATE / 1000 * CALIBRATE_MS;
	u8 port_b = inb(PORT_B);
	bool measured = false;

	if (n == 0 || n > PIT_MAX_COUNTERS)
		return false;
	for (unsigned int run = 0; run < CALIBRATE_RUNS && !measured; run++) {
		u64 v0[PIT_MAX_COUNTERS], v1[PIT_MAX_COUNTERS];
		u16 p0[PIT_MAX_COUNTERS], p1[PIT_MAX_COUNTERS];
		bool clean = true;

		stopwatch_start();
		for (unsigned int c = 0; c < n && clean; c++)
			clean = stopwatch_sample(counters[c].read, &p0[c], &v0[c]);
		if (!clean)
			continue;
		while ((u16)(p0[0] - stopwatch_read()) < window)
			;
		for (unsigned int c = 0; c < n && clean; c++)
			clean = stopwatch_sample(counters[c].read, &p1[c], &v1[c]);
		/* OUT2 high: the count ran out, so a stall of a whole wrap went unseen by the
		 * 16-bit count. Measure again. */
		if (!clean || (inb(PORT_B) & PORT_B_OUT2))
			continue;
		for (unsigned int c = 0; c < n; c++)
			khz[c] = (u32)((v1[c] - v0[c]) * PIT_TICK_RATE / (u16)(p0[c] - p1[c]) /
				       1000);
		measured = true;
	}
	outb(PORT_B, port_b);
	return measured;
}
