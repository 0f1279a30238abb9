/* kernel/shell/cmd_bt.c - `bt all` and `bt <cpu>`: what each CPU is running right now,
 * through an NMI (Linux's sysrq-l, "show backtrace of all active CPUs"). */
#include <irqlab/errno.h>
#include <irqlab/cpumask.h>
#include <irqlab/nmi.h>
#include <irqlab/string.h>
#include "shell.h"

static int cmd_bt(int argc, char **argv)
{
	const char *a = argc == 2 ? argv[1] : "";

	if (!strcmp(a, "all")) {
		trigger_all_cpu_backtrace();
		return 0;
	}
	/* One digit: NR_CPUS is 8. */
	if (a[0] < '0' || a[0] >= '0' + NR_CPUS || a[1])
		return shell_usage("bt");
	if (!cpu_online((unsigned int)(a[0] - '0'))) {
		kprintf("bt: CPU %c is not online\n", a[0]);
		return -ENXIO;
	}
	trigger_single_cpu_backtrace((unsigned int)(a[0] - '0'));
	return 0;
}
SHELL_CMD(bt, "<all|cpu>", "NMI backtrace of every CPU (sysrq-l), or of one", cmd_bt);
