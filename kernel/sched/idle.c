/* kernel/sched/idle.c - each CPU's idle thread (pid 0): the boot thread becomes the boot
 * CPU's, and halts when there is nothing to run; every other CPU gets one of its own. */
#include <irqlab/mm.h>
#include <irqlab/sched.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "arch/x86/cpu.h"
#include "sched.h"

static struct task_struct boot_idle_task;
extern char boot_stack_bottom[];

/* cpu's idle thread, on stack, becomes what cpu runs first; cpu's run queue is empty. */
static void init_idle(struct task_struct *idle, void *stack, unsigned int cpu)
{
	struct rq *rq = per_cpu_ptr(&runqueues, cpu);

	spin_lock_init(&rq->lock);
	INIT_LIST_HEAD(&rq->rt_queue);
	INIT_LIST_HEAD(&rq->normal_queue);
	rq->cpu = cpu;
	if (cpu == 0)
		strlcpy(idle->comm, "idle", sizeof(idle->comm));
	else
		snprintf(idle->comm, sizeof(idle->comm), "idle/%u", cpu);
	idle->pid = 0;
	idle->flags = PF_IDLE | PF_NO_SETAFFINITY;
	idle->state = TASK_RUNNING;
	spin_lock_init(&idle->pi_lock);
	idle->cpu = (int)cpu;
	idle->on_cpu = 1;                       /* it is what cpu runs first */
	idle->cpus_mask = BIT(cpu);
	idle->nr_cpus_allowed = 1;
	idle->policy = SCHED_NORMAL;
	sched_init_nice(idle);
	idle->stack = stack;
	idle->usage = 1;
	INIT_LIST_HEAD(&idle->run_list);
	INIT_LIST_HEAD(&idle->tasks);
	init_completion(&idle->exited);
	set_stack_end_magic(idle);
	rq->idle = idle;
	per_cpu(current_task, cpu) = idle;
}

/* Turns the code that is running now (start_kernel on the boot stack) into a thread. */
void sched_init(void)
{
	init_idle(&boot_idle_task, boot_stack_bottom, 0);
	task_list_add(&boot_idle_task);
}

struct task_struct *idle_thread_create(unsigned int cpu)
{
	struct task_struct *idle = kzalloc(sizeof(*idle), GFP_KERNEL);
	void *stack = alloc_thread_stack();

	if (!idle || !stack) {
		kfree(idle);
		if (stack)
			free_thread_stack(stack);
		return NULL;
	}
	init_idle(idle, stack, cpu);
	task_list_add(idle);
	return idle;
}

/* Every CPU ends here, in its idle thread: the boot CPU at the end of start_kernel, the
 * others at the end of start_secondary() (arch/x86/smpboot.c). Each schedules its own
 * run queue: the threads bound to it (its ksoftirqd/N, threads made with
 * kthread_create_on_cpu()) and the unbound ones select_task_rq() sends it. Each CPU's
 * tick runs scheduler_tick() and the timers queued there; only the boot CPU's advances
 * jiffies (tick_handle()). Device interrupts go to the boot CPU until a line is moved,
 * so another CPU runs softirqs when something on it raised one. */
void cpu_idle(void)
{
	for (;;) {
		local_irq_disable();
		if (need_resched()) {
			local_irq_enable();
			schedule();
			continue;
		}
		/* STI;HLT: an interrupt that makes a thread runnable wakes the HLT - a device's,
		 * the tick's, or another CPU's reschedule IPI after it queued a thread here -
		 * and its exit path switches to that thread before we get here again. */
		native_safe_halt();
		/* Off again at once, as Linux's idle loop turns them off after its halt: an
		 * idle CPU takes interrupts only inside STI;HLT, so a debugger stopped in an
		 * interrupt finds it there (the README's gdb session), whatever the timing. */
		local_irq_disable();
		if (ktest_cpu_work_pending()) {
			local_irq_enable();
			ktest_cpu_work_poll();  /* a KTAP suite's function for this CPU */
		}
	}
}
