/* kernel/shell/cmd_ps.c - `ps`: every thread, its state, scheduling class, and the CPU
 * it runs or last ran on (PSR, as Linux's ps -o psr). */
#include <irqlab/kthread.h>
#include <irqlab/sched.h>
#include "shell.h"

static void ps_row(struct task_struct *t, void *arg)
{
	char cls[12], name[64];         /* 64: Linux's buffer for a kthread's full name */

	(void)arg;
	if (t->policy == SCHED_FIFO)
		snprintf(cls, sizeof(cls), "FIFO %2d", t->rt_priority);
	else
		snprintf(cls, sizeof(cls), "NORMAL");
	get_kthread_comm(name, sizeof(name), t);
	kprintf("%5d  %-14s %-8s %3d %8llu %8llu %8llu  %s\n", t->pid, task_state_name(t),
		cls, READ_ONCE(t->cpu), t->ticks, t->nvcsw, t->nivcsw, name);
}

static int cmd_ps(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage("ps");
	kprintf("%5s  %-14s %-8s %3s %8s %8s %8s  %s\n", "PID", "STATE", "CLASS", "PSR",
		"TICKS", "VOLSW", "INVOLSW", "NAME");
	for_each_task(ps_row, NULL);
	return 0;
}
SHELL_CMD(ps, "", "list the threads: state, class, CPU, ticks, switches", cmd_ps);
