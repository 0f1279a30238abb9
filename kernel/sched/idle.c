/* kernel/sched/idle.c - the boot thread becomes pid 0, "idle", and halts when there is
 * nothing to run. */
#include <irqlab/sched.h>
#include <irqlab/string.h>
#include "arch/x86/cpu.h"
#include "sched.h"

static struct task_struct idle_task;
extern char boot_stack_bottom[];

/* Turns the code that is running now (start_kernel on the boot stack) into a thread. */
void sched_init(void)
{
	struct rq *rq = this_cpu_ptr(&runqueues);
	struct task_struct *idle = &idle_task;

	INIT_LIST_HEAD(&rq->rt_queue);
	INIT_LIST_HEAD(&rq->normal_queue);
	strlcpy(idle->comm, "idle", sizeof(idle->comm));
	idle->pid = 0;
	idle->state = TASK_RUNNING;
	idle->policy = SCHED_NORMAL;
	idle->stack = boot_stack_bottom;
	idle->usage = 1;
	INIT_LIST_HEAD(&idle->run_list);
	INIT_LIST_HEAD(&idle->tasks);
	init_completion(&idle->exited);
	set_stack_end_magic(idle);
	rq->idle = idle;
	this_cpu_write(current_task, idle);
	task_list_add(idle);
}

void cpu_idle(void)
{
	for (;;) {
		local_irq_disable();
		if (need_resched()) {
			local_irq_enable();
			schedule();
			continue;
		}
		/* STI;HLT: an interrupt that makes a thread runnable wakes the HLT, and its
		 * exit path switches to that thread before we get here again. */
		native_safe_halt();
	}
}
