/* include/irqlab/sched.h - threads and the scheduler.
 *
 * Every thread is a kernel thread: a struct task_struct, its own stack (with an unmapped
 * guard page below it), and a place in one CPU's run queue while it is runnable. Two
 * scheduling classes, as Linux's: SCHED_FIFO (real-time, priority 1-99, runs until it
 * blocks or a higher one wakes: irq threads) above SCHED_NORMAL (round-robin, each
 * thread's time slice weighted by its nice level, kernel/sched/nice.c: the shell,
 * ksoftirqd, the kworkers, nice -20 for high-priority ones). When nothing can run, the
 * idle thread halts the CPU. Preemption happens on the way out of an interrupt and at
 * the end of a preempt-disabled section, never while preempt_count() is non-zero. */
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

/* Nice levels, and Linux's static_prio scale for them: nice -20..19 is 100..139. */
#define MIN_NICE                (-20)
#define MAX_NICE                19
#define DEFAULT_PRIO            (MAX_RT_PRIO + 20)
#define NICE_TO_PRIO(nice)      ((nice) + DEFAULT_PRIO)
#define PRIO_TO_NICE(prio)      ((prio) - DEFAULT_PRIO)

/* task_struct.flags (Linux's values) */
#define PF_IDLE                 0x00000002      /* a CPU's idle thread (pid 0) */
#define PF_WQ_WORKER            0x00000020      /* a kworker: schedule() tells its pool */
#define PF_NO_SETAFFINITY       0x04000000      /* bound to its CPU for good (kthread_bind) */

#define TASK_COMM_LEN           16
#define SCHED_TIMESLICE_TICKS   5       /* SCHED_NORMAL round-robin quantum at nice 0 */
#define MAX_SCHEDULE_TIMEOUT    0x7fffffffL

/* Locks: state, on_rq, cpu, the place in a run queue and the nice fields (static_prio,
 * slice, time_slice) change under the run queue's lock (kernel/sched/sched.h says which
 * fields need which; ps reads the nice fields without it, as a snapshot); a wake-up
 * holds pi_lock around all of it, so two wake-ups of one task never race. need_resched
 * is written under the lock of the run queue the task is on, read without it. usage is
 * atomic. */
struct task_struct {
	u32 sp;                         /* saved stack pointer while switched out (switch.asm) */
	volatile long state;
	spinlock_t pi_lock;             /* serialises wake-ups and moves of this task */
	int cpu;                        /* the CPU it runs, or last ran, or is queued on */
	volatile int on_cpu;            /* running on task->cpu, or still switching off it */
	unsigned long cpus_mask;        /* the CPUs it may run on (a bit per CPU) */
	int nr_cpus_allowed;
	int pid;
	char comm[TASK_COMM_LEN];       /* the name, cut to TASK_COMM_LEN - 1 characters */
	unsigned int flags;             /* PF_* */
	int policy;                     /* SCHED_NORMAL or SCHED_FIFO */
	int rt_priority;                /* 1..99 for SCHED_FIFO, 0 otherwise */
	int static_prio;                /* NICE_TO_PRIO(nice): 120 at nice 0 */
	unsigned int slice;             /* its whole time slice, in ticks, for its nice */
	bool need_resched;              /* Linux's TIF_NEED_RESCHED */
	bool on_rq;
	unsigned int time_slice;        /* ticks left of its slice */
	struct list_head run_list;      /* on the run queue */
	struct list_head tasks;         /* on the list of all tasks (ps) */
	void *stack;                    /* lowest usable address; the guard page is below */
	int usage;                      /* references; freed when it drops to 0 */
	/* kthread */
	char *full_name;                /* the whole name when comm had to cut it, else NULL */
	int (*threadfn)(void *data);
	unsigned long creator;          /* kthread_create's caller, for the module leak
					 * report; set before it is listed, never changed */
	void *data;
	bool should_stop;
	int exit_code;
	struct completion exited;       /* completed when threadfn has returned */
	/* accounting, for ps */
	u64 nvcsw, nivcsw;              /* voluntary / involuntary context switches */
	u64 ticks;                      /* timer ticks spent running */
};

DECLARE_PER_CPU(struct task_struct *, current_task);

static inline struct task_struct *get_current(void)
{
	/* One load through %fs (percpu.h): the same answer on whichever CPU we are. */
	return this_cpu_read_stable(current_task);
}
#define current get_current()

/* The state is stored, then a full barrier (XCHG is LOCKed), before the caller checks
 * its condition: a waker that makes the condition true and then reads our state
 * (try_to_wake_up(), after its own LOCKed pi_lock) either sees the sleeping state and
 * wakes us, or made the condition true early enough for our check to see it. Without
 * the barrier the CPU could read the condition before its store of the state is seen,
 * and both sides would miss each other: a lost wake-up. */
#define set_current_state(s) do {                                               \
	long __s = (s);                                                         \
	__asm__ __volatile__("xchgl %0, %1" : "+r"(__s), "+m"(current->state) :: "memory"); \
} while (0)
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

/* Makes p runnable, on the CPU select_task_rq() picks (kernel/sched/wake.c), and
 * interrupts that CPU if p should run there at once. Any context. Returns false if it
 * already was runnable. */
bool wake_up_process(struct task_struct *p);
/* The CPU a waking task goes to: its own if bound, else the online CPU with the fewest
 * runnable threads among those it may use. With p->pi_lock held. */
int select_task_rq(struct task_struct *p);
/* Lets p run on the CPUs in mask (a bit per CPU, at least one online); it moves at its
 * next wake-up. Not for a bound task (PF_NO_SETAFFINITY). 0 or -EINVAL. Any context. */
int set_cpus_allowed_ptr(struct task_struct *p, unsigned long mask);
/* Times __schedule() found the task it picked still on another CPU (then panics). */
extern u32 sched_double_run;
/* A CPU's idle thread. */
struct task_struct *idle_task(unsigned int cpu);
/* Sends the reschedule IPI to cpu (arch/x86/smp_resched.c). Interrupts off. */
void smp_send_reschedule(unsigned int cpu);

static inline bool need_resched(void)
{
	return READ_ONCE(current->need_resched);
}

int sched_setscheduler(struct task_struct *p, int policy, int rt_priority);

/* A thread's nice level, -20 (most CPU) to 19 (least); 0 for a new thread. It weighs a
 * SCHED_NORMAL thread's time slice (kernel/sched/nice.c); a SCHED_FIFO thread keeps it
 * for when it is normal again, as Linux's does. set_user_nice() ignores a value out
 * of range, as Linux's does. Process context or not; takes p's locks. */
static inline int task_nice(const struct task_struct *p)
{
	return PRIO_TO_NICE(p->static_prio);
}
void set_user_nice(struct task_struct *p, long nice);
/* Sets static_prio, slice and time_slice of a thread not yet running (kthread_create,
 * the idle threads). */
void sched_init_nice(struct task_struct *p);

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
/* Every CPU's idle loop, in its idle thread: the boot thread becomes CPU 0's, each
 * other CPU enters its own at the end of bring-up. Never returns. */
__noreturn void cpu_idle(void);
/* An idle thread (task_struct and stack with guard page) for CPU cpu, made that CPU's
 * current thread and its run queue's idle; NULL when out of memory. Boot, process
 * context, before cpu starts. */
struct task_struct *idle_thread_create(unsigned int cpu);
/* Whether a KTAP suite has given this CPU a function, and running it (with interrupts
 * on) (kernel/tests/cpu_work.c); every CPU's idle loop asks after each wake-up. */
bool ktest_cpu_work_pending(void);
void ktest_cpu_work_poll(void);

#endif
