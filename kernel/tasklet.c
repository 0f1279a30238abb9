/* kernel/tasklet.c - tasklets on HI_SOFTIRQ and TASKLET_SOFTIRQ (include/irqlab/tasklet.h).
 *
 * Each CPU has two singly linked lists with a tail pointer (append in O(1)). The SCHED
 * bit says "on a list"; setting it only when it was clear is what makes a second
 * tasklet_schedule() before the run a no-op. The RUN bit is held while the function
 * runs; on SMP it keeps another CPU from running the same tasklet at once.
 */
#include <irqlab/interrupt.h>
#include <irqlab/panic.h>
#include <irqlab/sched.h>
#include <irqlab/softirq.h>
#include <irqlab/tasklet.h>
#include <irqlab/trace.h>
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
static u64 runs;

u64 tasklet_runs(void)
{
	return runs;
}

/* Interrupts are this CPU's lock over the state word and the lists. On SMP the state
 * bits need atomic test-and-set; these are written so only that changes. */
static bool test_and_set_state(struct tasklet_struct *t, int bit)
{
	bool was = t->state & BIT(bit);

	t->state |= BIT(bit);
	return was;
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

	local_irq_save(flags);
	if (!test_and_set_state(t, TASKLET_STATE_SCHED)) {
		tasklet_list_add_tail(head, t);
		raise_softirq_irqoff(softirq_nr);
	}
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

void tasklet_hi_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule_common(t, this_cpu_ptr(&tasklet_hi_vec), HI_SOFTIRQ);
}

static u32 tasklet_fn_addr(const struct tasklet_struct *t)
{
	return t->use_callback ? (u32)t->callback : (u32)t->func;
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
	runs++;
}

/* Runs one list. The whole list is taken at once, so a tasklet that reschedules itself
 * goes on the new list and runs in a later round, not in an endless loop here. */
static void tasklet_action_common(struct tasklet_head *tl_head, unsigned int softirq_nr)
{
	struct tasklet_struct *list;

	local_irq_disable();
	list = tl_head->head;
	tl_head->head = NULL;
	tl_head->tail = &tl_head->head;
	local_irq_enable();

	while (list) {
		struct tasklet_struct *t = list;

		list = list->next;
		/* LAB 4 BEGIN tasklet-action: run it once if enabled and not running; else requeue */
		local_irq_disable();
		if (!test_and_set_state(t, TASKLET_STATE_RUN)) {
			if (!READ_ONCE(t->count)) {
				/* Clear SCHED before the call: scheduling it from its own function
				 * must queue it again. */
				t->state &= ~BIT(TASKLET_STATE_SCHED);
				local_irq_enable();
				tasklet_call(t);
				local_irq_disable();
				t->state &= ~BIT(TASKLET_STATE_RUN);
				local_irq_enable();
				continue;
			}
			t->state &= ~BIT(TASKLET_STATE_RUN);
		}
		/* Disabled (or, on SMP, running elsewhere): back on the list, still SCHED,
		 * and the softirq raised again so it is looked at later. */
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
	t->count = 0;
	t->use_callback = false;
	t->func = func;
	t->data = data;
}

void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *))
{
	t->next = NULL;
	t->state = 0;
	t->count = 0;
	t->use_callback = true;
	t->callback = callback;
	t->data = 0;
}

void tasklet_disable_nosync(struct tasklet_struct *t)
{
	unsigned long flags;

	local_irq_save(flags);
	t->count++;
	local_irq_restore(flags);
}

static bool tasklet_is_running(struct tasklet_struct *t)
{
	return READ_ONCE(t->state) & BIT(TASKLET_STATE_RUN);
}

void tasklet_disable(struct tasklet_struct *t)
{
	tasklet_disable_nosync(t);
	/* On one CPU a tasklet cannot be mid-run while we are here unless we ARE it; on SMP
	 * this waits for the other CPU to finish it. */
	while (tasklet_is_running(t) && !in_serving_softirq())
		yield();
}

void tasklet_enable(struct tasklet_struct *t)
{
	unsigned long flags;

	local_irq_save(flags);
	if (WARN(t->count == 0, "tasklet_enable() of an enabled tasklet\n")) {
		local_irq_restore(flags);
		return;
	}
	t->count--;
	local_irq_restore(flags);
}

void tasklet_kill(struct tasklet_struct *t)
{
	if (WARN(in_interrupt(), "tasklet_kill() from interrupt context: refused\n"))
		return;
	/* Let it run (or wait for its run) until it is off the list; then it cannot be
	 * scheduled behind our back, because we hold SCHED ourselves. */
	for (;;) {
		unsigned long flags;
		bool was_sched;

		local_irq_save(flags);
		was_sched = test_and_set_state(t, TASKLET_STATE_SCHED);
		local_irq_restore(flags);
		if (!was_sched)
			break;
		local_bh_disable();
		local_bh_enable();      /* runs pending softirqs, and so the tasklet */
		if (t->count) {
			WARN(1, "tasklet_kill() of a disabled, scheduled tasklet: it cannot run\n");
			return;
		}
		yield();
	}
	while (tasklet_is_running(t))
		yield();
	t->state &= ~BIT(TASKLET_STATE_SCHED);
}

void tasklet_init_softirqs(void)
{
	struct tasklet_head *n = this_cpu_ptr(&tasklet_vec), *hi = this_cpu_ptr(&tasklet_hi_vec);

	n->head = NULL;
	n->tail = &n->head;
	hi->head = NULL;
	hi->tail = &hi->head;
	open_softirq(TASKLET_SOFTIRQ, tasklet_action);
	open_softirq(HI_SOFTIRQ, tasklet_hi_action);
}
