/* kernel/workqueue/pool.c - worker pools: the kworker threads and how many of them run.
 *
 * Each CPU has two pools (normal and high priority), and there is an unbound pool of
 * each kind. A pool's kworkers take items from its worklist one by one. How many
 * workers run at once is the pool's business, not the queues' (concurrency management):
 *
 *   - a worker about to run items first makes sure another worker is idle, creating one
 *     if not (manage_workers): it may sleep in an item, and then someone must be ready;
 *   - when a running worker sleeps, the scheduler tells the pool (wq_worker_sleeping,
 *     called from schedule()); if that leaves nobody running and items are waiting, the
 *     idle worker is woken and takes the next item;
 *   - when the sleeper wakes it counts as running again (wq_worker_running) and the
 *     extra worker stops taking items after its current one (keep_working);
 *   - workers idle for wq_idle_timeout beyond the two a pool keeps are ended.
 *
 * So on a CPU one item runs at a time while items do not sleep (no pointless switches),
 * and a sleeping item never holds up the others. Each CPU's pools do this for that CPU
 * alone: their kworkers are bound to it, so an item busy on CPU 1 holds up nothing
 * queued on CPU 0. Unbound workers are not counted
 * (WORKER_UNBOUND): each waiting item gets a worker of its own, up to max_active.
 */
#include <irqlab/errno.h>
#include <irqlab/kthread.h>
#include <irqlab/panic.h>
#include <irqlab/printk.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "internal.h"

/* Linux keeps idle workers for IDLE_WORKER_TIMEOUT (300 s). irqlab uses 5 s: longer than
 * the gaps inside any burst of work in the demos and tests, so a burst keeps its workers,
 * yet short enough that a student who ran `demo workqueue` sees the extra kworkers leave
 * `ps` a few seconds later. The tests shorten it (wq_set_idle_timeout). */
#define IDLE_WORKER_TIMEOUT     (5 * HZ)
#define MAX_IDLE_WORKERS_RATIO  4       /* Linux's: 1/4 of the busy ones may stay idle */

unsigned long wq_idle_timeout = IDLE_WORKER_TIMEOUT;

/* Each CPU's two pools, indexed by CPU: an array rather than Linux's per-CPU variable,
 * because the queues made at boot point their pwqs at every CPU's pools before the
 * other CPUs (and their per-CPU areas) exist. Only possible CPUs' pools get an id and
 * workers (register_thread_pools). Each pool is guarded by its own lock. */
static struct worker_pool cpu_worker_pools[NR_CPUS][NR_STD_WORKER_POOLS];
static struct worker_pool unbound_pools[NR_STD_WORKER_POOLS];

/* By id, written by workqueue_init() alone (before any worker exists), read anywhere.
 * Ids follow Linux before 6.9: each possible CPU's two pools, then the unbound ones,
 * then the BH pools, so with one CPU the unbound pool is 2 and its workers kworker/u2:N,
 * with two CPUs 4 and kworker/u4:N. */
/* thread and BH pools per CPU, and the unbound ones */
static struct worker_pool *worker_pools[2 * NR_STD_WORKER_POOLS * NR_CPUS + NR_STD_WORKER_POOLS];
static int nr_pools;

static void idle_worker_timeout(struct timer_list *t);

void init_worker_pool(struct worker_pool *pool, int cpu, unsigned int flags, const char *name)
{
	spin_lock_init(&pool->lock);
	pool->cpu = cpu;
	pool->flags = flags;
	pool->id = -1;
	INIT_LIST_HEAD(&pool->worklist);
	INIT_LIST_HEAD(&pool->idle_list);
	INIT_LIST_HEAD(&pool->busy_list);
	INIT_LIST_HEAD(&pool->workers);
	timer_setup(&pool->idle_timer, idle_worker_timeout, 0);
	strlcpy(pool->name, name, sizeof(pool->name));
}

/* Gives pool its id: from now on /proc/workqueues shows it and it may have workers. */
void register_worker_pool(struct worker_pool *pool)
{
	BUG_ON(nr_pools >= (int)ARRAY_SIZE(worker_pools) || pool->id >= 0);
	pool->id = nr_pools;
	worker_pools[nr_pools++] = pool;
}

/* Every CPU irqlab could bring up gets its pools' structures now, so the boot queues can
 * point at them; items queued for a CPU before workqueue_init() wait there. */
void init_thread_pools(void)
{
	char name[24];

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		snprintf(name, sizeof(name), "cpu%d", cpu);
		init_worker_pool(&cpu_worker_pools[cpu][0], cpu, 0, name);
		snprintf(name, sizeof(name), "cpu%d-highpri", cpu);
		init_worker_pool(&cpu_worker_pools[cpu][1], cpu, POOL_HIGHPRI, name);
	}
	init_worker_pool(&unbound_pools[0], -1, 0, "unbound");
	init_worker_pool(&unbound_pools[1], -1, POOL_HIGHPRI, "unbound-highpri");
}

/* The ids, once the CPUs are up (workqueue_init). */
void register_thread_pools(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		for (int highpri = 0; highpri < NR_STD_WORKER_POOLS; highpri++)
			register_worker_pool(&cpu_worker_pools[cpu][highpri]);
	for (int highpri = 0; highpri < NR_STD_WORKER_POOLS; highpri++)
		register_worker_pool(&unbound_pools[highpri]);
}

struct worker_pool *cpu_pool(int cpu, bool highpri)
{
	return &cpu_worker_pools[cpu][highpri];
}

struct worker_pool *unbound_pool(bool highpri)
{
	return &unbound_pools[highpri];
}

struct worker_pool *get_worker_pool(int id)
{
	return id >= 0 && id < READ_ONCE(nr_pools) ? worker_pools[id] : NULL;
}

int nr_worker_pools(void)
{
	return READ_ONCE(nr_pools);
}

/* --- idle workers; pool->lock held ------------------------------------------------- */

static bool too_many_workers(struct worker_pool *pool)
{
	int nr_idle = pool->nr_idle + !!(pool->flags & POOL_MANAGER_ACTIVE);
	int nr_busy = pool->nr_workers - nr_idle;

	/* Two stay: the next one to work, and the reserve it would otherwise create. */
	return nr_idle > 2 && (nr_idle - 2) * MAX_IDLE_WORKERS_RATIO >= nr_busy;
}

void worker_enter_idle(struct worker *worker)
{
	struct worker_pool *pool = worker->pool;

	worker->flags |= WORKER_IDLE;
	pool->nr_idle++;
	worker->last_active = jiffies;
	list_add(&worker->entry, &pool->idle_list);     /* LIFO: the warmest one is woken */
	/* The timer goes on this CPU's timer base (kernel/time/timer.c): a bound pool's
	 * extra workers are reaped on their own CPU. */
	if (too_many_workers(pool) && !timer_pending(&pool->idle_timer))
		mod_timer(&pool->idle_timer, jiffies + wq_idle_timeout);
	WARN_ON_ONCE(pool->nr_workers == pool->nr_idle && pool->nr_running);
}

void worker_leave_idle(struct worker *worker)
{
	worker->flags &= ~WORKER_IDLE;
	worker->pool->nr_idle--;
	list_del_init(&worker->entry);
}


/* --- creating and ending workers --------------------------------------------------- */

static int alloc_worker_id(struct worker_pool *pool)
{
	for (int id = 0; id < WQ_MAX_WORKERS; id++) {
		if (!(pool->worker_ids[id / 32] & BIT(id % 32))) {
			pool->worker_ids[id / 32] |= BIT(id % 32);
			return id;
		}
	}
	return -ENOSPC;
}

static void free_worker_id(struct worker_pool *pool, int id)
{
	pool->worker_ids[id / 32] &= ~BIT(id % 32);
}

static int worker_thread(void *arg);

/* Linux's names: kworker/<cpu>:<id>, with H for the high-priority pool, and
 * kworker/u<pool id>:<id> for unbound workers. */
static void format_worker_name(struct worker *worker)
{
	struct worker_pool *pool = worker->pool;

	if (pool->flags & POOL_BH)
		snprintf(worker->desc, sizeof(worker->desc), "bh/%d%s", pool->cpu,
			 (pool->flags & POOL_HIGHPRI) ? "H" : "");
	else if (pool->cpu >= 0)
		snprintf(worker->desc, sizeof(worker->desc), "kworker/%d:%d%s", pool->cpu,
			 worker->id, (pool->flags & POOL_HIGHPRI) ? "H" : "");
	else
		snprintf(worker->desc, sizeof(worker->desc), "kworker/u%d:%d", pool->id,
			 worker->id);
}

/* Adds an idle worker to pool. Process context (it allocates and creates a thread); a
 * per-CPU pool's worker calls it on that pool's CPU (manage_workers), as in Linux. */
bool create_worker(struct worker_pool *pool)
{
	static unsigned int failures;
	struct task_struct *task = NULL;
	struct worker *worker;
	unsigned long flags;
	int id;

	spin_lock_irqsave(&pool->lock, flags);
	id = alloc_worker_id(pool);
	spin_unlock_irqrestore(&pool->lock, flags);
	if (id < 0)
		goto fail;
	worker = kzalloc(sizeof(*worker), GFP_KERNEL);
	if (!worker)
		goto fail_id;
	INIT_LIST_HEAD(&worker->entry);
	INIT_LIST_HEAD(&worker->node);
	INIT_LIST_HEAD(&worker->scheduled);
	worker->pool = pool;
	worker->id = id;
	worker->flags = WORKER_PREP | (pool->cpu < 0 ? WORKER_UNBOUND : 0);
	format_worker_name(worker);
	if (!(pool->flags & POOL_BH)) {
		task = kthread_create(worker_thread, worker, "%s", worker->desc);
		if (!task) {
			kfree(worker);
			goto fail_id;
		}
		/* A CPU's pool serves that CPU: its workers run there and nowhere else,
		 * which is what makes nr_running a per-CPU count. */
		if (pool->cpu >= 0)
			kthread_bind(task, (unsigned int)pool->cpu);
		/* A high-priority kworker runs at nice -20, as Linux's: woken, it goes
		 * ahead of the nice-0 threads and preempts one running (sched/nice.c). */
		if (pool->flags & POOL_HIGHPRI)
			set_user_nice(task, HIGHPRI_NICE_LEVEL);
		worker->task = task;
	}
	spin_lock_irqsave(&pool->lock, flags);
	list_add_tail(&worker->node, &pool->workers);
	pool->nr_workers++;
	worker_enter_idle(worker);
	/* An unbound worker runs where /sys/devices/virtual/workqueue/cpumask says; read
	 * under the pool's lock, so a write that walks the workers now cannot miss it. */
	if (task && pool->cpu < 0)
		WARN_ON(set_cpus_allowed_ptr(task, wq_unbound_cpus()));
	if (task)
		wake_up_process(task);
	spin_unlock_irqrestore(&pool->lock, flags);
	/* The creator's reference: a worker ends on its own (WORKER_DIE), nobody stops it. */
	if (task)
		put_task_struct(task);
	return true;

fail_id:
	spin_lock_irqsave(&pool->lock, flags);
	free_worker_id(pool, id);
	spin_unlock_irqrestore(&pool->lock, flags);
fail:
	if (failures++ < 10)
		pr_err("workqueue: cannot create a worker for pool %d (%s)\n", pool->id,
		       id < 0 ? "too many workers" : "out of memory");
	return false;
}

/* Tells an idle worker to end; it does so when it runs. pool->lock held. */
static void destroy_worker(struct worker *worker)
{
	struct worker_pool *pool = worker->pool;

	pool->nr_workers--;
	pool->nr_idle--;
	list_del_init(&worker->entry);
	worker->flags |= WORKER_DIE;
	wake_up_process(worker->task);
}

/* The pool's idle timer (TIMER_SOFTIRQ): ends the workers idle longest, while there are
 * too many. The idle list is most-recent-first, so they are at its tail. kick_pool()
 * wakes from the head, and too_many_workers() leaves two, so a worker just woken for
 * an item is never the one ended here. */
static void idle_worker_timeout(struct timer_list *t)
{
	struct worker_pool *pool = from_timer(pool, t, idle_timer);
	unsigned long flags;

	spin_lock_irqsave(&pool->lock, flags);
	while (too_many_workers(pool)) {
		struct worker *worker = list_entry(pool->idle_list.prev, struct worker, entry);
		unsigned long expires = worker->last_active + wq_idle_timeout;

		if (time_before(jiffies, expires)) {
			mod_timer(&pool->idle_timer, expires);
			break;
		}
		destroy_worker(worker);
	}
	spin_unlock_irqrestore(&pool->lock, flags);
}

void wq_set_idle_timeout(unsigned long timeout)
{
	for (int i = 0; i < nr_pools; i++) {
		struct worker_pool *pool = worker_pools[i];
		unsigned long flags;

		spin_lock_irqsave(&pool->lock, flags);
		wq_idle_timeout = timeout;
		if (timer_pending(&pool->idle_timer))
			mod_timer(&pool->idle_timer, jiffies + timeout);
		spin_unlock_irqrestore(&pool->lock, flags);
	}
}

/* A worker about to run items when no other is idle creates one first. True if it
 * did; false if another worker is already at it, or creating failed (then it runs the
 * items without a reserve). pool->lock held; dropped meanwhile. */
static bool manage_workers(struct worker *worker)
{
	struct worker_pool *pool = worker->pool;
	bool created;

	if (pool->flags & POOL_MANAGER_ACTIVE)
		return false;
	pool->flags |= POOL_MANAGER_ACTIVE;
	spin_unlock_irq(&pool->lock);
	created = create_worker(pool);
	spin_lock_irq(&pool->lock);
	pool->flags &= ~POOL_MANAGER_ACTIVE;
	return created;
}

/* Every kworker runs this: sleep while idle, run items while the pool wants it to. */
static int worker_thread(void *arg)
{
	struct worker *worker = arg;
	struct worker_pool *pool = worker->pool;

	current->flags |= PF_WQ_WORKER;         /* schedule() now calls the pool's hooks */
woke_up:
	spin_lock_irq(&pool->lock);
	if (unlikely(worker->flags & WORKER_DIE)) {
		list_del_init(&worker->node);
		free_worker_id(pool, worker->id);
		spin_unlock_irq(&pool->lock);
		current->flags &= ~PF_WQ_WORKER;
		kfree(worker);
		return 0;
	}
	worker_leave_idle(worker);
recheck:
	if (!need_more_worker(pool))
		goto sleep;
	/* It may sleep in an item: make sure another worker stands by first. */
	if (unlikely(!pool->nr_idle) && manage_workers(worker))
		goto recheck;
	worker_process_worklist(worker, 0, 0);
sleep:
	/* The state is set under pool->lock, which every waker takes: a wake-up between the
	 * unlock and schedule() makes schedule() return at once, it is not lost. */
	worker_enter_idle(worker);
	__set_current_state(TASK_INTERRUPTIBLE);
	spin_unlock_irq(&pool->lock);
	schedule();
	goto woke_up;
}
