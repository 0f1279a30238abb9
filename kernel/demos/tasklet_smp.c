/* kernel/demos/tasklet_smp.c - `demo tasklet-smp`: one tasklet, two CPUs, never at once.
 *
 * A tasklet is a softirq with one rule added: it never runs on two CPUs at once. Each
 * round here, two CPUs schedule the same tasklet together; one wins TASKLET_STATE_SCHED
 * and runs it. The run holds TASKLET_STATE_RUN and, having cleared SCHED first, waits
 * (bounded) until the other CPU schedules it again: now it is on the other CPU's list
 * while it runs here. That CPU's TASKLET_SOFTIRQ finds RUN held, puts it back on its own
 * list and raises the softirq again - it may find it held several times - and once the
 * first run has ended, runs it: the second schedule is not lost, and the two runs never
 * overlap. Every request (counted before each tasklet_schedule()) is taken by a run that
 * started after it, so at the end of each round the runs have served them all.
 *
 * Lock: each side writes only its own slots of `res`; the tasklet's function runs on one
 * CPU at a time (which is the point) and writes the run counts; the round state is
 * written by side 0 between two meetings (meet()) that side 1 cannot pass alone; the
 * rest is LOCKed. The demo reads `res` after both threads have returned. */
#include <irqlab/atomic.h>
#include <irqlab/percpu.h>
#include <irqlab/softirq.h>
#include <irqlab/tasklet.h>
#include <irqlab/time.h>
#include "arch/x86/cpu.h"
#include "kernel/shell/shell.h"
#include "bh_smp.h"

#define WAIT_MS         5000    /* bounds every wait: a lost wake-up shows in the counts */
#define DEMO_ROUNDS     20

static struct tasklet_smp_result *res;
static struct tasklet_struct shared_tasklet;
static atomic_t requests, in_run, runs_atomic, meetings;
static atomic_t claimed;        /* this round's first run has begun: its CPU + 1 */
static u32 held_at_round_start;
static bool rerun_this_round;   /* written by runs, which are serialised, and by side 0 */

static unsigned int side_of(unsigned int cpu)
{
	return cpu == res->cpu[1];
}

static u32 held_total(void)
{
	return tasklet_run_held(res->cpu[0]) + tasklet_run_held(res->cpu[1]);
}

static void shared_fn(struct tasklet_struct *t)
{
	unsigned int side = side_of(smp_processor_id());
	int first;

	(void)t;
	if (atomic_add_return(1, &in_run) > 1)
		res->concurrent++;      /* only ever counted if the RUN bit failed */
	res->runs[side]++;
	atomic_inc(&runs_atomic);
	res->served += (u32)atomic_xchg(&requests, 0);
	first = atomic_read(&claimed);  /* runs are serialised: read, then set, is enough */
	if (!first) {
		atomic_set(&claimed, (int)side + 1);
		/* The round's first run: stay until the other CPU has found it running. */
		bh_smp_spin_until(held_total() != held_at_round_start, WAIT_MS);
	} else if (first != (int)side + 1 && !rerun_this_round) {
		rerun_this_round = true;
		res->reruns++;          /* it ran again, on the CPU that had found it held */
	}
	atomic_dec(&in_run);
}

/* Both sides arrive before either goes on: the n-th meeting. */
static void meet(unsigned int n)
{
	atomic_inc(&meetings);
	bh_smp_spin_until((unsigned int)atomic_read(&meetings) >= 2 * n, WAIT_MS);
}

static void schedule_here(unsigned int side)
{
	local_bh_disable();
	atomic_inc(&requests);
	res->scheduled[side]++;
	tasklet_schedule(&shared_tasklet);
	local_bh_enable();              /* this CPU's TASKLET_SOFTIRQ runs here */
}

static void side_fn(unsigned int side, void *arg)
{
	unsigned int me = side + 1, cpu = smp_processor_id();
	u64 tasklet_runs_before = tasklet_runs_on(cpu);
	u32 held_before = tasklet_run_held(cpu);

	(void)arg;
	for (unsigned int round = 0; round < res->rounds; round++) {
		if (side == 0) {
			atomic_set(&claimed, 0);
			held_at_round_start = held_total();
			rerun_this_round = false;
		}
		meet(2 * round + 1);
		schedule_here(side);
		/* The round's first run has begun (here or there). If there, schedule it
		 * again while it runs: SCHED is clear, so it goes on this CPU's list. */
		if (bh_smp_spin_until(atomic_read(&claimed), WAIT_MS) &&
		    (unsigned int)atomic_read(&claimed) != me)
			schedule_here(side);
		/* Runs left on this CPU's list (requeued, handed to ksoftirqd) run on. */
		bh_smp_spin_until(READ_ONCE(res->served) == READ_ONCE(res->scheduled[0]) +
				  READ_ONCE(res->scheduled[1]) && !READ_ONCE(shared_tasklet.state),
				  WAIT_MS);
		meet(2 * round + 2);
	}
	res->tasklet_runs[side] = tasklet_runs_on(cpu) - tasklet_runs_before;
	res->held[side] = tasklet_run_held(cpu) - held_before;
}

bool tasklet_smp_run(struct tasklet_smp_result *r, unsigned int rounds)
{
	bool ran;

	*r = (struct tasklet_smp_result){ .rounds = rounds };
	res = r;
	atomic_set(&requests, 0);
	atomic_set(&in_run, 0);
	atomic_set(&runs_atomic, 0);
	atomic_set(&meetings, 0);
	atomic_set(&claimed, 0);
	tasklet_setup(&shared_tasklet, shared_fn);
	ran = bh_smp_on_two_cpus(side_fn, NULL, r->cpu);
	tasklet_kill(&shared_tasklet);
	r->runs_atomic = (u32)atomic_read(&runs_atomic);
	r->requests = r->scheduled[0] + r->scheduled[1];
	return ran;
}

static int demo_tasklet_smp(int argc, char **argv)
{
	struct tasklet_smp_result r;

	(void)argv;
	if (argc != 1)
		return shell_usage("demo");
	if (!tasklet_smp_run(&r, DEMO_ROUNDS)) {
		kprintf("tasklet-smp: needs a second CPU (make run SMP=2, APIC mode): with one "
			"CPU, a tasklet cannot meet itself on another\n");
		return 0;
	}
	kprintf("tasklet-smp: one tasklet scheduled on CPU%u and CPU%u at once, %u rounds; "
		"each round the CPU that does not run it schedules it again while it runs\n",
		r.cpu[0], r.cpu[1], r.rounds);
	for (unsigned int s = 0; s < 2; s++)
		kprintf("  CPU%u: scheduled %u, ran it %u times (its tasklet counter: %llu), "
			"found RUN held and requeued it %u times\n", r.cpu[s], r.scheduled[s],
			r.runs[s], r.tasklet_runs[s], r.held[s]);
	kprintf("  requests %u, served by runs %u; runs %u (LOCKed count %u); ran again on the "
		"other CPU after being found running: %u of %u rounds\n", r.requests, r.served,
		r.runs[0] + r.runs[1], r.runs_atomic, r.reruns, r.rounds);
	kprintf("  concurrent runs observed: %u: TASKLET_STATE_RUN keeps a tasklet on one CPU "
		"at a time; the other CPU's schedule was not lost but ran after\n", r.concurrent);
	return 0;
}
SHELL_DEMO(tasklet_smp, "tasklet-smp", "one tasklet scheduled on two CPUs: never at once, runs again",
	   demo_tasklet_smp);
