/* kernel/kthread.c - creating, running and stopping kernel threads. */
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/kthread.h>
#include <irqlab/mm.h>
#include <irqlab/modleak.h>
#include <irqlab/panic.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "sched/sched.h"

/* A new thread's stack is made to look like one that called __switch_to_asm: four
 * callee-saved registers (zero: EBP = 0 also ends backtraces) and a return address,
 * ret_from_kernel_thread, which calls kthread_entry() below. */
static void kthread_stack_init(struct task_struct *p)
{
	u32 *sp = (u32 *)((char *)p->stack + THREAD_SIZE);

	*--sp = 0;                              /* a fake return address for backtraces */
	*--sp = (u32)ret_from_kernel_thread;
	*--sp = 0;                              /* ebp */
	*--sp = 0;                              /* ebx */
	*--sp = 0;                              /* esi */
	*--sp = 0;                              /* edi */
	p->sp = (u32)sp;
}

struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *namefmt, ...)
{
	struct task_struct *p;
	va_list ap;
	int len;

	might_sleep();
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return NULL;
	p->stack = alloc_thread_stack();
	if (!p->stack) {
		kfree(p);
		return NULL;
	}
	va_start(ap, namefmt);
	len = vsnprintf(p->comm, sizeof(p->comm), namefmt, ap);
	va_end(ap);
	if (len >= TASK_COMM_LEN) {
		/* Cut in comm; the whole name is kept for ps. Without memory it stays cut. */
		p->full_name = kmalloc((size_t)len + 1, GFP_KERNEL);
		if (p->full_name) {
			va_start(ap, namefmt);
			vsnprintf(p->full_name, (size_t)len + 1, namefmt, ap);
			va_end(ap);
		}
	}
	p->pid = alloc_pid();
	p->state = TASK_UNINTERRUPTIBLE;        /* Linux: created stopped, run on wake-up */
	p->policy = SCHED_NORMAL;
	sched_init_nice(p);
	p->threadfn = threadfn;
	p->creator = (unsigned long)__builtin_return_address(0);
	p->data = data;
	spin_lock_init(&p->pi_lock);
	p->cpu = 0;
	p->cpus_mask = task_default_cpus_mask();
	p->nr_cpus_allowed = cpumask_weight(p->cpus_mask);
	/* Two references: the thread's own, dropped when it dies, and its creator's, dropped
	 * by kthread_stop() (or put_task_struct() for a thread nobody will stop). Without
	 * the second, a thread that returns on its own would be freed under a later
	 * kthread_stop(). */
	p->usage = 2;
	INIT_LIST_HEAD(&p->run_list);
	INIT_LIST_HEAD(&p->tasks);
	init_completion(&p->exited);
	set_stack_end_magic(p);
	kthread_stack_init(p);
	task_list_add(p);
	return p;
}
EXPORT_SYMBOL(kthread_create);

void kthread_bind(struct task_struct *p, unsigned int cpu)
{
	unsigned long flags;

	spin_lock_irqsave(&p->pi_lock, flags);
	if (WARN_ON_ONCE(p->state != TASK_UNINTERRUPTIBLE || p->on_rq || !cpu_online(cpu))) {
		spin_unlock_irqrestore(&p->pi_lock, flags);
		return;                 /* only a created, never woken thread is bound */
	}
	p->cpu = (int)cpu;
	p->cpus_mask = BIT(cpu);
	p->nr_cpus_allowed = 1;
	p->flags |= PF_NO_SETAFFINITY;
	spin_unlock_irqrestore(&p->pi_lock, flags);
}
EXPORT_SYMBOL(kthread_bind);

struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data,
					  unsigned int cpu, const char *namefmt)
{
	struct task_struct *p = kthread_create(threadfn, data, namefmt, cpu);

	if (p)
		kthread_bind(p, cpu);
	return p;
}
EXPORT_SYMBOL(kthread_create_on_cpu);

/* Where every kthread starts (from ret_from_kernel_thread), with interrupts off and
 * preemption disabled, as schedule() left them when it switched here. */
void __noreturn kthread_entry(void)
{
	struct task_struct *self = current;

	schedule_tail();
	local_irq_enable();
	self->exit_code = self->threadfn(self->data);

	/* The end: tell kthread_stop(), leave the task list, and switch away for good. The
	 * next thread to run frees us (finish_task_switch), once we are off this stack. */
	local_irq_disable();
	complete_all(&self->exited);
	task_list_del(self);
	self->state = TASK_DEAD;
	schedule();
	panic("dead thread %s was scheduled again", self->comm);
}

void get_kthread_comm(char *buf, size_t buf_size, struct task_struct *tsk)
{
	strlcpy(buf, tsk->full_name ? tsk->full_name : tsk->comm, buf_size);
}

bool kthread_should_stop(void)
{
	return READ_ONCE(current->should_stop);
}
EXPORT_SYMBOL(kthread_should_stop);

int kthread_stop(struct task_struct *k)
{
	int ret;

	might_sleep();
	WRITE_ONCE(k->should_stop, true);
	wake_up_process(k);
	wait_for_completion(&k->exited);
	ret = k->exit_code;
	put_task_struct(k);
	return ret;
}
EXPORT_SYMBOL(kthread_stop);

static void kthread_scan_one(struct task_struct *t, void *arg)
{
	struct mod_leak_scan *s = arg;
	struct mod_leak *l;

	if (!mod_leak_within(s, t->threadfn) || !(l = mod_leak_add(s)))
		return;
	snprintf(l->what, sizeof(l->what), "kthread %d", t->pid);
	l->fn = (unsigned long)t->threadfn;
	snprintf(l->name, sizeof(l->name), "%s", t->comm);
	snprintf(l->state, sizeof(l->state), "alive");
	l->api = "kthread_create";
	l->caller = t->creator;
}

/* A thread on the task list has not returned from threadfn yet (kthread_entry). */
void kthread_scan_module_leaks(struct mod_leak_scan *s)
{
	for_each_task(kthread_scan_one, s);
}
