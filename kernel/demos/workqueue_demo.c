/* kernel/demos/workqueue_demo.c - `demo workqueue`: who runs a work item, and when.
 *
 * Six items on four queues. Each item's function only records what it sees - its
 * thread, its context, the time, its place in the order of events - and maybe sleeps;
 * the shell prints it all afterwards. Three rules show up in the numbers: a sleeping
 * item does not hold up the next one (concurrency management), a max_active 1 queue
 * runs its items one after the other, and a high-priority item preempts the thread that
 * queued it. */
#include <irqlab/errno.h>
#include <irqlab/sched.h>
#include <irqlab/seq_file.h>
#include <irqlab/string.h>
#include <irqlab/workqueue.h>
#include "kernel/shell/shell.h"

struct demo_item {
	struct work_struct work;
	const char *label;
	struct workqueue_struct **wq;
	const char *qname;
	unsigned int sleep_ms;
	const char *what;
	/* what the function saw */
	char comm[TASK_COMM_LEN];
	int policy, rt_priority, nice;
	bool in_task, in_interrupt;
	unsigned int preempt;
	u64 start_ns, end_ns;
	int queued_seq, start_seq, end_seq;
};

static struct workqueue_struct *serial_wq;
static int seq;

static void demo_work_fn(struct work_struct *work)
{
	struct demo_item *it = container_of(work, struct demo_item, work);

	it->start_seq = ++seq;
	it->start_ns = ktime_get_ns();
	strlcpy(it->comm, current->comm, sizeof(it->comm));
	it->policy = current->policy;
	it->rt_priority = current->rt_priority;
	it->nice = task_nice(current);
	it->in_task = in_task();
	it->in_interrupt = in_interrupt();
	it->preempt = preempt_count();
	if (it->sleep_ms)
		msleep(it->sleep_ms);
	it->end_ns = ktime_get_ns();
	it->end_seq = ++seq;
}

static struct demo_item items[] = {
	{ .label = "A", .wq = &system_wq, .qname = "events", .sleep_ms = 100,
	  .what = "sleeps 100 ms in msleep()" },
	{ .label = "B", .wq = &system_wq, .qname = "events", .what = "returns at once" },
	{ .label = "C", .wq = &serial_wq, .qname = "demo_serial", .sleep_ms = 50,
	  .what = "sleeps 50 ms (demo_serial: max_active 1)" },
	{ .label = "D", .wq = &serial_wq, .qname = "demo_serial", .what = "returns at once" },
	{ .label = "E", .wq = &system_highpri_wq, .qname = "events_highpri",
	  .what = "returns at once" },
	{ .label = "F", .wq = &system_unbound_wq, .qname = "events_unbound",
	  .what = "returns at once" },
};
enum { A, B, C, D, E, F };

/* The rows of /proc/workqueues about this demo, while A and C sleep. */
static void print_snapshot(void)
{
	static char buf[4096];
	struct seq_file m = { .buf = buf, .size = sizeof(buf) };
	const struct proc_file *f = proc_file_find("/proc/workqueues");
	static const char *const keep[] = { "workqueue ", "events ", "demo_serial ", "events_highpri ",
					    "events_unbound ", "worker ", "kworker/" };

	if (!f || f->show(&m) < 0)
		return;
	for (char *line = buf, *end; *line; line = end) {
		end = strchr(line, '\n');
		end = end ? end + 1 : line + strlen(line);
		for (size_t k = 0; k < ARRAY_SIZE(keep); k++) {
			if (strncmp(line, keep[k], strlen(keep[k])) == 0) {
				kprintf("   %.*s", (int)(end - line), line);
				break;
			}
		}
	}
}

static u64 us_since(u64 t0, u64 t)
{
	return t > t0 ? (t - t0) / 1000 : 0;
}

static int demo_workqueue_run(int argc, char **argv)
{
	bool all_in_task = true;
	u64 t0;

	(void)argv;
	if (argc != 1)
		return shell_usage("demo");
	serial_wq = alloc_workqueue("demo_serial", 0, 1);
	if (!serial_wq) {
		kprintf("demo workqueue: cannot allocate demo_serial\n");
		return -ENOMEM;
	}
	kprintf("demo workqueue: six work items; each records which thread ran it, in what "
		"context and when.\n");
	for (size_t i = 0; i < ARRAY_SIZE(items); i++)
		kprintf("  %s on %-15s %s\n", items[i].label, items[i].qname, items[i].what);
	seq = 0;
	t0 = ktime_get_ns();
	for (size_t i = 0; i < ARRAY_SIZE(items); i++) {
		INIT_WORK(&items[i].work, demo_work_fn);
		items[i].comm[0] = '\0';
		items[i].queued_seq = ++seq;
		queue_work(*items[i].wq, &items[i].work);
	}
	msleep(20);
	kprintf("20 ms later, /proc/workqueues says:\n");
	print_snapshot();
	for (size_t i = 0; i < ARRAY_SIZE(items); i++)
		flush_work(&items[i].work);
	destroy_workqueue(serial_wq);

	kprintf("item queue           ran on          queued start  end  start_us    end_us  "
		"context\n");
	for (size_t i = 0; i < ARRAY_SIZE(items); i++) {
		struct demo_item *it = &items[i];
		char cls[16];

		if (it->policy == SCHED_FIFO)
			snprintf(cls, sizeof(cls), "SCHED_FIFO:%d", it->rt_priority);
		else
			snprintf(cls, sizeof(cls), "nice=%d", it->nice);
		kprintf("%-4s %-15s %-15s %6d %5d %4d %9llu %9llu  in_task()=%d in_interrupt()=%d "
			"preempt_count()=0x%08x %s\n", it->label,
			it->qname, it->comm,
			it->queued_seq, it->start_seq, it->end_seq, us_since(t0, it->start_ns),
			us_since(t0, it->end_ns), it->in_task, it->in_interrupt ? 1 : 0, it->preempt,
			cls);
	}

	for (size_t i = 0; i < ARRAY_SIZE(items); i++)
		all_in_task &= items[i].in_task;
	kprintf("What the numbers say:\n");
	if (items[E].start_seq < items[F].queued_seq)
		kprintf(" - E started (#%d) right after it was queued (#%d), before the shell "
			"queued F: %s runs at nice -20, so waking it preempted the shell (nice 0).\n",
			items[E].start_seq, items[E].queued_seq, items[E].comm);
	if (items[B].start_seq < items[A].end_seq && strcmp(items[A].comm, items[B].comm))
		kprintf(" - B started (#%d) before A ended (#%d), on another worker: when %s slept "
			"in msleep(), the scheduler told its pool (wq_worker_sleeping) and the pool "
			"woke %s.\n", items[B].start_seq, items[A].end_seq, items[A].comm,
			items[B].comm);
	if (items[D].start_seq > items[C].end_seq)
		kprintf(" - D started (#%d) only after C ended (#%d): demo_serial has max_active "
			"1.\n", items[D].start_seq, items[C].end_seq);
	kprintf(" - F ran on %s, a worker of the unbound pool: kworker/u<pool id>:<n>.\n",
		items[F].comm);
	if (all_in_task)
		kprintf(" - Every item ran in a kworker thread, in process context (in_task()=1): "
			"a work item may sleep.\n");
	return 0;
}
SHELL_DEMO(workqueue, "workqueue", "work items on four queues: who runs them, in what context",
	   demo_workqueue_run);
