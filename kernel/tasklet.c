/* kernel/tasklet.c - tasklets on HI_SOFTIRQ and TASKLET_SOFTIRQ (include/irqlab/tasklet.h).
 *
 * Each CPU has two singly linked lists with a tail pointer (append in O(1)). The SCHED
 * bit says "on a list"; setting it only when it was clear is what makes a second
 * tasklet_schedule() before the run a no-op. The RUN bit is held while the function
 * runs; on SMP it keeps another CPU from running the same tasklet at once.
 *
 * Locks: the lists are per-CPU, touched only by their own CPU with interrupts off (a
 * tasklet_schedule() from this CPU's hard-IRQ handler is the only other party). The
 * state word is shared by every CPU that schedules, runs, disables or kills the tasklet,
 * so its bits change only by LOCKed bit operations: of two CPUs scheduling one tasklet
 * at once exactly one wins SCHED and queues it, and of two CPUs that find it on their
 * lists (it was scheduled again on one while it ran on the other) exactly one wins RUN;
 * the loser puts it back on its own list and looks again later.
 */
#include <irqlab/atomic.h>
#include <irqlab/bench_stamp.h>
#include <irqlab/export.h>
#include <irqlab/interrupt.h>
#include <irqlab/modleak.h>
#include <irqlab/panic.h>
#include <irqlab/sched.h>
#include <irqlab/smp.h>
#include <irqlab/softirq.h>
#include <irqlab/tasklet.h>
#include <irqlab/trace.h>
#include <irqlab/vsprintf.h>
#include <irqlab/workqueue.h>

struct tasklet_head {
	struct tasklet_struct *head;
	struct tasklet_struct **tail;
};

static DEFINE_PER_CPU(struct tasklet_head, tasklet_vec);
static DEFINE_PER_CPU(struct tasklet_head, tasklet_hi_vec);
/* The tasklet whose function this CPU called last. Off its list while it runs, it would
 * be invisible to a debugger; irqlab-tasklets (tools/gdb) shows it as running while its
 * RUN bit is set and this CPU is serving a softirq. One store per run, never cleared:
 * the RUN bit says whether it is still running. Per-CPU, written only in softirq context. */
static DEFINE_PER_CPU(struct tasklet_struct *, tasklet_running);
/* Tasklet functions this CPU has run. Per-CPU, written only in its softirq context. */
static DEFINE_PER_CPU(u64, tasklet_run_count);
/* Times this CPU found a tasklet on its list with RUN held (running on another CPU) and
 * put it back: the RUN bit at work (demo tasklet-smp). Per-CPU, written only in its
 * softirq context, on the contended path alone. */
static DEFINE_PER_CPU(u32, tasklet_run_held_count);

u32 tasklet_run_held(unsigned int cpu)
{
	return per_cpu(tasklet_run_held_count, cpu);
}

u64 tasklet_runs_on(unsigned int cpu)
{
	return per_cpu(tasklet_run_count, cpu);
}

u64 tasklet_runs(void)
{
	u64 sum = 0;
	unsigned int cpu;

	for_each_online_cpu(cpu)
		sum += per_cpu(tasklet_run_count, cpu);
	return sum;
}

/* Linux's names: the RUN bit is a lock that is only ever tried, never waited for in
 * softirq context. (Unused in lab 4's student tree, whose tasklet_action is a stub.)
 * Taking it must test and set in one LOCKed instruction: of two CPUs that find the
 * tasklet on their lists at once, exactly one may see it clear. */
/* LAB 6 BEGIN tasklet-run-bit: the RUN bit as a lock: take it only if no CPU holds it */
static inline __maybe_unused bool tasklet_trylock(struct tasklet_struct *t)
{
	return !test_and_set_bit(TASKLET_STATE_RUN, &t->state);
}

static inline __maybe_unused void tasklet_unlock(struct tasklet_struct *t)
{
	clear_bit(TASKLET_STATE_RUN, &t->state);
}
/* LAB 6 STUB
static inline __maybe_unused bool tasklet_trylock(struct tasklet_struct *t)
{
	(void)t;
	return true;
}

static inline __maybe_unused void tasklet_unlock(struct tasklet_struct *t)
{
	(void)t;
}
LAB 6 END */

static void tasklet_unlock_wait(struct tasklet_struct *t)
{
	while (test_bit(TASKLET_STATE_RUN, &t->state))
		yield();
}

/* Appends t in O(1) through the tail pointer. Interrupts must be off. (Maybe unused:
 * in lab 4's student tree the regions that call it are stubs.) */
static inline __maybe_unused void tasklet_list_add_tail(struct tasklet_head *head, struct tasklet_struct *t)
{
	t->next = NULL;
	*head->tail = t;
	head->tail = &t->next;
}

static void __tasklet_schedule_common(struct tasklet_struct *t, struct tasklet_head *head,
				      unsigned int softirq_nr)
{
	/* LAB 4 BEGIN tasklet-schedule: queue it and raise the softirq, unless already SCHED */
	unsigned long flags;

	if (test_and_set_bit(TASKLET_STATE_SCHED, &t->state))
		return;                 /* queued already, here or on another CPU */
	local_irq_save(flags);          /* this CPU's list: only its own IRQs compete */
	tasklet_list_add_tail(head, t);
	raise_softirq_irqoff(softirq_nr);
	local_irq_restore(flags);
	/* LAB 4 STUB
	(void)head;
	(void)softirq_nr;
	if (t->use_callback)
		t->callback(t);
	else
		t->func(t->data);
	LAB 4 END */
}

void tasklet_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule_common(t, this_cpu_ptr(&tasklet_vec), TASKLET_SOFTIRQ);
}
EXPORT_SYMBOL(tasklet_schedule);

void tasklet_hi_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule_common(t, this_cpu_ptr(&tasklet_hi_vec), HI_SOFTIRQ);
}
EXPORT_SYMBOL(tasklet_hi_schedule);

static u32 tasklet_fn_addr(const struct tasklet_struct *t)
{
	return t->use_callback ? (u32)t->callback : (u32)t->func;
}

/* The module leak checker's look at one CPU's lists. The lists are that CPU's alone,
 * touched with interrupts off: this runs there, in a function call IPI, interrupts off,
 * so no list changes under it. A tasklet that is running there now was interrupted by
 * the IPI, with its RUN bit set and tasklet_running pointing at it. */
struct tasklet_scan {
	struct mod_leak_scan *s;
	unsigned int cpu;
};

static void tasklet_scan_one(struct mod_leak_scan *s, struct tasklet_struct *t,
			     unsigned int cpu, const char *state)
{
	struct mod_leak *l;

	if ((!mod_leak_within(s, t) && !mod_leak_within(s, (void *)tasklet_fn_addr(t))) ||
	    !(l = mod_leak_add(s)))
		return;
	snprintf(l->what, sizeof(l->what), "tasklet");
	l->fn = tasklet_fn_addr(t);
	if (t->caller) {
		l->api = t->use_callback ? "tasklet_setup" : "tasklet_init";
		l->caller = t->caller;
	}
	snprintf(l->state, sizeof(l->state), "%s on CPU %u", state, cpu);
}

static void tasklet_scan_cpu(void *arg)
{
	struct tasklet_scan *ts = arg;
	struct tasklet_struct *t, *running = this_cpu_read(tasklet_running);

	for (t = this_cpu_ptr(&tasklet_vec)->head; t; t = t->next)
		tasklet_scan_one(ts->s, t, ts->cpu, "scheduled");
	for (t = this_cpu_ptr(&tasklet_hi_vec)->head; t; t = t->next)
		tasklet_scan_one(ts->s, t, ts->cpu, "scheduled (hi)");
	if (running && in_serving_softirq() && test_bit(TASKLET_STATE_RUN, &running->state))
		tasklet_scan_one(ts->s, running, ts->cpu, "running");
}

void tasklet_scan_module_leaks(struct mod_leak_scan *s)
{
	struct tasklet_scan ts = { .s = s };

	/* One CPU at a time, each call waited for: s is filled by one CPU at once. */
	for_each_online_cpu(ts.cpu)
		smp_call_function_single(ts.cpu, tasklet_scan_cpu, &ts, true);
}

/* Calls t's function, traced. Softirq context, interrupts on. */
static void tasklet_call(struct tasklet_struct *t)
{
	this_cpu_write(tasklet_running, t);
	trace_event(TRACE_TASKLET_ENTRY, tasklet_fn_addr(t), (u32)t);
	if (t->use_callback)
		t->callback(t);
	else
		t->func(t->data);
	trace_event(TRACE_TASKLET_EXIT, tasklet_fn_addr(t), (u32)t);
	(*this_cpu_ptr(&tasklet_run_count))++;   /* softirq context: this CPU throughout */
}

/* Runs one list. The whole list is taken at once, so a tasklet that reschedules itself
 * goes on the new list and runs in a later round, not in an endless loop here. */
static void tasklet_action_common(struct tasklet_head *tl_head, unsigned int softirq_nr)
{
	struct tasklet_struct *list;

	bench_stamp(BS_TASKLET);
	local_irq_disable();
	list = tl_head->head;
	tl_head->head = NULL;
	tl_head->tail = &tl_head->head;
	local_irq_enable();

	while (list) {
		struct tasklet_struct *t = list;

		list = list->next;
		/* LAB 4 BEGIN tasklet-action: run it once if enabled and not running; else requeue */
		if (tasklet_trylock(t)) {
			if (!atomic_read(&t->count)) {
				/* Clear SCHED before the call: scheduling it from its own function
				 * (or from another CPU while it runs) must queue it again. */
				if (!test_and_clear_bit(TASKLET_STATE_SCHED, &t->state))
					BUG();  /* on our list without SCHED: the list is corrupt */
				tasklet_call(t);
				tasklet_unlock(t);
				continue;
			}
			tasklet_unlock(t);
		} else {
			(*this_cpu_ptr(&tasklet_run_held_count))++;
			trace_event(TRACE_TASKLET_RUN_HELD, tasklet_fn_addr(t), (u32)t);
		}
		/* Disabled, or running on another CPU: back on the list, still SCHED, and the
		 * softirq raised again so it is looked at later. */
		local_irq_disable();
		tasklet_list_add_tail(tl_head, t);
		__raise_softirq_irqoff(softirq_nr);
		local_irq_enable();
		/* LAB 4 STUB
		(void)softirq_nr;
		tasklet_call(t);
		t->state &= ~BIT(TASKLET_STATE_SCHED);
		LAB 4 END */
	}
}

/* BH work items (WQ_BH queues) run first, then the tasklets, as in Linux 6.9. */
static void tasklet_action(struct softirq_action *a)
{
	(void)a;
	workqueue_softirq_action(false);
	tasklet_action_common(this_cpu_ptr(&tasklet_vec), TASKLET_SOFTIRQ);
}

static void tasklet_hi_action(struct softirq_action *a)
{
	(void)a;
	workqueue_softirq_action(true);
	tasklet_action_common(this_cpu_ptr(&tasklet_hi_vec), HI_SOFTIRQ);
}

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data)
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->use_callback = false;
	t->func = func;
	t->data = data;
	t->caller = (unsigned long)__builtin_return_address(0);
}
EXPORT_SYMBOL(tasklet_init);

void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *))
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->use_callback = true;
	t->callback = callback;
	t->data = 0;
	t->caller = (unsigned long)__builtin_return_address(0);
}
EXPORT_SYMBOL(tasklet_setup);

/* t->count changes only by LOCKed adds, so that CPUs disabling and enabling one
 * tasklet at once lose no step. */
void tasklet_disable_nosync(struct tasklet_struct *t)
{
	atomic_inc(&t->count);
}
EXPORT_SYMBOL(tasklet_disable_nosync);      /* Linux's are inlines: modules use them */

void tasklet_disable(struct tasklet_struct *t)
{
	tasklet_disable_nosync(t);
	/* A run that began on another CPU before the count went up ends first. From the
	 * tasklet itself (softirq context) there is nothing to wait for but ourselves. */
	if (!in_serving_softirq())
		tasklet_unlock_wait(t);
}
EXPORT_SYMBOL(tasklet_disable);

void tasklet_enable(struct tasklet_struct *t)
{
	if (WARN(atomic_add_return(-1, &t->count) < 0,
		 "tasklet_enable() of an enabled tasklet\n"))
		atomic_inc(&t->count);
}
EXPORT_SYMBOL(tasklet_enable);

void tasklet_kill(struct tasklet_struct *t)
{
	if (WARN(in_interrupt(), "tasklet_kill() from interrupt context: refused\n"))
		return;
	/* Let it run (or wait for its run) until it is off the list; then it cannot be
	 * scheduled behind our back, because we hold SCHED ourselves. */
	while (test_and_set_bit(TASKLET_STATE_SCHED, &t->state)) {
		local_bh_disable();
		local_bh_enable();      /* runs pending softirqs, and so the tasklet */
		if (atomic_read(&t->count)) {
			WARN(1, "tasklet_kill() of a disabled, scheduled tasklet: it cannot run\n");
			return;
		}
		yield();
	}
	tasklet_unlock_wait(t);         /* a run on another CPU */
	clear_bit(TASKLET_STATE_SCHED, &t->state);
}
EXPORT_SYMBOL(tasklet_kill);

void tasklet_init_cpu(void)
{
	struct tasklet_head *n = this_cpu_ptr(&tasklet_vec), *hi = this_cpu_ptr(&tasklet_hi_vec);

	n->head = NULL;
	n->tail = &n->head;
	hi->head = NULL;
	hi->tail = &hi->head;
}

void tasklet_init_softirqs(void)
{
	tasklet_init_cpu();
	open_softirq(TASKLET_SOFTIRQ, tasklet_action);
	open_softirq(HI_SOFTIRQ, tasklet_hi_action);
}
