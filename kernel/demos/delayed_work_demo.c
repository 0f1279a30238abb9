/* kernel/demos/delayed_work_demo.c - `demo delayed-work [start|stop]`: a periodic item.
 *
 * The item's function re-arms itself with schedule_delayed_work(), once a second, and
 * logs each run; it goes on while the shell does other things. The same command again
 * (or `stop`) cancels it with cancel_delayed_work_sync(), which stops it wherever it
 * is: armed on its timer, queued, or running (its re-arm then fails, because the
 * canceller holds the item's PENDING bit). */
#include <irqlab/errno.h>
#include <irqlab/sched.h>
#include <irqlab/string.h>
#include <irqlab/workqueue.h>
#include "kernel/shell/shell.h"

#define TICK_PERIOD     HZ      /* one second */

static void tick_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(tick_work, tick_fn);
static unsigned int ticks;
static unsigned long last_run;
static bool ticking;

static void tick_fn(struct work_struct *work)
{
	unsigned long now = jiffies;

	ticks++;
	/* printk is fine here: process context, and this is a demo, not a hot path. */
	pr_info("delayed-work: tick %u at jiffies %lu (+%lu) on %s, in_task()=%d\n", ticks,
		now, now - last_run, current->comm, in_task() ? 1 : 0);
	last_run = now;
	schedule_delayed_work(to_delayed_work(work), TICK_PERIOD);
}

static void tick_start(void)
{
	ticks = 0;
	last_run = jiffies;
	ticking = true;
	schedule_delayed_work(&tick_work, TICK_PERIOD);
	kprintf("delayed-work: started at jiffies %lu: tick_fn() re-arms itself with "
		"schedule_delayed_work(&tick_work, %d) (HZ=%d: every %u ms).\n"
		"Run `demo delayed-work` again (or `demo delayed-work stop`) to cancel it.\n",
		last_run, TICK_PERIOD, HZ, jiffies_to_msecs(TICK_PERIOD));
}

static void tick_stop(void)
{
	bool was_pending = cancel_delayed_work_sync(&tick_work);

	ticking = false;
	kprintf("delayed-work: stopped after %u tick(s); cancel_delayed_work_sync() returned "
		"%s: %s\n", ticks, was_pending ? "true" : "false",
		was_pending ? "the item was armed on its timer (or queued), and is no more"
			    : "it was running; the cancel waited for it, and its re-arm failed");
}

static int demo_delayed_work_run(int argc, char **argv)
{
	if (argc == 1) {
		if (ticking)
			tick_stop();
		else
			tick_start();
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "start") == 0) {
		if (ticking)
			kprintf("delayed-work: already running (%u tick(s) so far)\n", ticks);
		else
			tick_start();
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "stop") == 0) {
		if (ticking)
			tick_stop();
		else
			kprintf("delayed-work: not running\n");
		return 0;
	}
	kprintf("usage: demo delayed-work [start|stop]   (alone: start, or stop if running)\n");
	return -EINVAL;
}
SHELL_DEMO(delayed_work, "delayed-work", "a periodic item re-arming itself; again to stop",
	   demo_delayed_work_run);
