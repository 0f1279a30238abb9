/* kernel/sched/wake.c - waking a task, and choosing the CPU it wakes on.
 *
 * A sleeping task is on no run queue. try_to_wake_up() picks a CPU for it
 * (select_task_rq), puts it on that CPU's run queue, and, if it should run there before
 * what runs there now, asks that CPU to reschedule: need_resched on its current thread,
 * and a reschedule IPI when it is another CPU (resched_curr, core.c).
 *
 * Why no wake-up is lost between "check the condition" and schedule(): the sleeper
 * stores its sleeping state with a full barrier before it checks (set_current_state);
 * the waker makes the condition true before it reads the state, behind the LOCKed
 * instruction that takes p->pi_lock. So at least one of them sees the other's store:
 * the sleeper sees the condition and does not sleep, or the waker sees the sleeping
 * state. In the second case the sleeper may not have reached schedule() yet - it is
 * still on its run queue (on_rq) - and the waker, under that queue's lock, just sets
 * it back to TASK_RUNNING; __schedule() reads the state under the same lock and keeps
 * it queued. Or it has dequeued itself, and the waker queues it again.
 */
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/sched.h>
#include "sched.h"

/* The CPUs an unbound thread may use (the default cpus_mask, kthread.c): all of them.
 * Every wake-up then places it where select_task_rq() finds the least work. A thread
 * that must stay on one CPU says so: kthread_bind() for per-CPU threads, and
 * set_cpus_allowed_ptr() for the selftest and bench runners (kernel/main.c) and the
 * irq/N threads, which follow their line (kernel/irq/thread.c). */
unsigned long task_default_cpus_mask(void)
{
	return ~0ul;
}

struct task_struct *idle_task(unsigned int cpu)
{
	return cpu_rq(cpu)->idle;
}

/* p->cpu changes only under p->pi_lock (here and in try_to_wake_up), so with pi_lock
 * held the rq it names is p's. */
struct rq *task_rq_lock(struct task_struct *p, unsigned long *flags)
{
	struct rq *rq;

	spin_lock_irqsave(&p->pi_lock, *flags);
	rq = cpu_rq(p->cpu);
	spin_lock(&rq->lock);
	return rq;
}

void task_rq_unlock(struct rq *rq, struct task_struct *p, unsigned long flags)
{
	spin_unlock(&rq->lock);
	spin_unlock_irqrestore(&p->pi_lock, flags);
}

/* The least loaded online CPU p may use: fewest runnable threads, the lowest number
 * among equals (a bound task has one to choose from). nr_running is read without the
 * other CPUs' locks: a hint, as in Linux. */
int select_task_rq(struct task_struct *p)
{
	unsigned long allowed = p->cpus_mask & cpu_online_mask;
	unsigned int best = NR_CPUS, best_load = ~0u;

	/* Only the CPUs p may use, lowest first, each found with one BSF: a bound thread
	 * (every per-CPU kworker) is one step, not a test of every CPU number. */
	for (; allowed; allowed &= allowed - 1) {
		unsigned int cpu = (unsigned int)__builtin_ctzl(allowed);
		unsigned int load = READ_ONCE(cpu_rq(cpu)->nr_running);

		if (load < best_load) {
			best = cpu;
			best_load = load;
		}
	}
	return best == NR_CPUS ? 0 : (int)best;
}

/* Wakes p if its state is one of state_mask's. Returns whether it did. */
static bool try_to_wake_up(struct task_struct *p, long state_mask)
{
	unsigned long flags;
	struct rq *rq;
	bool woke = false;
	int cpu;

	rq = task_rq_lock(p, &flags);           /* LOCKed: our condition store is out */
	if (!(READ_ONCE(p->state) & state_mask) &&
	    !(p->state == TASK_RUNNING && !p->on_rq && !p->on_cpu)) {
		task_rq_unlock(rq, p, flags);
		return false;
	}
	if (p->on_rq) {
		/* Not yet in schedule(), or preempted on the way: it never left its queue. */
		WRITE_ONCE(p->state, TASK_RUNNING);
		task_rq_unlock(rq, p, flags);
		return true;
	}
	/* Off every queue. Holding its old rq's lock shows it switched out already: the
	 * lock is held across a switch, and finish_task_switch() clears on_cpu before it
	 * lets go. Waking on the same CPU (one CPU, a bound kworker, the least loaded
	 * again), the lock held is the one needed. For another CPU's queue, this one goes
	 * first (never two rq locks at once), and on_cpu is waited for anyway, so that no
	 * path that drops it later than the lock could let two CPUs run it. */
	cpu = select_task_rq(p);
	if (cpu_rq(cpu) != rq) {
		spin_unlock(&rq->lock);
		while (READ_ONCE(p->on_cpu))
			cpu_relax();
		rq = cpu_rq(cpu);
		spin_lock(&rq->lock);
	}
	p->cpu = cpu;
	WRITE_ONCE(p->state, TASK_RUNNING);
	enqueue_task(rq, p);
	check_preempt_curr(rq, p);
	woke = true;
	task_rq_unlock(rq, p, flags);
	return woke;
}

bool wake_up_process(struct task_struct *p)
{
	return try_to_wake_up(p, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE);
}
EXPORT_SYMBOL(wake_up_process);

int set_cpus_allowed_ptr(struct task_struct *p, unsigned long mask)
{
	unsigned long flags, online = 0;
	unsigned int cpu;
	struct rq *rq;

	for_each_online_cpu(cpu)
		online |= BIT(cpu);
	if (!(mask & online) || (p->flags & PF_NO_SETAFFINITY))
		return -EINVAL;
	rq = task_rq_lock(p, &flags);
	p->cpus_mask = mask;
	p->nr_cpus_allowed = cpumask_weight(mask & online);
	task_rq_unlock(rq, p, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(set_cpus_allowed_ptr);
