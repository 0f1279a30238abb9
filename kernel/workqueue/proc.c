/* kernel/workqueue/proc.c - /proc/workqueues: irqlab's own view of the work queues.
 *
 * Linux has no such file (its tools/workqueue/wq_dump.py reads the same things with
 * drgn). Three tables, one row each, columns separated by spaces:
 *
 *   workqueue          flags            max_active  pool  pending  running
 *   events             -                       256     0        0        1
 *   demo_serial        -                         1     0        1        1
 *
 *   pool  name             runs_in          workers  idle  nr_running  worklist
 *      0  cpu0             nice=0                 3     1           0         0
 *      1  cpu0-highpri     nice=-20               2     2           0         0
 *      4  cpu0-bh          TASKLET_SOFTIRQ        1     1           0         0
 *
 *   worker             pid  pool  state     function               workqueue
 *   kworker/0:0          2     0  sleeping  demo_work_fn           events
 *   kworker/0:1          7     0  sleeping  demo_work_fn           demo_serial
 *   kworker/0:2          9     0  idle      -                      -
 *   bh/0                 -     4  idle      -                      -
 *
 * pending: items queued and not started (held back by max_active included); running:
 * items a worker has started and not finished (asleep in them or not). A worker's state
 * is idle, running or sleeping (inside an item), prep (awake, between items or making
 * a new worker) or dying (ended by the idle timer, not yet gone). A BH pool's worker
 * has no thread: pid "-", and it is running only while its softirq runs it.
 */
#include <irqlab/seq_file.h>
#include <irqlab/vsprintf.h>
#include "internal.h"

static int list_count(struct list_head *head)
{
	struct list_head *pos;
	int n = 0;

	for (pos = head->next; pos != head; pos = pos->next)
		n++;
	return n;
}

static void flags_string(unsigned int flags, char *buf, size_t size)
{
	static const struct { unsigned int flag; const char *name; } names[] = {
		{ WQ_BH, "BH" }, { WQ_UNBOUND, "UNBOUND" }, { WQ_HIGHPRI, "HIGHPRI" },
		{ WQ_CPU_INTENSIVE, "CPU_INTENSIVE" }, { __WQ_ORDERED, "ORDERED" },
		{ __WQ_DRAINING, "DRAINING" },
	};
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (flags & names[i].flag)
			n += snprintf(buf + n, size - n, "%s%s", n ? "|" : "", names[i].name);
	if (!n)
		snprintf(buf, size, "-");
}

static void show_queue(struct seq_file *m, struct workqueue_struct *wq)
{
	int nr = (wq->flags & WQ_UNBOUND) ? 1 : NR_CPUS;
	char flags[48];

	flags_string(wq->flags, flags, sizeof(flags));
	for (int i = 0; i < nr; i++) {
		struct pool_workqueue *pwq = &wq->pwqs[i];
		struct worker_pool *pool = pwq->pool;
		struct work_struct *work;
		struct worker *worker;
		int running = 0, inactive = 0;

		if (pool->id < 0)       /* a CPU that did not come up */
			continue;
		spin_lock(&pool->lock);
		list_for_each_entry(worker, &pool->busy_list, entry)
			running += worker->current_pwq == pwq;
		list_for_each_entry(work, &pwq->inactive_works, entry)
			inactive += !work_is_barrier(work);
		seq_printf(m, "%-18s %-16s %10d %5d %8d %8d\n", wq->name, flags,
			   pwq->max_active, pool->id, pwq->nr_active - running + inactive, running);
		spin_unlock(&pool->lock);
	}
}

static const char *worker_state(struct worker *worker)
{
	if (worker->flags & WORKER_DIE)
		return "dying";
	if (worker->flags & WORKER_IDLE)
		return "idle";
	if (!worker->current_work)
		return "prep";
	if (worker->sleeping || (worker->task && worker->task != current &&
				 worker->task->state != TASK_RUNNING))
		return "sleeping";
	return "running";
}

static void show_pool(struct seq_file *m, struct worker_pool *pool)
{
	char runs_in[20];

	if (pool->flags & POOL_BH)
		snprintf(runs_in, sizeof(runs_in), "%s",
			 (pool->flags & POOL_HIGHPRI) ? "HI_SOFTIRQ" : "TASKLET_SOFTIRQ");
	else    /* SCHED_NORMAL threads, at the pool's nice level (Linux's wq_dump says nice=) */
		snprintf(runs_in, sizeof(runs_in), "nice=%d",
			 (pool->flags & POOL_HIGHPRI) ? HIGHPRI_NICE_LEVEL : 0);
	seq_printf(m, "%4d  %-16s %-16s %7d %5d %11d %9d\n", pool->id, pool->name, runs_in,
		   pool->nr_workers, pool->nr_idle, pool->nr_running,
		   list_count(&pool->worklist));
}

static void show_workers(struct seq_file *m, struct worker_pool *pool)
{
	struct worker *worker;

	list_for_each_entry(worker, &pool->workers, node) {
		struct pool_workqueue *pwq = worker->current_pwq;
		char pid[8];

		if (worker->task)
			snprintf(pid, sizeof(pid), "%d", worker->task->pid);
		else
			snprintf(pid, sizeof(pid), "-");
		seq_printf(m, "%-16s %5s %5d  %-9s %-22s %s\n", worker->desc, pid, pool->id,
			   worker_state(worker),
			   worker->current_func ? wq_func_name(worker->current_func) : "-",
			   pwq ? pwq->wq->name : "-");
	}
}

static int show_workqueues(struct seq_file *m)
{
	struct workqueue_struct *wq;
	unsigned long flags;
	int id;

	seq_printf(m, "%-18s %-16s %10s %5s %8s %8s\n", "workqueue", "flags", "max_active",
		   "pool", "pending", "running");
	spin_lock_irqsave(&workqueues_lock, flags);
	list_for_each_entry(wq, &workqueues, list)
		show_queue(m, wq);
	spin_unlock_irqrestore(&workqueues_lock, flags);

	seq_printf(m, "\n%4s  %-16s %-16s %7s %5s %11s %9s\n", "pool", "name", "runs_in",
		   "workers", "idle", "nr_running", "worklist");
	for (id = 0; id < nr_worker_pools(); id++) {
		struct worker_pool *pool = get_worker_pool(id);

		spin_lock_irqsave(&pool->lock, flags);
		show_pool(m, pool);
		spin_unlock_irqrestore(&pool->lock, flags);
	}

	seq_printf(m, "\n%-16s %5s %5s  %-9s %-22s %s\n", "worker", "pid", "pool", "state",
		   "function", "workqueue");
	for (id = 0; id < nr_worker_pools(); id++) {
		struct worker_pool *pool = get_worker_pool(id);

		spin_lock_irqsave(&pool->lock, flags);
		show_workers(m, pool);
		spin_unlock_irqrestore(&pool->lock, flags);
	}
	return 0;
}
DEFINE_PROC_FILE(workqueues, "/proc/workqueues", show_workqueues);
