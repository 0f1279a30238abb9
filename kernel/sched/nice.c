/* kernel/sched/nice.c - nice levels: how much of a CPU a SCHED_NORMAL thread gets.
 *
 * Linux gives each nice level a weight, 1024 at nice 0 and about 1.25 times more for
 * each level down (so one level costs a busy thread about 10% of the CPU against
 * another that stayed), and its CFS shares a CPU among the runnable threads in
 * proportion to their weights. irqlab keeps its round-robin queue, which reads easily in
 * gdb, and gets the same shares with a slice per thread: SCHED_TIMESLICE_TICKS at nice
 * 0, times weight / 1024, at least one tick. Two busy threads at nice 0 and nice -5
 * take turns of 5 and 15 ticks, 1:3, as their weights 1024:3121 say. A tick is the
 * unit, so from nice 5 up every slice is the one-tick minimum: those levels differ only
 * against threads with longer slices.
 *
 * A thread that wakes with a lower nice than the running one preempts it and is queued
 * ahead of the nicer threads (core.c). CFS does the same for a woken thread whose
 * virtual run time is far enough behind, which a heavy thread's, after a sleep, is:
 * that is what makes a high-priority kworker (nice -20) start its item at once.
 *
 * static_prio and slice change under the run queue's lock, with the task off the queue.
 */
#include <irqlab/export.h>
#include <irqlab/sched.h>
#include "sched.h"

/* Linux's sched_prio_to_weight[]: the weight of nice -20 .. 19. */
static const u32 nice_weight[40] = {
	/* -20 */ 88761, 71755, 56483, 46273, 36291,
	/* -15 */ 29154, 23254, 18705, 14949, 11916,
	/* -10 */  9548,  7620,  6100,  4904,  3906,
	/*  -5 */  3121,  2501,  1991,  1586,  1277,
	/*   0 */  1024,   820,   655,   526,   423,
	/*   5 */   335,   272,   215,   172,   137,
	/*  10 */   110,    87,    70,    56,    45,
	/*  15 */    36,    29,    23,    18,    15,
};

static void set_nice(struct task_struct *p, int nice)
{
	/* weight / 1024 as a shift: set once here, read by every tick as a plain count. */
	u32 slice = (SCHED_TIMESLICE_TICKS * nice_weight[nice - MIN_NICE]) >> 10;

	p->static_prio = NICE_TO_PRIO(nice);
	p->slice = slice ? slice : 1;
	p->time_slice = p->slice;       /* a new turn, at the new length */
}

void sched_init_nice(struct task_struct *p)
{
	set_nice(p, 0);
}

void set_user_nice(struct task_struct *p, long nice)
{
	struct rq *rq;
	unsigned long flags;
	bool queued, running;
	int old;

	if (nice < MIN_NICE || nice > MAX_NICE)
		return;
	rq = task_rq_lock(p, &flags);
	old = p->static_prio;
	queued = p->on_rq;
	running = rq_curr(rq) == p;
	if (queued)
		dequeue_task(rq, p);            /* its place in the queue depends on it */
	set_nice(p, (int)nice);
	if (queued) {
		enqueue_task(rq, p);
		if (!running)
			check_preempt_curr(rq, p);
		else if (p->static_prio > old)
			resched_curr(rq);       /* nicer now: a thread queued behind may outrank it */
	}
	task_rq_unlock(rq, p, flags);
}
EXPORT_SYMBOL(set_user_nice);
