/* kernel/demos/softirq_storm.c - `demo softirq-storm`: why ksoftirqd exists.
 *
 * A softirq that raises itself again every time it runs - what a network card under a
 * flood does to NET_RX_SOFTIRQ. It starts as a card's would: a hard-IRQ handler raises
 * NET_RX (IRQ 10, raised by the demo itself), so the first runs come in that interrupt's
 * exit, irq_exit, in __do_softirq's first round, whatever else is going on. Then it goes
 * round the restart loop until the MAX_SOFTIRQ_RESTART limit (or a thread needing the
 * CPU) hands it to ksoftirqd/0, a normal thread, which shares the CPU with the shell by
 * time slice: the shell stays responsive while the storm lasts.
 */
#include <irqlab/interrupt.h>
#include <irqlab/sched.h>
#include <irqlab/softirq.h>
#include <irqlab/timer.h>
#include "kernel/shell/shell.h"

#define STORM_SOFTIRQ   NET_RX_SOFTIRQ
#define STORM_SECONDS   3
#define STORM_IRQ       10      /* a line no device uses on QEMU's pc machine */

/* Lock: none. CPU 0's: the shell command, its interrupt and the softirq all run there
 * (the interrupt is a self-IPI or INT on the running CPU). */
static unsigned long storm_end;
static u32 runs, runs_in_ksoftirqd, limit_hits_at_start, storm_irqs;
static bool handed_over, storming;
static struct timer_list end_timer;
static int storm_dev;

static void storm_action(struct softirq_action *a)
{
	(void)a;
	runs++;
	if (current == ksoftirqd_task()) {
		runs_in_ksoftirqd++;
		if (!handed_over) {
			handed_over = true;
			pr_info("softirq-storm: restart limit reached (%d rounds or %lu "
				"jiffies in irq_exit); ksoftirqd/0 takes over\n",
				MAX_SOFTIRQ_RESTART, MAX_SOFTIRQ_TIME);
		}
	}
	if (time_before(jiffies, storm_end))
		raise_softirq(STORM_SOFTIRQ);   /* again, and again */
}

/* The card's top half: note the work, leave it to NET_RX (Linux: napi_schedule). */
static irqreturn_t storm_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	WRITE_ONCE(storm_irqs, storm_irqs + 1);
	raise_softirq_irqoff(STORM_SOFTIRQ);
	return IRQ_HANDLED;
}

static void storm_over(struct timer_list *t)
{
	(void)t;
	storming = false;
	pr_info("softirq-storm: over after %d s: %u runs, %u of them in ksoftirqd/0; the "
		"restart limit handed over %u time(s)\n", STORM_SECONDS, runs, runs_in_ksoftirqd,
		softirq_restart_limit_hits - limit_hits_at_start);
}

static int demo_storm_run(int argc, char **argv)
{
	int err;

	(void)argv;
	if (argc != 1)
		return shell_usage("demo");
	if (storming) {
		kprintf("softirq-storm: one is already raging; wait for it to end\n");
		return 0;
	}
	err = request_irq(STORM_IRQ, storm_interrupt, 0, "softirq-storm", &storm_dev);
	if (err) {
		kprintf("softirq-storm: request_irq(%d) failed: %d\n", STORM_IRQ, err);
		return err;
	}
	storming = true;
	runs = runs_in_ksoftirqd = storm_irqs = 0;
	handed_over = false;
	limit_hits_at_start = softirq_restart_limit_hits;
	open_softirq(STORM_SOFTIRQ, storm_action);
	storm_end = jiffies + STORM_SECONDS * HZ;
	timer_setup(&end_timer, storm_over, 0);
	mod_timer(&end_timer, storm_end + 1);
	/* The interrupt comes on this CPU at once; by the time the shell runs again the
	 * storm has been handed to ksoftirqd/0, and the line can go. */
	err = irq_inject(STORM_IRQ);
	while (!err && !READ_ONCE(storm_irqs))
		cpu_relax();
	free_irq(STORM_IRQ, &storm_dev);
	if (err) {
		del_timer_sync(&end_timer);
		storming = false;
		kprintf("softirq-storm: irq_inject(%d) failed: %d\n", STORM_IRQ, err);
		return err;
	}
	kprintf("softirq-storm: NET_RX raises itself for %d s, starting from IRQ %d. Watch:\n"
		"  dmesg            - the hand-over to ksoftirqd/0, then the summary\n"
		"  ps               - ksoftirqd/0's CPU ticks growing\n"
		"  cat /proc/softirqs - NET_RX counting up\n"
		"The shell keeps answering: ksoftirqd/0 is a normal thread and gets time slices.\n",
		STORM_SECONDS, STORM_IRQ);
	return 0;
}
SHELL_DEMO(softirq_storm, "softirq-storm", "a softirq that re-raises itself; ksoftirqd takes over",
	   demo_storm_run);
