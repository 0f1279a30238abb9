/* kernel/sched/core.c - the run queue, schedule(), waking, and preemption.
 *
 * Interrupts off is this CPU's run-queue lock: every function that touches the queue
 * does so under local_irq_save (SMP will add rq->lock beside it).
 */
#include <irqlab/interrupt.h>
#include <irqlab/kallsyms.h>
#include <irqlab/mm.h>
#include <irqlab/panic.h>
#include <irqlab/sched.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include <irqlab/trace.h>
#include "sched.h"
#include "kernel/workqueue/internal.h"

DEFINE_PER_CPU(struct rq, runqueues);
DEFINE_PER_CPU(struct task_struct *, current_task);

static LIST_HEAD(all_tasks);
static int last_pid;

int alloc_pid(void)
{
	return ++last_pid;
}

void task_list_add(struct task_struct *p)
{
	unsigned long flags;

	local_irq_save(flags);
	list_add_tail(&p->tasks, &all_tasks);
	local_irq_restore(flags);
}

void task_list_del(struct task_struct *p)
{
	unsigned long flags;

	local_irq_save(flags);
	list_del_init(&p->tasks);
	local_irq_restore(flags);
}

void for_each_task(void (*fn)(struct task_struct *t, void *arg), void *arg)
{
	struct task_struct *t;
	unsigned long flags;

	local_irq_save(flags);
	list_for_each_entry(t, &all_tasks, tasks)
		fn(t, arg);
	local_irq_restore(flags);
}

const char *task_state_name(const struct task_struct *t)
{
	if (t == current)
		return "R (running)";
	if (t == this_cpu_ptr(&runqueues)->idle)
		return "I (idle)";
	switch (t->state) {
	case TASK_RUNNING:          return "R (runnable)";
	case TASK_INTERRUPTIBLE:    return "S (sleeping)";
	case TASK_UNINTERRUPTIBLE:  return "D (blocked)";
	case TASK_DEAD:             return "X (dead)";
	default:                    return "?";
	}
}

static bool is_rt(const struct task_struct *p)
{
	return p->policy == SCHED_FIFO;
}

/* Does p deserve the CPU more than cur? */
static bool preempts(const struct task_struct *p, const struct task_struct *cur)
{
	struct rq *rq = this_cpu_ptr(&runqueues);

	if (cur == rq->idle)
		return true;
	if (is_rt(p))
		return !is_rt(cur) || p->rt_priority > cur->rt_priority;
	return false;
}

void enqueue_task(struct rq *rq, struct task_struct *p)
{
	if (p->on_rq || p == rq->idle)
		return;
	if (is_rt(p)) {
		struct task_struct *q;
		struct list_head *pos = &rq->rt_queue;

		/* Before the first one of lower priority: FIFO among equals. */
		list_for_each_entry(q, &rq->rt_queue, run_list) {
			if (q->rt_priority < p->rt_priority) {
				pos = &q->run_list;
				break;
			}
		}
		list_add_tail(&p->run_list, pos);
	} else {
		list_add_tail(&p->run_list, &rq->normal_queue);
	}
	p->on_rq = true;
	rq->nr_running++;
}

void dequeue_task(struct rq *rq, struct task_struct *p)
{
	if (!p->on_rq)
		return;
	list_del_init(&p->run_list);
	p->on_rq = false;
	rq->nr_running--;
}

static struct task_struct *pick_next_task(struct rq *rq)
{
	if (!list_empty(&rq->rt_queue))
		return list_first_entry(&rq->rt_queue, struct task_struct, run_list);
	if (!list_empty(&rq->normal_queue))
		return list_first_entry(&rq->normal_queue, struct task_struct, run_list);
	return rq->idle;
}

/* Wakes p; if p should run before the current thread, switches to it at once when the
 * caller is preemptible (the preempt_enable at the end), else at the next preemption
 * point (the interrupt's exit, the end of a spinlock or bh-disabled section). */
bool wake_up_process(struct task_struct *p)
{
	struct rq *rq = this_cpu_ptr(&runqueues);
	unsigned long flags;
	bool woke = false;

	preempt_disable();
	local_irq_save(flags);
	if (p->state != TASK_RUNNING && p->state != TASK_DEAD) {
		p->state = TASK_RUNNING;
		woke = true;
	}
	if (p->state == TASK_RUNNING && !p->on_rq && p != current) {
		enqueue_task(rq, p);
		woke = true;
	}
	if (woke && preempts(p, current))
		current->need_resched = true;
	local_irq_restore(flags);
	preempt_enable();
	return woke;
}

#define STACK_END_MAGIC 0x57AC6E9Du     /* at the lowest word of every thread stack */

static void check_stack_end(struct task_struct *p)
{
	if (p->stack && *(u32 *)p->stack != STACK_END_MAGIC)
		panic("thread %s (pid %d) overran its stack, or its stack was corrupted",
		      p->comm, p->pid);
}

void set_stack_end_magic(struct task_struct *p)
{
	*(u32 *)p->stack = STACK_END_MAGIC;
}

/* The heart of it. Interrupts must be off; preempt says whether we got here by
 * preemption (prev stays runnable whatever its state says) or by prev's own call. */
static void __schedule(bool preempt)
{
	struct rq *rq = this_cpu_ptr(&runqueues);
	struct task_struct *prev = current, *next;

	check_stack_end(prev);
	if (!preempt && prev->state != TASK_RUNNING) {
		dequeue_task(rq, prev);                 /* going to sleep (or to die) */
	} else if (!preempt && prev->on_rq) {
		/* Still runnable and giving the CPU up (yield): to the back of its level. A
		 * preempted thread keeps its place; scheduler_tick() already moved one whose
		 * time slice ran out. */
		dequeue_task(rq, prev);
		enqueue_task(rq, prev);
	}
	prev->need_resched = false;
	next = pick_next_task(rq);
	if (next == prev)
		return;
	if (preempt)
		prev->nivcsw++;
	else
		prev->nvcsw++;
	rq->nr_switches++;
	trace_event(TRACE_SCHED_SWITCH, (u32)prev->pid, (u32)next->pid);
	this_cpu_write(current_task, next);
	__switch_to_asm(&prev->sp, next->sp);
	/* We are prev again, some time later, switched back in by another thread. */
}

/* A thread that died gives its stack back once we are off it: whoever runs next does
 * that, and drops the thread's own reference. The task_struct itself stays while its
 * creator holds a reference (kthread_stop() reads the exit code from it). */
static struct task_struct *dead_task;

static void finish_task_switch(void)
{
	struct task_struct *dead = dead_task;

	if (dead && dead != current) {
		dead_task = NULL;
		free_thread_stack(dead->stack);
		dead->stack = NULL;
		put_task_struct(dead);
	}
}

/* The other half of a switch, for a thread that did not arrive through schedule()'s
 * own epilogue: a new thread's first run (kthread_entry). */
void schedule_tail(void)
{
	preempt_count_sub(PREEMPT_OFFSET);
	finish_task_switch();
}

/* A kworker that is about to sleep tells its pool, which may wake another worker for
 * the items waiting behind it (concurrency management, kernel/workqueue/pool.c). Here,
 * in schedule(), not in __schedule(): only a thread's own sleep counts - a preempted
 * worker is still runnable and its pool must not start another one. */
static void sched_submit_work(struct task_struct *tsk)
{
	if (tsk->state != TASK_RUNNING && (tsk->flags & PF_WQ_WORKER)) {
		preempt_disable();
		wq_worker_sleeping(tsk);
		preempt_enable_no_resched();
	}
}

/* And when it runs again, in its own context, it counts as running once more. */
static void sched_update_worker(struct task_struct *tsk)
{
	if (tsk->flags & PF_WQ_WORKER)
		wq_worker_running(tsk);
}

void schedule(void)
{
	struct task_struct *tsk = current;
	unsigned long flags;

	if (unlikely(preempt_count())) {
		pr_err("BUG: scheduling while atomic: %s/%d/0x%08x\n", current->comm,
		       current->pid, preempt_count());
		dump_stack();
	}
	sched_submit_work(tsk);
	local_irq_save(flags);
	preempt_count_add(PREEMPT_OFFSET);
	if (current->state == TASK_DEAD)
		dead_task = current;
	__schedule(false);
	preempt_count_sub(PREEMPT_OFFSET);
	finish_task_switch();
	local_irq_restore(flags);
	sched_update_worker(tsk);
}

void preempt_schedule_irq(void)
{
	do {
		preempt_count_add(PREEMPT_OFFSET);
		__schedule(true);
		preempt_count_sub(PREEMPT_OFFSET);
		finish_task_switch();
	} while (need_resched());
}

/* Preemption at the end of a preempt-disabled section. Like an interrupt's preemption,
 * the thread stays runnable whatever its state: it may be between set_current_state()
 * and its own schedule() call (prepare_to_wait ends with a spin_unlock). */
static void preempt_schedule(void)
{
	unsigned long flags;

	local_irq_save(flags);
	preempt_count_add(PREEMPT_OFFSET);
	__schedule(true);
	preempt_count_sub(PREEMPT_OFFSET);
	finish_task_switch();
	local_irq_restore(flags);
}

void preempt_enable(void)
{
	preempt_count_sub(PREEMPT_OFFSET);
	if (unlikely(preempt_count() == 0 && need_resched() && !irqs_disabled()))
		preempt_schedule();
}

void yield(void)
{
	current->need_resched = true;
	schedule();
}

void cond_resched(void)
{
	if (need_resched() && preempt_count() == 0)
		schedule();
}

void scheduler_tick(void)
{
	struct rq *rq = this_cpu_ptr(&runqueues);
	struct task_struct *p = current;

	p->ticks++;
	if (p == rq->idle) {
		if (rq->nr_running)
			p->need_resched = true;
		return;
	}
	if (p->policy != SCHED_NORMAL || --p->time_slice)
		return;
	/* Slice used up: round-robin among the normal threads, if there is another. */
	p->time_slice = SCHED_TIMESLICE_TICKS;
	if (p->on_rq && rq->normal_queue.next->next != &rq->normal_queue) {
		list_move_tail(&p->run_list, &rq->normal_queue);
		p->need_resched = true;
	}
}

int sched_setscheduler(struct task_struct *p, int policy, int rt_priority)
{
	struct rq *rq = this_cpu_ptr(&runqueues);
	unsigned long flags;
	bool queued;

	if ((policy == SCHED_FIFO && (rt_priority < 1 || rt_priority >= MAX_RT_PRIO)) ||
	    (policy == SCHED_NORMAL && rt_priority != 0) ||
	    (policy != SCHED_FIFO && policy != SCHED_NORMAL))
		return -22;     /* -EINVAL */
	local_irq_save(flags);
	queued = p->on_rq;
	if (queued)
		dequeue_task(rq, p);
	p->policy = policy;
	p->rt_priority = rt_priority;
	if (queued)
		enqueue_task(rq, p);
	if (p != current && queued && preempts(p, current))
		current->need_resched = true;
	local_irq_restore(flags);
	return 0;
}
