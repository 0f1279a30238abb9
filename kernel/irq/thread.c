/* kernel/irq/thread.c - threaded interrupt handlers: the irq/N-name threads.
 *
 * request_threaded_irq() splits a handler in two. The primary handler runs in hard-IRQ
 * context as any handler does; it looks at its device, quiets it, and returns
 * IRQ_WAKE_THREAD. The core then wakes the action's thread, irq/N-name, a SCHED_FIFO
 * thread of priority 50, which runs thread_fn in process context: it may sleep, take a
 * mutex, wait for the device. Being real-time, it runs before every SCHED_NORMAL thread
 * as soon as the interrupt returns.
 *
 * With IRQF_ONESHOT the flow handler masks the line before the primary handler runs and
 * leaves it masked until thread_fn has returned (irq_finalize_oneshot): a level-triggered
 * device that only thread_fn can quiet would otherwise raise the line again at once.
 * Each ONESHOT action owns one bit of desc->threads_oneshot while its thread_fn is owed;
 * the line is unmasked when the last bit clears, unless it was disabled meanwhile.
 *
 * Locks: the thread and the line's CPU (any CPU) meet here. action->thread_flags
 * changes only by atomic bitops. The line's CPU changes threads_oneshot and
 * threads_active while it runs the actions, desc->lock dropped but IRQS_INPROGRESS set;
 * the thread changes them under desc->lock, and only once IRQS_INPROGRESS is clear
 * (irq_thread_finish), as Linux's irq_finalize_oneshot() waits: the two never write them
 * at once.
 */
#include <irqlab/atomic.h>
#include <irqlab/errno.h>
#include <irqlab/kthread.h>
#include <irqlab/panic.h>
#include <irqlab/sched.h>
#include <irqlab/trace.h>
#include "internal.h"

/* The primary handler of request_threaded_irq(irq, NULL, thread_fn, IRQF_ONESHOT, ...):
 * nothing to do in hard-IRQ context but wake the thread. Without IRQF_ONESHOT a level
 * line would fire again the moment it is unmasked, which is why that is refused. */
irqreturn_t irq_default_primary_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	return IRQ_WAKE_THREAD;
}

/* Hard-IRQ context, from handle_irq_event(): IRQS_INPROGRESS set, desc->lock not held.
 * A second wake-up before the thread got to run is one run: the flag is already set. */
void __irq_wake_thread(struct irq_desc *desc, struct irqaction *action)
{
	/* LAB 5 BEGIN irq-wake-thread: ask the thread for one run, owe its ONESHOT bit, wake it */
	if (test_and_set_bit(IRQTF_RUNTHREAD, &action->thread_flags))
		return;
	desc->threads_oneshot |= action->thread_mask;
	desc->threads_active++;
	wake_up_process(action->thread);
	/* LAB 5 STUB
	(void)desc;
	wake_up_process(action->thread);
	LAB 5 END */
}

/* Sleeps until the primary handler asks for a run (0), or until the thread is told to
 * stop (-1). A run that is owed is still made when the stop comes: its thread_fn must
 * not be lost, and synchronize_irq() counts on it. */
static int irq_wait_for_interrupt(struct irqaction *action)
{
	for (;;) {
		/* The state first, then the checks: a wake-up between them makes schedule()
		 * return at once instead of sleeping through it. */
		set_current_state(TASK_INTERRUPTIBLE);
		if (test_and_clear_bit(IRQTF_RUNTHREAD, &action->thread_flags)) {
			__set_current_state(TASK_RUNNING);
			return 0;
		}
		if (kthread_should_stop()) {
			__set_current_state(TASK_RUNNING);
			return -1;
		}
		schedule();
	}
}

/* After thread_fn: give the line back if this was the last ONESHOT thread it waited
 * for. desc->lock held, IRQS_INPROGRESS clear. True when an interrupt the mask held back
 * must be raised again (irq_resend, once the lock is dropped). */
static bool irq_finalize_oneshot(struct irq_desc *desc, struct irqaction *action)
{
	if (!(desc->istate & IRQS_ONESHOT))
		return false;
	/* LAB 5 BEGIN oneshot-unmask: drop this thread's bit; the last one out unmasks the line */
	/* Woken again while it ran (possible only for an interrupt raised from software
	 * past the mask): it runs once more, and unmasks then. */
	if (test_bit(IRQTF_RUNTHREAD, &action->thread_flags))
		return false;
	desc->threads_oneshot &= ~action->thread_mask;
	/* disable_irq() while the thread ran keeps the line off: enable_irq() unmasks it. */
	if (!desc->threads_oneshot && !(desc->istate & IRQS_DISABLED) &&
	    (desc->istate & IRQS_MASKED)) {
		unmask_irq(desc);
		return check_irq_resend(desc);  /* an interrupt held while masked */
	}
	return false;
	/* LAB 5 STUB
	desc->threads_oneshot = 0;
	unmask_irq(desc);
	(void)action;
	return false;
	LAB 5 END */
}

/* After thread_fn has returned: counts it, gives back a ONESHOT line, and lets
 * synchronize_irq() go on. Takes desc->lock once the line's CPU has left the actions:
 * until then that CPU may be changing threads_oneshot and threads_active without the
 * lock (Linux's irq_finalize_oneshot waits the same way). Process context. */
static void irq_thread_finish(struct irq_desc *desc, struct irqaction *action,
			      irqreturn_t ret)
{
	unsigned long flags;
	bool resend, last;

	for (;;) {
		raw_spin_lock_irqsave(&desc->lock, flags);
		if (!(desc->istate & IRQS_INPROGRESS))
			break;
		raw_spin_unlock_irqrestore(&desc->lock, flags);
		cpu_relax();
	}
	if (ret == IRQ_HANDLED)
		action->handled++;
	resend = irq_finalize_oneshot(desc, action);
	if (resend) {
		/* The interrupt held while masked is raised before this run stops counting,
		 * so that synchronize_irq() cannot return between the two. */
		raw_spin_unlock_irqrestore(&desc->lock, flags);
		irq_resend(desc);
		raw_spin_lock_irqsave(&desc->lock, flags);
	}
	last = --desc->threads_active == 0;
	raw_spin_unlock_irqrestore(&desc->lock, flags);
	if (last)
		wake_up_all(&desc->wait_for_threads);
}

static int irq_thread(void *data)
{
	struct irqaction *action = data;
	struct irq_desc *desc = irq_to_desc(action->irq);

	while (!irq_wait_for_interrupt(action)) {
		irqreturn_t ret;

		irq_thread_check_affinity(desc, action);
		trace_event(TRACE_IRQ_THREAD_ENTRY, action->irq, (u32)action->thread_fn);
		ret = action->thread_fn((int)action->irq, action->dev_id);
		trace_event(TRACE_IRQ_THREAD_EXIT, action->irq, (u32)action->thread_fn);
		irq_thread_finish(desc, action, ret);
	}
	return 0;
}

int irq_setup_thread(struct irqaction *action)
{
	struct task_struct *t;

	/* The name is cut to TASK_COMM_LEN - 1 characters in comm, as Linux cuts it; ps
	 * shows the whole of it (get_kthread_comm). */
	t = kthread_create(irq_thread, action, "irq/%u-%s", action->irq, action->name);
	if (!t)
		return -ENOMEM;
	/* Linux's sched_set_fifo(): the middle of the real-time range, MAX_RT_PRIO / 2. */
	if (sched_setscheduler(t, SCHED_FIFO, MAX_RT_PRIO / 2))
		panic("irq thread %s: SCHED_FIFO %d refused", t->comm, MAX_RT_PRIO / 2);
	/* On its line's CPU from the first run, not wherever an unbound thread would go, and
	 * following the line from there (Linux's __setup_irq sets IRQTF_AFFINITY too): the
	 * request may yet move the line to the default affinity. */
	(void)set_cpus_allowed_ptr(t, irq_get_effective_affinity(action->irq));
	set_bit(IRQTF_AFFINITY, &action->thread_flags);
	action->thread = t;
	return 0;
}

void irq_stop_thread(struct irqaction *action)
{
	if (!action->thread)
		return;
	kthread_stop(action->thread);
	action->thread = NULL;
}
