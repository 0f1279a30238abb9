/* kernel/sched/sched.h - the scheduler's private state; include from kernel/sched/ and
 * kernel/kthread.c only.
 *
 * Locks, and the order they nest in (outermost first):
 *
 *   wq_head->lock  (a wait queue; complete() and wake_up() wake tasks under it)
 *     p->pi_lock   (one task's wake-ups and moves: try_to_wake_up, set_cpus_allowed_ptr)
 *       rq->lock   (one CPU's run queue; never two run-queue locks at once)
 *   tasklist_lock  (the list of all tasks, and pids; a leaf: nothing is taken under it
 *                   but printk's)
 *
 * Each is taken with interrupts off: every one of them is also taken from hard-IRQ
 * context (the tick, wake-ups from handlers). */
#ifndef KERNEL_SCHED_SCHED_H
#define KERNEL_SCHED_SCHED_H

#include <irqlab/sched.h>

/* One run queue per CPU, under its own lock. Real-time threads are kept in priority
 * order (highest first, FIFO among equals); normal threads in a round-robin queue, where
 * a waking thread goes ahead of any nicer one (nice.c).
 *
 * rq->lock covers the queues, nr_running, the on_rq, state, need_resched, static_prio,
 * slice and time_slice of the tasks queued here, and this CPU's current_task. __schedule() takes it and holds it
 * across the switch: the thread switched to releases it (finish_task_switch), after it
 * has marked the previous thread off this CPU (on_cpu = 0). So whoever takes a run
 * queue's lock sees each of its tasks either running or wholly switched out. */
struct rq {
	spinlock_t lock;
	struct list_head rt_queue;
	struct list_head normal_queue;
	struct task_struct *idle;
	struct task_struct *prev;       /* the thread being switched away from, for the next */
	unsigned int cpu;
	unsigned int nr_running;        /* queued threads, the running one too, not idle */
	u64 nr_switches;
};

DECLARE_PER_CPU(struct rq, runqueues);
#define cpu_rq(cpu)     per_cpu_ptr(&runqueues, (cpu))
#define this_rq()       this_cpu_ptr(&runqueues)
#define rq_curr(rq)     per_cpu(current_task, (rq)->cpu)

void __switch_to_asm(u32 *prev_sp, u32 next_sp);
void ret_from_kernel_thread(void);

void enqueue_task(struct rq *rq, struct task_struct *p);
void dequeue_task(struct rq *rq, struct task_struct *p);
/* Asks rq's CPU to call schedule() (need_resched, and an IPI if it is another CPU).
 * With rq->lock held. */
void resched_curr(struct rq *rq);
/* If p, just queued on rq, should run before rq's current thread, resched_curr(rq).
 * With rq->lock held. */
void check_preempt_curr(struct rq *rq, struct task_struct *p);
/* Locks p->pi_lock (interrupts off, flags saved) and then the lock of p's run queue. */
struct rq *task_rq_lock(struct task_struct *p, unsigned long *flags);
void task_rq_unlock(struct rq *rq, struct task_struct *p, unsigned long flags);

/* The CPUs a new unbound thread may use (wake.c). */
unsigned long task_default_cpus_mask(void);

void task_list_add(struct task_struct *p);
void task_list_del(struct task_struct *p);
int alloc_pid(void);

/* Writes the canary at the stack's far end, which schedule() checks on every switch
 * away from the thread (core.c). Before the thread first runs. */
void set_stack_end_magic(struct task_struct *p);
/* The other half of a switch, for a new thread's first run (kthread_entry). */
void schedule_tail(void);

#endif
