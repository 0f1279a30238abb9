/* kernel/demos/tasklet_demo.c - `demo tasklet`: the tasklet rules, watched.
 *
 * Three experiments on one tasklet whose function only records that it ran (and in what
 * context) - printing from it would be the kind of slow call a bottom half must not make.
 * The shell thread then tells what happened and why.
 *
 * The third one costs: a disabled tasklet that is scheduled goes back on the list and
 * raises TASKLET_SOFTIRQ again on every pass, as in Linux, so the softirq runs over and
 * over (handed to ksoftirqd by the restart limit) until tasklet_enable(). The demo says
 * how often, from the same counters /proc/softirqs shows, since a student will see the
 * TASKLET row jump. */
#include <irqlab/percpu.h>
#include <irqlab/sched.h>
#include <irqlab/softirq.h>
#include <irqlab/tasklet.h>
#include <irqlab/timer.h>
#include "kernel/shell/shell.h"

static int runs, resched_left;
static bool in_softirq_ctx;

static void demo_fn(struct tasklet_struct *t)
{
	runs++;
	in_softirq_ctx = in_serving_softirq() && !in_hardirq();
	if (resched_left > 0) {
		resched_left--;
		tasklet_schedule(t);
	}
}

static DECLARE_TASKLET(demo_tasklet, demo_fn);

/* The TASKLET row of /proc/softirqs, all CPUs. */
static u32 tasklet_softirq_runs(void)
{
	unsigned int cpu;
	u32 sum = 0;

	for_each_possible_cpu(cpu)
		sum += softirq_count_of(cpu, TASKLET_SOFTIRQ);
	return sum;
}

/* Runs pending softirqs here, in this thread's bh-enable, then sleeps a tick at a time
 * (anything handed to ksoftirqd gets its turn) until done() says what the experiment
 * waits for has happened, or a second has passed: a fixed sleep would be too short for
 * ksoftirqd on a slow or loaded machine. */
static void settle_until(bool (*done)(void))
{
	local_bh_disable();
	local_bh_enable();
	for (int i = 0; i < HZ && !done(); i++)
		msleep(1000 / HZ);
}

/* Neither queued nor running: every run the experiment caused is over. */
static bool tasklet_idle(void)
{
	return !READ_ONCE(demo_tasklet.state) && !READ_ONCE(resched_left);
}

static u32 softirqs_at_schedule;

/* The disabled tasklet's softirq has come round again, twice. */
static bool softirq_ran_twice(void)
{
	return tasklet_softirq_runs() - softirqs_at_schedule >= 2;
}

static int demo_tasklet_run(int argc, char **argv)
{
	u32 softirqs_before, softirqs_after;

	(void)argv;
	if (argc != 1)
		return shell_usage("demo");

	kprintf("1. tasklet_schedule() twice before it runs:\n");
	runs = 0;
	local_bh_disable();             /* hold off softirqs so both calls come first */
	tasklet_schedule(&demo_tasklet);
	tasklet_schedule(&demo_tasklet);
	local_bh_enable();
	settle_until(tasklet_idle);
	kprintf("   it ran %d time(s): the second call found TASKLET_STATE_SCHED set and "
		"did nothing.\n", runs);
	kprintf("   it ran in %s context.\n", in_softirq_ctx ? "softirq (TASKLET_SOFTIRQ)" : "another");

	kprintf("2. the tasklet schedules itself from its own function, 3 times:\n");
	runs = 0;
	resched_left = 3;
	tasklet_schedule(&demo_tasklet);
	settle_until(tasklet_idle);
	kprintf("   it ran %d time(s): SCHED is cleared before the function is called, so "
		"scheduling from inside queues a new run.\n", runs);

	kprintf("3. scheduled while disabled:\n");
	runs = 0;
	tasklet_disable(&demo_tasklet);
	softirqs_before = softirqs_at_schedule = tasklet_softirq_runs();
	tasklet_schedule(&demo_tasklet);
	settle_until(softirq_ran_twice);
	kprintf("   after the softirq ran: %d run(s); it stays queued (state SCHED=%d) while "
		"its count is %d.\n", runs,
		(demo_tasklet.state & BIT(TASKLET_STATE_SCHED)) ? 1 : 0, atomic_read(&demo_tasklet.count));
	softirqs_after = tasklet_softirq_runs();
	kprintf("   meanwhile TASKLET_SOFTIRQ ran %u times (/proc/softirqs TASKLET: %u -> %u): "
		"each pass finds it disabled, puts it back and raises the softirq again, as "
		"Linux does, until it is enabled.\n", softirqs_after - softirqs_before,
		softirqs_before, softirqs_after);
	/* Bottom halves off from the enable to the second schedule: a softirq run in
	 * between (an interrupt's exit, ksoftirqd) would run the tasklet and clear SCHED,
	 * and the schedule would then queue a second run. */
	local_bh_disable();
	tasklet_enable(&demo_tasklet);
	tasklet_hi_schedule(&demo_tasklet);     /* no-op: still SCHED; raises nothing new */
	raise_softirq(TASKLET_SOFTIRQ);
	local_bh_enable();
	settle_until(tasklet_idle);
	kprintf("   after tasklet_enable(): %d run(s).\n", runs);
	return 0;
}
SHELL_DEMO(tasklet, "tasklet", "tasklet rules: schedule twice, from itself, while disabled",
	   demo_tasklet_run);
