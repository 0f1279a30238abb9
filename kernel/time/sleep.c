/* kernel/time/sleep.c - sleeping for a while (schedule_timeout, msleep) and
 * busy-waiting (udelay, mdelay). */
#include <irqlab/export.h>
#include <irqlab/interrupt.h>
#include <irqlab/sched.h>
#include <irqlab/timer.h>
#include "arch/x86/cpu.h"

struct process_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void process_timeout(struct timer_list *t)
{
	struct process_timer *pt = from_timer(pt, t, timer);

	wake_up_process(pt->task);
}

long schedule_timeout(long timeout)
{
	struct process_timer pt;
	unsigned long expire;
	long left;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return MAX_SCHEDULE_TIMEOUT;
	}
	if (timeout < 0) {
		pr_err("schedule_timeout: wrong timeout value %ld\n", timeout);
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	expire = jiffies + (unsigned long)timeout;
	timer_setup(&pt.timer, process_timeout, 0);
	pt.task = current;
	mod_timer(&pt.timer, expire);
	schedule();
	del_timer_sync(&pt.timer);      /* the timer lives on this stack: it must be gone */
	left = (long)(expire - jiffies);
	return left < 0 ? 0 : left;
}
EXPORT_SYMBOL(schedule_timeout);

long schedule_timeout_interruptible(long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}
EXPORT_SYMBOL(schedule_timeout_interruptible);

long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}
EXPORT_SYMBOL(schedule_timeout_uninterruptible);

void msleep(unsigned int ms)
{
	long timeout = (long)msecs_to_jiffies(ms) + 1;  /* +1: a partial tick is not a tick */

	might_sleep();
	if (in_atomic() || irqs_disabled()) {
		/* might_sleep() has reported the bug; sleeping here would hang or corrupt the
		 * interrupted context, so wait without sleeping and let the kernel go on. */
		mdelay(ms);
		return;
	}
	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}
EXPORT_SYMBOL(msleep);

/* Loops of delay_loop() per jiffy, measured at boot (Linux's BogoMIPS), for CPUs without
 * a TSC; with a TSC the delay counts cycles instead. */
static unsigned long loops_per_jiffy;

static void __noinline delay_loop(unsigned long loops)
{
	__asm__ __volatile__("1: dec %0; jnz 1b" : "+r"(loops) :: "cc");
}

void calibrate_delay(void)
{
	unsigned long lpj = 1, j;

	if (tsc_khz)
		return;
	/* Double the loop count until one run spans a tick, then it is about right. */
	j = jiffies;
	while (jiffies == j)
		barrier();
	while (lpj < (1ul << 30)) {
		j = jiffies;
		delay_loop(lpj);
		if (jiffies != j)
			break;
		lpj <<= 1;
	}
	loops_per_jiffy = lpj;
	pr_info("Calibrating delay loop... %lu.%02lu BogoMIPS (lpj=%lu)\n",
		lpj / (500000 / HZ), (lpj / (5000 / HZ)) % 100, lpj);
}

void udelay(unsigned int us)
{
	if (tsc_khz) {
		u64 end = rdtsc() + (u64)us * tsc_khz / 1000;

		while (rdtsc() < end)
			barrier();
	} else {
		delay_loop(((u64)loops_per_jiffy * HZ * us) / 1000000 + 1);
	}
}
EXPORT_SYMBOL(udelay);

DEFINE_PER_CPU(unsigned long, delay_halt_count);        /* per-CPU: this CPU's HLTs */

unsigned long delay_halts(void)
{
	unsigned long sum = 0;
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(delay_halt_count, cpu);
	return sum;
}

#define TICK_MS         (1000 / HZ)

/* Waits in HLT until `until` (TSC), while this CPU may (the thread may move to another
 * CPU between two waits: each asks again). False if it may not wait at all. */
static bool halt_until(u64 until)
{
	bool halted = false;

	while (rdtsc() < until) {
		preempt_disable();              /* the check and the HLT on one CPU */
		if (!arch_delay_may_halt()) {
			preempt_enable();
			break;
		}
		this_cpu_inc(delay_halt_count);
		native_halt();                  /* interrupts are on: the next one ends it */
		preempt_enable();
		halted = true;
	}
	return halted;
}

/* Linux's mdelay() spins. So does this one, with one difference for the long delays the
 * course notes' examples make (4 and 10 seconds): with interrupts on, the time up to two
 * ticks before the end is spent in HLT, woken by each tick and any other interrupt.
 * What the caller sees is the same - the delay does not schedule, a tick may still
 * preempt a preemptible caller on its way out, and the end is as exact as spinning
 * makes it (the last two ticks are spun) - but an emulator's CPU thread sleeps instead
 * of burning a host core. With interrupts off, or where no tick is sure to come
 * (arch_delay_may_halt()), it spins throughout. */
void mdelay(unsigned int ms)
{
	if (tsc_khz && ms > 2 * TICK_MS && !irqs_disabled()) {
		u64 start = rdtsc();

		if (halt_until(start + (u64)(ms - 2 * TICK_MS) * tsc_khz)) {
			u64 end = start + (u64)ms * tsc_khz;

			while (rdtsc() < end)
				barrier();
			return;
		}
	}
	while (ms--)
		udelay(1000);
}
EXPORT_SYMBOL(mdelay);
