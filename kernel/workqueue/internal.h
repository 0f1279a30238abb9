/* kernel/workqueue/internal.h - work queue internals: pools, workers, pool_workqueues.
 *
 * Include from kernel/workqueue/ itself, from kernel/sched/core.c (the two hooks through
 * which the scheduler tells a pool that one of its workers sleeps or runs again), and
 * from the work queue tests. Nothing else: drivers use <irqlab/workqueue.h>.
 *
 * The picture, as in Linux (two CPUs):
 *
 *   workqueue_struct "events" --pwq[0]--> worker_pool 0 (CPU 0, normal) <-- kworker/0:0, 0:1
 *                             --pwq[1]--> worker_pool 2 (CPU 1, normal) <-- kworker/1:0, 1:1
 *   workqueue_struct "events_highpri" --pwq[0]--> pool 1 (CPU 0, nice -20) <-- kworker/0:0H
 *                                     --pwq[1]--> pool 3 (CPU 1, nice -20) <-- kworker/1:0H
 *   workqueue_struct "events_unbound" --pwq[0]--> pool 4 (unbound) <-- kworker/u4:0
 *
 * A queue owns one pool_workqueue (pwq) per pool it feeds: its max_active limit, its
 * flush colours and the items it holds back. A pool owns the threads and one worklist
 * shared by every queue that feeds it. Locking: pool->lock (taken with interrupts off)
 * guards the pool, its workers' fields, its pwqs and the lists work items sit on. One
 * pool's lock at a time: no code path holds two (an item moving between pools leaves
 * one before it takes the other). Who may touch a work item at all is said by its
 * PENDING bit, taken with a LOCKed test-and-set (workqueue.c).
 */
#ifndef KERNEL_WORKQUEUE_INTERNAL_H
#define KERNEL_WORKQUEUE_INTERNAL_H

#include <irqlab/irq_work.h>
#include <irqlab/mutex.h>
#include <irqlab/sched.h>
#include <irqlab/spinlock.h>
#include <irqlab/workqueue.h>

#define WQ_NAME_LEN             24
#define NR_STD_WORKER_POOLS     2       /* normal and highpri, per CPU and for BH */
#define WQ_MAX_WORKERS          64      /* per pool: worker ids 0..63 */
#define HIGHPRI_NICE_LEVEL      MIN_NICE        /* highpri kworkers: nice -20, see pool.c */

/* worker_pool.flags */
#define POOL_BH                 BIT(0)  /* items run in softirq context, no threads */
#define POOL_MANAGER_ACTIVE     BIT(1)  /* a worker is creating workers for the pool */
#define POOL_HIGHPRI            BIT(2)

/* worker.flags, Linux's values */
#define WORKER_DIE              BIT(1)  /* leave worker_thread() at the next wake-up */
#define WORKER_IDLE             BIT(2)  /* on the pool's idle list */
#define WORKER_PREP             BIT(3)  /* between waking and running items (or after) */
#define WORKER_CPU_INTENSIVE    BIT(6)  /* running a WQ_CPU_INTENSIVE item */
#define WORKER_UNBOUND          BIT(7)  /* of the unbound pool */
/* A worker with any of these is not counted in pool->nr_running, so its pool does not
 * wait for it before starting another worker. */
#define WORKER_NOT_RUNNING      (WORKER_PREP | WORKER_CPU_INTENSIVE | WORKER_UNBOUND)

struct worker {
	struct list_head entry;         /* pool->idle_list while idle, ->busy_list while
					 * running an item, else empty */
	struct list_head node;          /* pool->workers: all of them */
	struct work_struct *current_work;       /* the item it runs now */
	work_func_t current_func;
	struct pool_workqueue *current_pwq;
	unsigned int current_color;
	struct list_head scheduled;     /* items it will run next, in order */
	struct task_struct *task;       /* NULL for a BH pool's worker */
	struct worker_pool *pool;
	unsigned long last_active;      /* jiffies when it last went idle */
	unsigned int flags;             /* WORKER_* */
	int id;                         /* the N in kworker/0:N */
	bool sleeping;                  /* wq_worker_sleeping() took it out of nr_running */
	char desc[TASK_COMM_LEN];       /* its name, also for a BH pool's worker */
};

/* Every field below lock is guarded by it (irqsave: items are queued from hard-IRQ
 * handlers). The per-CPU pools' kworkers are bound to their CPU (kthread_bind), so
 * nr_running counts the workers running items on that CPU only. */
struct worker_pool {
	spinlock_t lock;
	int cpu;                        /* the CPU it serves, -1 if unbound */
	int id;                         /* the K in kworker/uK:M; -1 until workqueue_init() */
	unsigned int flags;             /* POOL_* */
	struct list_head worklist;      /* items ready to run, in order */
	int nr_workers;
	int nr_idle;
	/* Concurrency management: workers of this pool running an item and not asleep. A
	 * pool starts another worker only when this is 0, so on a CPU one item runs at a
	 * time until it sleeps. Changed only with pool->lock held (the scheduler hooks
	 * below take it too). */
	int nr_running;
	struct list_head idle_list;     /* most recently idle first */
	struct list_head busy_list;     /* workers running an item (Linux: busy_hash) */
	struct list_head workers;
	struct timer_list idle_timer;   /* reaps workers idle for too long */
	u32 worker_ids[WQ_MAX_WORKERS / 32];
	char name[24];                  /* for /proc/workqueues: "cpu0", "cpu0-highpri"... */
	struct irq_work bh_kick;        /* BH pools: raises the softirq on cpu from another */
};

/* Guarded by pool->lock, except pool and wq, which are set once. */
struct pool_workqueue {
	struct worker_pool *pool;
	struct workqueue_struct *wq;
	int nr_active;                  /* items on the worklist or running */
	int max_active;
	unsigned int work_color;        /* the colour items queued now get */
	int flush_color;                /* the colour flush_workqueue() waits for, or -1 */
	int nr_in_flight[2];            /* items of each flush colour, barriers included */
	struct list_head inactive_works;        /* held back by max_active */
};

struct workqueue_struct {
	char name[WQ_NAME_LEN];
	/* WQ_*. The __WQ_DRAINING/__WQ_DESTROYING bits and nr_drainers change under
	 * workqueues_lock; __queue_work() reads them without it (a queueing that races
	 * with the start of a drain is one the drain waits for). */
	unsigned int flags;
	int saved_max_active;           /* written under wq_max_active_mutex (wq.c), read
					 * with READ_ONCE; each pwq's copy under its pool's lock */
	/* One per possible CPU (indexed by CPU); an unbound queue uses pwqs[0] only. */
	struct pool_workqueue pwqs[NR_CPUS];
	struct list_head list;          /* on workqueues, under workqueues_lock */
	/* flush_workqueue(): Linux has 16 colours so that flushers overlap; irqlab's take
	 * turns under flush_mutex, and two colours are then enough. The colours themselves
	 * are per pwq, under each pool's lock (pwq->work_color). */
	struct mutex flush_mutex;
	struct wait_queue_head flush_wait;
	int nr_drainers;
	spinlock_t armed_lock;          /* irqsave: guards armed_dworks */
	struct list_head armed_dworks;  /* delayed items whose timer is armed for this queue */
	unsigned long caller;           /* alloc_workqueue's caller, for the module leak
					 * report; set before it is listed, never changed */
	struct wq_device *sysfs;        /* WQ_SYSFS: its directory's files (sysfs.c) */
};

/* A bound queue has a pwq for every CPU irqlab could bring up (pools.c), which is
 * how its boot queues can serve CPUs that come up later. */
static inline int wq_nr_pwqs(const struct workqueue_struct *wq)
{
	return (wq->flags & WQ_UNBOUND) ? 1 : NR_CPUS;
}

/* All queues, for /proc/workqueues, and the queues' drain flags. A spinlock, not
 * Linux's wq_pool_mutex: the show function walks it while holding the pools' spinlocks
 * (taken inside it, one at a time). */
extern spinlock_t workqueues_lock;
extern struct list_head workqueues;

/* pool.c */
extern unsigned long wq_idle_timeout;
void init_worker_pool(struct worker_pool *pool, int cpu, unsigned int flags, const char *name);
void init_thread_pools(void);
void register_worker_pool(struct worker_pool *pool);
void register_thread_pools(void);
struct worker_pool *cpu_pool(int cpu, bool highpri);
struct worker_pool *unbound_pool(bool highpri);
struct worker_pool *get_worker_pool(int id);
int nr_worker_pools(void);
bool create_worker(struct worker_pool *pool);
bool kick_pool(struct worker_pool *pool);
void worker_enter_idle(struct worker *worker);
void worker_leave_idle(struct worker *worker);
void worker_set_flags(struct worker *worker, unsigned int flags);
void worker_clr_flags(struct worker *worker, unsigned int flags);
void wq_set_idle_timeout(unsigned long timeout);        /* for the tests */

/* exec.c */
void insert_work(struct pool_workqueue *pwq, struct work_struct *work, struct list_head *head,
		 unsigned long extra_flags);
void move_linked_works(struct work_struct *work, struct list_head *head);
struct worker *find_worker_executing_work(struct worker_pool *pool, struct work_struct *work);
bool assign_work(struct work_struct *work, struct worker *worker);
void process_scheduled_works(struct worker *worker);
void worker_process_worklist(struct worker *worker, int max_works, unsigned long end);
struct worker *current_wq_worker(void);
/* The name of a work function, for reports and /proc/workqueues. */
const char *wq_func_name(work_func_t fn);

static inline bool need_more_worker(struct worker_pool *pool)
{
	return !list_empty(&pool->worklist) && !pool->nr_running;
}

/* A running worker goes on to the next item while no other worker is running. */
static inline bool keep_working(struct worker_pool *pool)
{
	return !list_empty(&pool->worklist) && pool->nr_running <= 1;
}

/* For the calls that sleep: might_sleep() reports a caller in atomic context, and the
 * call then returns at once instead of sleeping there (which would hang or corrupt
 * whatever was interrupted). */
#define wq_may_sleep() ({ might_sleep(); !(in_atomic() || irqs_disabled()); })

/* workqueue.c; delayed.c uses the first four */
bool wq_refuses(struct workqueue_struct *wq, struct work_struct *work);
bool try_queue_work(int cpu, struct workqueue_struct *wq, struct work_struct *work,
		    struct delayed_work *dwork, unsigned long delay);
bool __queue_work(int cpu, struct workqueue_struct *wq, struct work_struct *work);
int try_to_grab_pending(struct work_struct *work, bool is_dwork);
void pwq_dec_nr_in_flight(struct pool_workqueue *pwq, unsigned long work_data);
void pwq_activate_held_back(struct pool_workqueue *pwq);        /* pool->lock held */
bool work_is_barrier(struct work_struct *work);         /* a flush_work() barrier */
/* Which pool's lists the item is on (PWQ set) or which pool ran it last: read without
 * a lock, then checked again under that pool's lock. insert_work() stores pwq and pool
 * before data, and these read data first, so a PWQ bit seen comes with its pwq. */
static inline struct worker_pool *get_work_pool(struct work_struct *work)
{
	return READ_ONCE(work->pool);
}
static inline void set_work_data_mb(struct work_struct *work, unsigned long data)
{
	__atomic_exchange_n(&work->data, data, __ATOMIC_SEQ_CST);      /* xchg */
}
static inline unsigned int get_work_color(unsigned long data)
{
	return (data & WORK_STRUCT_COLOR) ? 1 : 0;
}

/* delayed.c; PENDING held by the caller, interrupts off */
bool __queue_delayed_work(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			  unsigned long delay);
void dwork_disarmed(struct delayed_work *dwork);

/* sysfs.c: /sys/devices/virtual/workqueue. The CPUs an unbound kworker may use now;
 * read under the unbound pool's lock. A WQ_SYSFS queue's directory: 0 or -errno
 * (-EEXIST: a queue of that name has one already). Process context. */
unsigned long wq_unbound_cpus(void);
int workqueue_sysfs_register(struct workqueue_struct *wq);
void workqueue_sysfs_unregister(struct workqueue_struct *wq);

/* bh.c */
void init_bh_pools(void);
void register_bh_pools(void);
void kick_bh_pool(struct worker_pool *pool);
struct worker_pool *bh_pool(int cpu, bool highpri);

/* For kernel/sched/core.c: a worker (PF_WQ_WORKER) is going to sleep in schedule(), or
 * is back from it. */
void wq_worker_sleeping(struct task_struct *task);
void wq_worker_running(struct task_struct *task);

#endif
