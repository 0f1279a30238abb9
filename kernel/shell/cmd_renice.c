/* kernel/shell/cmd_renice.c - `renice [-n] N [-p] PID...`: a thread's nice level, as
 * Linux's renice sets a process's, with its messages. A busy thread's share of its CPU
 * follows (kernel/sched/nice.c): watch its TICKS in `ps`. */
#include <irqlab/errno.h>
#include <irqlab/kstrtox.h>
#include <irqlab/sched.h>
#include <irqlab/string.h>
#include "shell.h"

struct pid_lookup {
	int pid;
	struct task_struct *found;      /* with a reference taken */
};

static void match_pid(struct task_struct *t, void *arg)
{
	struct pid_lookup *l = arg;

	/* pid 0 is every CPU's idle thread: not one a user can name. */
	if (!l->found && t->pid == l->pid && !(t->flags & PF_IDLE)) {
		get_task_struct(t);
		l->found = t;
	}
}

static int cmd_renice(int argc, char **argv)
{
	int i = 1, nice, ret = 0;

	if (i < argc && strcmp(argv[i], "-n") == 0)
		i++;
	if (i >= argc || kstrtoint(argv[i], 10, &nice))
		return shell_usage("renice");
	if (++i < argc && strcmp(argv[i], "-p") == 0)
		i++;
	if (i >= argc)
		return shell_usage("renice");
	/* Linux's renice takes any number and the kernel clamps it to -20..19. */
	if (nice < MIN_NICE)
		nice = MIN_NICE;
	if (nice > MAX_NICE)
		nice = MAX_NICE;
	for (; i < argc; i++) {
		struct pid_lookup l = { 0, NULL };
		int old;

		if (kstrtoint(argv[i], 10, &l.pid) || l.pid <= 0) {
			kprintf("renice: bad process ID value: %s\n", argv[i]);
			ret = -EINVAL;
			continue;
		}
		for_each_task(match_pid, &l);
		if (!l.found) {
			kprintf("renice: failed to get priority for %d (process ID): %s\n", l.pid,
				shell_strerror(-ESRCH));
			ret = -ESRCH;
			continue;
		}
		old = task_nice(l.found);
		set_user_nice(l.found, nice);
		kprintf("%d (process ID) old priority %d, new priority %d\n", l.pid, old,
			task_nice(l.found));
		put_task_struct(l.found);
	}
	return ret;
}
SHELL_CMD(renice, "[-n] <nice -20..19> [-p] <pid>...",
	  "set threads' nice level: a busy thread's share of its CPU follows", cmd_renice);
