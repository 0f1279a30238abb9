/* kernel/sched/core.c - the run queues, schedule(), and preemption.
 *
 * Each CPU schedules its own run queue, under its rq->lock (sched.h has the lock order);
 * waking and placement are in wake.c.
 */
#include <irqlab/export.h>
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
EXPORT_PER_CPU_SYMBOL(current_task);

static bool is_rt(const struct task_struct *p)
{
	return p->policy == SCHED_FIFO;
}

/* Does p deserve rq's CPU more than cur, which runs there? */
static bool preempts(struct rq *rq, const struct task_struct *p, const struct task_struct *cur)
{
	if (cur == rq->idle)
		return true;
	if (is_rt(p))
		return !is_rt(cur) || p->rt_priority > cur->rt_priority;
	/* Among normal threads, a lower nice (nice.c); an equal one waits for its turn. */
	return !is_rt(cur) && p->static_prio < cur->static_prio;
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
		struct task_struct *q;
		struct list_head *pos = &rq->normal_queue;

		/* At the tail, unless that puts it behind a nicer thread: then before the
		 * first nicer one (nice.c). The tail's test first: nearly always, every
		 * thread has the same nice and there is nothing to walk. */
		if (!list_empty(pos) &&
		    list_last_entry(pos, struct task_struct, run_list)->static_prio > p->static_prio) {
			list_for_each_entry(q, &rq->normal_queue, run_list) {
				if (q->static_prio > p->static_prio) {
					pos = &q->run_list;
					break;
				}
			}
		}
		list_add_tail(&p->run_list, pos);
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

void resched_curr(struct rq *rq)
{
	struct task_struct *curr = rq_curr(rq);

	if (curr->need_resched)
		return;                 /* asked already: one IPI is enough */
	curr->need_resched = true;
	if (rq->cpu != smp_processor_id())
		smp_send_reschedule(rq->cpu);
}

void check_preempt_curr(struct rq *rq, struct task_struct *p)
{
	if (preempts(rq, p, rq_curr(rq)))
		resched_curr(rq);
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

/* Dead threads whose stacks wait to be freed, linked through run_list: under
 * dead_lock. Only CPU 0 frees them, because the page and slab allocators are made safe
 * for one CPU at a time only (interrupts off) for now. */
static DEFINE_SPINLOCK(dead_lock);
static LIST_HEAD(dead_tasks);
/* Tasks found on a second CPU's stack (the panic in __schedule); for the tests. */
u32 sched_double_run;

static void release_dead_task(struct task_struct *p)
{
	spin_lock(&dead_lock);
	list_add_tail(&p->run_list, &dead_tasks);
	spin_unlock(&dead_lock);
}

/* A thread that died gives its stack back once it is off it, and drops the thread's
 * own reference. The task_struct itself stays while its creator holds a reference
 * (kthread_stop() reads the exit code from it). Interrupts off. */
static void free_dead_tasks(void)
{
	struct task_struct *p;

	for (;;) {
		spin_lock(&dead_lock);
		p = NULL;
		if (!list_empty(&dead_tasks)) {
			p = list_first_entry(&dead_tasks, struct task_struct, run_list);
			list_del_init(&p->run_list);
		}
		spin_unlock(&dead_lock);
		if (!p)
			return;
		free_thread_stack(p->stack);
		p->stack = NULL;
		put_task_struct(p);
	}
}

/* The switch's second half, run by the thread switched to, on prev's CPU: prev is off
 * this CPU's stack now, so it may run elsewhere (on_cpu = 0, then the lock that kept
 * wake-ups from looking at it goes). A dead prev goes to CPU 0 to be freed. Interrupts
 * off, rq->lock held (taken by __schedule() in whichever thread switched to us). */
static void finish_task_switch(struct rq *rq)
{
	struct task_struct *prev = rq->prev;

	rq->prev = NULL;
	if (prev) {
		/* Stores stay in order on x86: everything prev wrote is seen before this. */
		barrier();
		WRITE_ONCE(prev->on_cpu, 0);
	}
	spin_unlock(&rq->lock);
	if (prev && prev->state == TASK_DEAD)
		release_dead_task(prev);
	if (smp_processor_id() == 0)
		free_dead_tasks();
}

/* The heart of it. Interrupts must be off; preempt says whether we got here by
 * preemption (prev stays runnable whatever its state says) or by prev's own call. */
static void __schedule(bool preempt)
{
	struct rq *rq = this_rq();
	struct task_struct *prev = current, *next;

	check_stack_end(prev);
	spin_lock(&rq->lock);
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
	if (next == prev) {
		spin_unlock(&rq->lock);
		return;
	}
	/* The invariant the rest rests on: a task runs on one CPU at a time. A task queued
	 * here that is still on another CPU's stack would be run twice over. */
	if (unlikely(READ_ONCE(next->on_cpu))) {
		sched_double_run++;
		panic("sched: %s (pid %d) picked on CPU%u while on CPU%d", next->comm,
		      next->pid, rq->cpu, next->cpu);
	}
	if (preempt)
		prev->nivcsw++;
	else
		prev->nvcsw++;
	rq->nr_switches++;
	next->on_cpu = 1;
	rq->prev = prev;
	trace_event(TRACE_SCHED_SWITCH, (u32)prev->pid, (u32)next->pid);
	this_cpu_write(current_task, next);
	__switch_to_asm(&prev->sp, next->sp);
	/* We are prev again, some time later, switched back in by another thread, perhaps
	 * on another CPU: this_rq() again, not the rq above. */
	finish_task_switch(this_rq());
}

/* The other half of a switch, for a thread that did not arrive through __schedule()'s
 * own epilogue: a new thread's first run (kthread_entry). */
void schedule_tail(void)
{
	finish_task_switch(this_rq());
	preempt_count_sub(PREEMPT_OFFSET);
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
	__schedule(false);
	preempt_count_sub(PREEMPT_OFFSET);
	local_irq_restore(flags);
	sched_update_worker(tsk);
}
EXPORT_SYMBOL(schedule);

void preempt_schedule_irq(void)
{
	do {
		preempt_count_add(PREEMPT_OFFSET);
		__schedule(true);
		preempt_count_sub(PREEMPT_OFFSET);
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
	local_irq_restore(flags);
}

void preempt_enable(void)
{
	preempt_count_sub(PREEMPT_OFFSET);
	if (unlikely(preempt_count() == 0 && need_resched() && !irqs_disabled()))
		preempt_schedule();
}
EXPORT_SYMBOL(preempt_enable);

void yield(void)
{
	current->need_resched = true;
	schedule();
}
EXPORT_SYMBOL(yield);

void cond_resched(void)
{
	if (need_resched() && preempt_count() == 0)
		schedule();
}
EXPORT_SYMBOL(cond_resched);

/* This CPU's tick, on every CPU (its LAPIC timer, or the PIT on a lone CPU 0). */
void scheduler_tick(void)
{
	struct rq *rq = this_rq();
	struct task_struct *p = current;

	spin_lock(&rq->lock);
	p->ticks++;
	if (p == rq->idle) {
		if (rq->nr_running)
			p->need_resched = true;
	} else if (p->policy == SCHED_NORMAL && !--p->time_slice) {
		/* Slice used up: round-robin among the normal threads, if there is another. */
		p->time_slice = p->slice;
		if (p->on_rq && rq->normal_queue.next->next != &rq->normal_queue) {
			list_move_tail(&p->run_list, &rq->normal_queue);
			p->need_resched = true;
		}
	}
	spin_unlock(&rq->lock);
}

int sched_setscheduler(struct task_struct *p, int policy, int rt_priority)
{
	struct rq *rq;
	unsigned long flags;
	bool queued;

	if ((policy == SCHED_FIFO && (rt_priority < 1 || rt_priority >= MAX_RT_PRIO)) ||
	    (policy == SCHED_NORMAL && rt_priority != 0) ||
	    (policy != SCHED_FIFO && policy != SCHED_NORMAL))
		return -22;     /* -EINVAL */
	rq = task_rq_lock(p, &flags);
	queued = p->on_rq;
	if (queued)
		dequeue_task(rq, p);
	p->policy = policy;
	p->rt_priority = rt_priority;
	if (queued)
		enqueue_task(rq, p);
	if (queued && !p->on_cpu)
		check_preempt_curr(rq, p);
	task_rq_unlock(rq, p, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(sched_setscheduler);
