/* kernel/workqueue/exec.c - running work items: taking them from a worklist, never the
 * same item on two workers at once, calling the function, accounting afterwards. Shared
 * by the kworkers (pool.c) and the BH pools' softirq (bh.c).
 */
#include <irqlab/export.h>
#include <irqlab/kallsyms.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/trace.h>
#include "internal.h"

/* pool->lock held. pwq and pool are stored before data (x86 keeps stores in order):
 * a reader on another CPU that sees PWQ in data sees this pwq too (get_work_pool()). */
void insert_work(struct pool_workqueue *pwq, struct work_struct *work, struct list_head *head,
		 unsigned long extra_flags)
{
	WRITE_ONCE(work->pwq, pwq);
	WRITE_ONCE(work->pool, pwq->pool);
	WRITE_ONCE(work->data, WORK_STRUCT_PENDING | WORK_STRUCT_PWQ | extra_flags);
	list_add_tail(&work->entry, head);
}

/* Moves work, and the barriers linked after it, to the end of head. */
void move_linked_works(struct work_struct *work, struct list_head *head)
{
	for (;;) {
		struct work_struct *next = list_next_entry(work, entry);
		bool linked = work->data & WORK_STRUCT_LINKED;

		list_move_tail(&work->entry, head);
		if (!linked)
			break;
		work = next;
	}
}

/* Compares the function too: the item may have been freed and its memory reused for
 * another item since the worker started it. */
struct worker *find_worker_executing_work(struct worker_pool *pool, struct work_struct *work)
{
	struct worker *worker;

	list_for_each_entry(worker, &pool->busy_list, entry)
		if (worker->current_work == work && worker->current_func == work->func)
			return worker;
	return NULL;
}

/* Gives work to worker, or, if another worker of the pool is running it right now, to
 * that one, to run after its current item: never the same item twice at once. */
bool assign_work(struct work_struct *work, struct worker *worker)
{
	struct worker *collision = find_worker_executing_work(worker->pool, work);

	if (unlikely(collision)) {
		move_linked_works(work, &collision->scheduled);
		return false;
	}
	move_linked_works(work, &worker->scheduled);
	return true;
}

/* Runs one item. pool->lock held on entry and exit, dropped around the call. Neither
 * work nor its memory is touched after the call: the function may free it. */
static void process_one_work(struct worker *worker, struct work_struct *work)
{
	struct worker_pool *pool = worker->pool;
	struct pool_workqueue *pwq = work->pwq;
	unsigned long work_data = work->data;
	bool cpu_intensive = pwq->wq->flags & WQ_CPU_INTENSIVE;
	unsigned int count;

	list_add(&worker->entry, &pool->busy_list);
	worker->current_work = work;
	worker->current_func = work->func;
	worker->current_pwq = pwq;
	worker->current_color = get_work_color(work_data);
	list_del_init(&work->entry);
	if (unlikely(cpu_intensive))
		worker_set_flags(worker, WORKER_CPU_INTENSIVE);
	/* Unbound and CPU-intensive workers do not count as running: let another take
	 * the next item now. */
	if (need_more_worker(pool))
		kick_pool(pool);
	/* PENDING is cleared before the call: queueing it from now on queues a new run. A
	 * LOCKed exchange, a full barrier, as Linux's smp_mb() there: a queue_work() that
	 * failed because PENDING was still set stored its data before, and the function
	 * must see that data - a plain store could pass the function's first loads. */
	set_work_data_mb(work, 0);
	spin_unlock_irq(&pool->lock);

	count = preempt_count();
	trace_event(TRACE_WORK_START, (u32)worker->current_func, (u32)work);
	worker->current_func(work);
	trace_event(TRACE_WORK_END, (u32)worker->current_func, (u32)work);   /* the pointer only */
	if (unlikely(preempt_count() != count || (worker->task && irqs_disabled()))) {
		pr_err("BUG: workqueue leaked atomic: %s/%d preempt_count 0x%08x -> 0x%08x%s, "
		       "last function: %s\n", current->comm, current->pid, count, preempt_count(),
		       irqs_disabled() ? ", interrupts off" : "", wq_func_name(worker->current_func));
		if (preempt_count() > count)
			preempt_count_sub(preempt_count() - count);
	}
	if (worker->task)
		cond_resched();

	spin_lock_irq(&pool->lock);
	if (unlikely(cpu_intensive))
		worker_clr_flags(worker, WORKER_CPU_INTENSIVE);
	list_del_init(&worker->entry);
	worker->current_work = NULL;
	worker->current_func = NULL;
	worker->current_pwq = NULL;
	pwq_dec_nr_in_flight(pwq, work_data);
}

void process_scheduled_works(struct worker *worker)
{
	while (!list_empty(&worker->scheduled))
		process_one_work(worker, list_first_entry(&worker->scheduled,
							  struct work_struct, entry));
}

/* The loop of every worker, a kworker (pool.c) or a BH pool's (bh.c), once it has found
 * items on the worklist. From its first item to its last it counts in nr_running, so
 * its pool leans on it and wakes nobody else; it goes on while no other worker of the
 * pool runs (keep_working). A BH worker's softirq round is bounded as well: at most
 * max_works items and until jiffies reach end, and the rest waits for the next round;
 * a kworker passes max_works 0, no bound. pool->lock held, dropped around each item. */
void worker_process_worklist(struct worker *worker, int max_works, unsigned long end)
{
	struct worker_pool *pool = worker->pool;
	/* LAB 5 BEGIN worker-loop: count as running; take items in turn while keep_working() */
	bool bounded = max_works > 0;

	worker_clr_flags(worker, WORKER_PREP);
	do {
		struct work_struct *work = list_first_entry(&pool->worklist,
							    struct work_struct, entry);

		if (assign_work(work, worker))
			process_scheduled_works(worker);
	} while (keep_working(pool) &&
		 (!bounded || (--max_works && time_before(jiffies, end))));
	worker_set_flags(worker, WORKER_PREP);
	/* LAB 5 STUB
	(void)max_works;
	(void)end;
	while (!list_empty(&pool->worklist)) {
		assign_work(list_first_entry(&pool->worklist, struct work_struct, entry), worker);
		process_scheduled_works(worker);
	}
	LAB 5 END */
}

struct worker *current_wq_worker(void)
{
	if (in_task())
		return (current->flags & PF_WQ_WORKER) ? current->data : NULL;
	if (!in_serving_softirq() || in_hardirq())
		return NULL;
	/* In a softirq: is it a BH pool's worker running an item? */
	for (int highpri = 0; highpri < NR_STD_WORKER_POOLS; highpri++) {
		struct worker_pool *pool = bh_pool(smp_processor_id(), highpri);

		if (!list_empty(&pool->busy_list))
			return list_first_entry(&pool->busy_list, struct worker, entry);
	}
	return NULL;
}

struct work_struct *current_work(void)
{
	struct worker *worker = current_wq_worker();

	return worker ? worker->current_work : NULL;
}
EXPORT_SYMBOL(current_work);

const char *wq_func_name(work_func_t fn)
{
	u32 offset, size;
	const char *name = kallsyms_lookup((u32)fn, &offset, &size);

	return name ? name : "?";
}
