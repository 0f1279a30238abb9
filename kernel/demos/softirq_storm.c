/* kernel/demos/softirq_storm.c - `demo softirq-storm`: why ksoftirqd exists.
 *
 * A softirq that raises itself again every time it runs - what a network card under a
 * flood does to NET_RX_SOFTIRQ. Started from a timer (so the first runs come from an
 * interrupt's exit, irq_exit), it goes round __do_softirq's restart loop until the
 * MAX_SOFTIRQ_RESTART limit hands it to ksoftirqd/0, a normal thread, which shares the
 * CPU with the shell by time slice: the shell stays responsive while the storm lasts.
 */
#include <irqlab/sched.h>
#include <irqlab/softirq.h>
#include <irqlab/timer.h>
#include "kernel/shell/shell.h"

#define STORM_SOFTIRQ   NET_RX_SOFTIRQ
#define STORM_SECONDS   3

static unsigned long storm_end;
static u32 runs, runs_in_ksoftirqd, limit_hits_at_start;
static bool handed_over, storming;
static struct timer_list start_timer, end_timer;

static void storm_action(struct softirq_action *a)
{
	(void)a;
	runs++;
	if (current == ksoftirqd_task()) {
		runs_in_ksoftirqd++;
		if (!handed_over) {
			handed_over = true;
			pr_info("softirq-storm: restart limit reached (%d rounds or %llu us in "
				"irq_exit); ksoftirqd/0 takes over\n", MAX_SOFTIRQ_RESTART,
				MAX_SOFTIRQ_TIME_NS / 1000);
		}
	}
	if (time_before(jiffies, storm_end))
		raise_softirq(STORM_SOFTIRQ);   /* again, and again */
}

static void storm_start(struct timer_list *t)
{
	(void)t;
	raise_softirq(STORM_SOFTIRQ);   /* in TIMER_SOFTIRQ, i.e. inside irq_exit's loop */
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
	(void)argv;
	if (argc != 1)
		return shell_usage("demo");
	if (storming) {
		kprintf("softirq-storm: one is already raging; wait for it to end\n");
		return 0;
	}
	storming = true;
	runs = runs_in_ksoftirqd = 0;
	handed_over = false;
	limit_hits_at_start = softirq_restart_limit_hits;
	open_softirq(STORM_SOFTIRQ, storm_action);
	storm_end = jiffies + 1 + STORM_SECONDS * HZ;
	timer_setup(&start_timer, storm_start, 0);
	timer_setup(&end_timer, storm_over, 0);
	mod_timer(&start_timer, jiffies + 1);
	mod_timer(&end_timer, storm_end + 1);
	kprintf("softirq-storm: NET_RX raises itself for %d s, starting from a timer. Watch:\n"
		"  dmesg            - the hand-over to ksoftirqd/0, then the summary\n"
		"  ps               - ksoftirqd/0's CPU ticks growing\n"
		"  cat /proc/softirqs - NET_RX counting up\n"
		"The shell keeps answering: ksoftirqd/0 is a normal thread and gets time slices.\n",
		STORM_SECONDS);
	return 0;
}
SHELL_DEMO(softirq_storm, "softirq-storm", "a softirq that re-raises itself; ksoftirqd takes over",
	   demo_storm_run);
