/* kernel/tests/ktest_wq.h - a work item that reports on itself, for the work queue
 * tests: how often and in what order it ran, where and in what context, and gates that
 * hold it inside its function until the test lets it go. A probe lives on the test's
 * stack: every test ends with the probe idle (flushed or cancelled). */
#ifndef KERNEL_TESTS_KTEST_WQ_H
#define KERNEL_TESTS_KTEST_WQ_H

#include <irqlab/cpumask.h>
#include <irqlab/sched.h>
#include <irqlab/seq_file.h>
#include <irqlab/string.h>
#include <irqlab/timer.h>
#include <irqlab/vsprintf.h>
#include <irqlab/workqueue.h>
#include "kernel/workqueue/internal.h"

static int ktest_wq_seq;                /* orders every start and end, across probes */

struct probe {
	struct work_struct work;
	struct delayed_work dwork;
	struct workqueue_struct *wq;    /* where it queues itself again */
	int runs, finished;
	int concurrent, max_concurrent;
	int first_start, first_end, last_start, last_end;       /* ktest_wq_seq values */
	char comm[2][TASK_COMM_LEN];    /* who ran the first two runs */
	int cpu[2];                     /* and on which CPU */
	int last_cpu;                   /* the CPU of the last run */
	int policy, nice;               /* the running worker's */
	bool in_task, in_softirq;
	unsigned long ran_at;           /* jiffies at the last start */
	u64 start_ns;
	bool block;                     /* every run waits for release */
	bool block_first;               /* the first run waits for release */
	unsigned int sleep_ms;
	int requeue;                    /* queue_work() itself this many more times */
	bool rearm;                     /* queue_delayed_work(self, 1) at the end */
	struct completion started, release, done;
	struct timer_list release_timer;
	struct task_struct *release_waiter;     /* probe_release_when_asleep()'s thread */
};

static inline void probe_body(struct probe *p, struct work_struct *work)
{
	int run = ++p->runs;

	if (++p->concurrent > p->max_concurrent)
		p->max_concurrent = p->concurrent;
	p->last_start = ++ktest_wq_seq;
	if (run == 1)
		p->first_start = p->last_start;
	p->start_ns = ktime_get_ns();
	p->ran_at = jiffies;
	if (run <= 2) {
		strlcpy(p->comm[run - 1], current->comm, TASK_COMM_LEN);
		p->cpu[run - 1] = (int)smp_processor_id();
	}
	p->last_cpu = (int)smp_processor_id();
	p->policy = current->policy;
	p->nice = task_nice(current);
	p->in_task = in_task();
	p->in_softirq = in_serving_softirq() && !in_hardirq();
	complete(&p->started);
	if (p->block || (p->block_first && run == 1))
		wait_for_completion(&p->release);
	if (p->sleep_ms)
		msleep(p->sleep_ms);
	p->last_end = ++ktest_wq_seq;
	if (run == 1)
		p->first_end = p->last_end;
	p->concurrent--;
	if (p->requeue > 0) {
		p->requeue--;
		queue_work(p->wq, work);
	}
	if (p->rearm)
		queue_delayed_work(p->wq, &p->dwork, 1);
	p->finished++;
	complete(&p->done);             /* the last touch of p: the test may return now */
}

static inline void probe_work_fn(struct work_struct *work)
{
	probe_body(container_of(work, struct probe, work), work);
}

static inline void probe_dwork_fn(struct work_struct *work)
{
	probe_body(container_of(work, struct probe, dwork.work), work);
}

static inline void probe_release_timer(struct timer_list *t)
{
	struct probe *p = from_timer(p, t, release_timer);

	/* probe_release_when_asleep(): not before its thread sleeps; look again next tick. */
	if (p->release_waiter && READ_ONCE(p->release_waiter->state) == TASK_RUNNING) {
		mod_timer(&p->release_timer, jiffies + 1);
		return;
	}
	complete(&p->release);
}

static inline void probe_init(struct probe *p, struct workqueue_struct *wq)
{
	memset(p, 0, sizeof(*p));
	INIT_WORK(&p->work, probe_work_fn);
	INIT_DELAYED_WORK(&p->dwork, probe_dwork_fn);
	p->wq = wq;
	init_completion(&p->started);
	init_completion(&p->release);
	init_completion(&p->done);
	timer_setup(&p->release_timer, probe_release_timer, 0);
}

/* Lets the blocked run go in 'ticks' jiffies, from a timer: the test thread can then
 * block itself (in a cancel or a flush) and see that it returns only afterwards. */
static inline void probe_release_later(struct probe *p, unsigned long ticks)
{
	mod_timer(&p->release_timer, jiffies + ticks);
}

/* Lets the blocked run go only once the calling thread sleeps, in the flush or cancel it
 * makes next: that call then finds the item pending or running, however long the caller
 * took to get there (a fixed delay races with a slow or preempted caller). Nothing else
 * may put the caller to sleep before that call. */
static inline void probe_release_when_asleep(struct probe *p)
{
	p->release_waiter = current;
	mod_timer(&p->release_timer, jiffies + 1);
}

static inline bool waits_ms(struct completion *c, unsigned int ms)
{
	return wait_for_completion_timeout(c, msecs_to_jiffies(ms)) > 0;
}

/* Two probes on wq, a blocking in its function until released, both queued: true once a
 * has started (b waits or runs beside it, as wq's max_active says). */
static inline bool probe_pair_start(struct probe *a, struct probe *b,
				    struct workqueue_struct *wq)
{
	probe_init(a, wq);
	probe_init(b, wq);
	a->block = true;
	queue_work(wq, &a->work);
	queue_work(wq, &b->work);
	return waits_ms(&a->started, 1000);
}

/* "kworker/0:12H" has prefix "kworker/0:", a number, then suffix "H". */
static inline bool comm_is(const char *comm, const char *prefix, const char *suffix)
{
	size_t n = strlen(prefix), digits = 0;

	if (strncmp(comm, prefix, n) != 0)
		return false;
	while (comm[n + digits] >= '0' && comm[n + digits] <= '9')
		digits++;
	return digits > 0 && strcmp(comm + n + digits, suffix) == 0;
}

/* Linux's pool ids: each CPU's two pools first, then the unbound ones. So the unbound
 * pool is 2 on one CPU (kworker/u2:N), 4 on two. Counted from the pools themselves, not
 * from cpu_possible_mask: the ids were given at workqueue_init(), and a CPU the smp
 * suite tries to start later (and that never answers) is possible but has no pools. */
static inline int unbound_pool_id(bool highpri)
{
	int bound = 0;
	struct worker_pool *pool;

	while ((pool = get_worker_pool(bound)) != NULL && pool->cpu >= 0)
		bound++;
	return bound + highpri;
}

/* "kworker/u2:" on one CPU: the unbound workers' name up to their worker id. */
static inline const char *unbound_prefix(bool highpri)
{
	static char buf[2][16];

	snprintf(buf[highpri], sizeof(buf[highpri]), "kworker/u%d:", unbound_pool_id(highpri));
	return buf[highpri];
}

static inline struct worker_pool *wq_pool(struct workqueue_struct *wq)
{
	return wq->pwqs[0].pool;
}

/* /proc/workqueues, rendered into a buffer as `cat` would. */
static char ktest_proc_buf[4096];

static inline const char *render_proc_workqueues(void)
{
	struct seq_file m = { .buf = ktest_proc_buf, .size = sizeof(ktest_proc_buf) };
	const struct proc_file *f = proc_file_find("/proc/workqueues");

	ktest_proc_buf[0] = '\0';
	if (f)
		f->show(&m);
	return ktest_proc_buf;
}

static inline const char *ktest_strstr(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (strncmp(s, needle, n) == 0)
			return s;
	return NULL;
}

/* The line of text that starts with prefix (a whole first column), or NULL. The
 * returned line ends at '\n'. */
static inline const char *find_row(const char *text, const char *first_column)
{
	size_t n = strlen(first_column);

	for (const char *line = text; *line; ) {
		if (strncmp(line, first_column, n) == 0 && line[n] == ' ')
			return line;
		while (*line && *line != '\n')
			line++;
		if (*line)
			line++;
	}
	return NULL;
}

/* The n-th space-separated column (0 = first) of a row, as a number; -1 if absent. */
static inline int row_int(const char *row, int n)
{
	int col = 0, v = -1;

	while (*row && *row != '\n') {
		while (*row == ' ')
			row++;
		if (col == n && *row >= '0' && *row <= '9') {
			for (v = 0; *row >= '0' && *row <= '9'; row++)
				v = v * 10 + (*row - '0');
			return v;
		}
		while (*row && *row != ' ' && *row != '\n')
			row++;
		col++;
	}
	return v;
}

#endif
