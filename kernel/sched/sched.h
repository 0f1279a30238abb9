/* kernel/sched/sched.h - the scheduler's private state; include from kernel/sched/ and
 * kernel/kthread.c only. */
#ifndef KERNEL_SCHED_SCHED_H
#define KERNEL_SCHED_SCHED_H

#include <irqlab/sched.h>

/* One run queue per CPU. Real-time threads are kept in priority order (highest first,
 * FIFO among equals); normal threads in a round-robin queue. */
struct rq {
	struct list_head rt_queue;
	struct list_head normal_queue;
	struct task_struct *idle;
	unsigned int nr_running;        /* queued threads, not counting idle */
	u64 nr_switches;
};

DECLARE_PER_CPU(struct rq, runqueues);

void __switch_to_asm(u32 *prev_sp, u32 next_sp);
void ret_from_kernel_thread(void);

void enqueue_task(struct rq *rq, struct task_struct *p);
void dequeue_task(struct rq *rq, struct task_struct *p);
void task_list_add(struct task_struct *p);
void task_list_del(struct task_struct *p);
int alloc_pid(void);

/* Writes the canary at the stack's far end, which schedule() checks on every switch
 * away from the thread (core.c). Before the thread first runs. */
void set_stack_end_magic(struct task_struct *p);
/* The other half of a switch, for a new thread's first run (kthread_entry). */
void schedule_tail(void);

#endif
