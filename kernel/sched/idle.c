/* kernel/sched/idle.c - each CPU's idle thread (pid 0): the boot thread becomes the boot
 * CPU's, and halts when there is nothing to run; every other CPU gets one of its own. */
#include <irqlab/mm.h>
#include <irqlab/sched.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "arch/x86/cpu.h"
#include "sched.h"

static struct task_struct idle_task;
extern char boot_stack_bottom[];

/* cpu's idle thread, on stack, becomes what cpu runs first; cpu's run queue is empty. */
static void init_idle(struct task_struct *idle, void *stack, unsigned int cpu)
{
	struct rq *rq = per_cpu_ptr(&runqueues, cpu);

	INIT_LIST_HEAD(&rq->rt_queue);
	INIT_LIST_HEAD(&rq->normal_queue);
	if (cpu == 0)
		strlcpy(idle->comm, "idle", sizeof(idle->comm));
	else
		snprintf(idle->comm, sizeof(idle->comm), "idle/%u", cpu);
	idle->pid = 0;
	idle->state = TASK_RUNNING;
	idle->policy = SCHED_NORMAL;
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
	init_idle(&idle_task, boot_stack_bottom, 0);
	task_list_add(&idle_task);
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
	return idle;
}

/* What a CPU other than the boot CPU does once it is up - a deliberate intermediate
 * state, until the scheduler runs threads on every CPU:
 *
 *   it does: run on its own GDT, TSSs, per-CPU area, idle thread and stack; keep its
 *     LAPIC enabled and its LAPIC timer ticking; take that tick with interrupts on,
 *     count it in its own LOC, EOI it, and halt again.
 *   it does not: advance jiffies (only the boot CPU's tick does, tick_handle()); run
 *     timers, softirqs, tasklets or work (nothing raises them on it: its tick runs no
 *     timers, device interrupts go to the boot CPU alone, and its pools do not exist);
 *     run any thread but its idle thread, or look at any run queue but its own, which
 *     stays empty (wake_up_process() and kthreads use the boot CPU's); appear in the
 *     task list (ps).
 *
 * So nothing it touches is shared with the boot CPU except printk (under logbuf_lock)
 * and the LAPIC's error and spurious counts, which are statistics. */
void __noreturn cpu_idle_secondary(void)
{
	for (;;) {
		native_safe_halt();
		ktest_cpu_work_poll();
	}
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
