/* include/irqlab/sched.h - threads and the scheduler.
 *
 * Every thread is a kernel thread: a struct task_struct, its own stack (with an unmapped
 * guard page below it), and a place in this CPU's run queue. Two scheduling classes, as
 * Linux's: SCHED_FIFO (real-time, priority 1-99, runs until it blocks or a higher one
 * wakes: irq threads, high-priority workers) above SCHED_NORMAL (round-robin with a time
 * slice: the shell, ksoftirqd, ordinary workers). When nothing can run, the idle thread
 * halts the CPU. Preemption happens on the way out of an interrupt and at the end of a
 * preempt-disabled section, never while preempt_count() is non-zero. */
#ifndef IRQLAB_SCHED_H
#define IRQLAB_SCHED_H

#include <irqlab/list.h>
#include <irqlab/percpu.h>
#include <irqlab/preempt.h>
#include <irqlab/wait.h>

#define TASK_RUNNING            0x0000
#define TASK_INTERRUPTIBLE      0x0001
#define TASK_UNINTERRUPTIBLE    0x0002
#define TASK_DEAD               0x0080

#define SCHED_NORMAL            0
#define SCHED_FIFO              1
#define MAX_RT_PRIO             100

/* task_struct.flags (Linux's values) */
#define PF_WQ_WORKER            0x00000020      /* a kworker: schedule() tells its pool */

#define TASK_COMM_LEN           16
#define SCHED_TIMESLICE_TICKS   5       /* SCHED_NORMAL round-robin quantum */
#define MAX_SCHEDULE_TIMEOUT    0x7fffffffL

struct task_struct {
	u32 sp;                         /* saved stack pointer while switched out (switch.asm) */
	volatile long state;
	int pid;
	char comm[TASK_COMM_LEN];       /* the name, cut to TASK_COMM_LEN - 1 characters */
	unsigned int flags;             /* PF_* */
	int policy;                     /* SCHED_NORMAL or SCHED_FIFO */
	int rt_priority;                /* 1..99 for SCHED_FIFO, 0 otherwise */
	bool need_resched;              /* Linux's TIF_NEED_RESCHED */
	bool on_rq;
	unsigned int time_slice;
	struct list_head run_list;      /* on the run queue */
	struct list_head tasks;         /* on the list of all tasks (ps) */
	void *stack;                    /* lowest usable address; the guard page is below */
	int usage;                      /* references; freed when it drops to 0 */
	/* kthread */
	char *full_name;                /* the whole name when comm had to cut it, else NULL */
	int (*threadfn)(void *data);
	void *data;
	bool should_stop;
	int exit_code;
	struct completion exited;       /* completed when threadfn has returned */
	unsigned long wanted_cpus;      /* a cpumask an irq/N thread asked to run on (its
					 * line's CPUs); 0: no wish. Not yet honoured:
					 * threads run on the boot CPU */
	/* accounting, for ps */
	u64 nvcsw, nivcsw;              /* voluntary / involuntary context switches */
	u64 ticks;                      /* timer ticks spent running */
};

DECLARE_PER_CPU(struct task_struct *, current_task);

static inline struct task_struct *get_current(void)
{
	return this_cpu_read(current_task);
}
#define current get_current()

#define set_current_state(s)    WRITE_ONCE(current->state, (s))
#define __set_current_state(s)  (current->state = (s))

/* schedule() picks the next thread and switches to it: process context, never from
 * an interrupt handler (might_sleep catches that). schedule_timeout(t) sleeps until
 * woken or t jiffies pass (set_current_state first) and returns the jiffies left (0 if
 * it timed out). Both are declared in <irqlab/wait.h>. */
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_uninterruptible(long timeout);
/* Gives the CPU to another runnable thread of the same or higher class, if any. */
void yield(void);
void cond_resched(void);

/* Makes p runnable. Any context. Returns false if it already was. */
bool wake_up_process(struct task_struct *p);

static inline bool need_resched(void)
{
	return READ_ONCE(current->need_resched);
}

int sched_setscheduler(struct task_struct *p, int policy, int rt_priority);

/* Called by the timer interrupt for the running thread. Hard-IRQ context. */
void scheduler_tick(void);
/* On the way out of an interrupt that hit preemptible code (arch/x86/irq.c). */
void preempt_schedule_irq(void);
void preempt_enable(void);

/* ps: calls fn for every thread, with interrupts off. */
void for_each_task(void (*fn)(struct task_struct *t, void *arg), void *arg);
const char *task_state_name(const struct task_struct *t);

void get_task_struct(struct task_struct *t);
void put_task_struct(struct task_struct *t);

void sched_init(void);
/* The boot thread becomes the idle thread: it never returns. */
__noreturn void cpu_idle(void);
/* An idle thread (task_struct and stack with guard page) for CPU cpu, made that CPU's
 * current thread and its run queue's idle; NULL when out of memory. Boot, process
 * context, before cpu starts. */
struct task_struct *idle_thread_create(unsigned int cpu);
/* Where a CPU other than the boot CPU ends its bring-up: halts, interrupts on, for ever
 * (kernel/sched/idle.c says what it does and does not do). */
__noreturn void cpu_idle_secondary(void);

#endif
