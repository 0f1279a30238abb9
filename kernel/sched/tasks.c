/* kernel/sched/tasks.c - the list of all tasks (ps), pids, and task references. */
#include <irqlab/export.h>
#include <irqlab/mm.h>
#include <irqlab/sched.h>
#include <irqlab/slab.h>
#include "sched.h"

/* all_tasks and last_pid: under tasklist_lock (sched.h's lock order). */
static DEFINE_SPINLOCK(tasklist_lock);
static LIST_HEAD(all_tasks);
static int last_pid;

int alloc_pid(void)
{
	unsigned long flags;
	int pid;

	spin_lock_irqsave(&tasklist_lock, flags);
	pid = ++last_pid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return pid;
}

void task_list_add(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_add_tail(&p->tasks, &all_tasks);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

void task_list_del(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_del_init(&p->tasks);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

void for_each_task(void (*fn)(struct task_struct *t, void *arg), void *arg)
{
	struct task_struct *t;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(t, &all_tasks, tasks)
		fn(t, arg);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* A snapshot: another CPU may change the task while ps prints it. */
const char *task_state_name(const struct task_struct *t)
{
	if (t->flags & PF_IDLE)
		return "I (idle)";
	if (READ_ONCE(t->on_cpu))
		return "R (running)";
	switch (READ_ONCE(t->state)) {
	case TASK_RUNNING:          return "R (runnable)";
	case TASK_INTERRUPTIBLE:    return "S (sleeping)";
	case TASK_UNINTERRUPTIBLE:  return "D (blocked)";
	case TASK_DEAD:             return "X (dead)";
	default:                    return "?";
	}
}

void get_task_struct(struct task_struct *t)
{
	__atomic_add_fetch(&t->usage, 1, __ATOMIC_SEQ_CST);     /* LOCK ADD */
}
EXPORT_SYMBOL(get_task_struct);

void put_task_struct(struct task_struct *t)
{
	if (__atomic_sub_fetch(&t->usage, 1, __ATOMIC_SEQ_CST) != 0)
		return;
	if (t->stack)
		free_thread_stack(t->stack);
	kfree(t->full_name);
	kfree(t);
}
EXPORT_SYMBOL_GPL(put_task_struct);
