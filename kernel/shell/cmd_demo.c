/* kernel/shell/cmd_demo.c - `demo NAME`: the registered demonstrations. */
#include <irqlab/errno.h>
#include <irqlab/string.h>
#include "shell.h"

extern const struct shell_demo __start_shell_demos[], __stop_shell_demos[];

static void list_demos(void)
{
	kprintf("demos:\n");
	for (const struct shell_demo *d = __start_shell_demos; d < __stop_shell_demos; d++)
		kprintf("  %-18s %s\n", d->name, d->help);
}

static int cmd_demo(int argc, char **argv)
{
	if (argc < 2) {
		shell_usage("demo");
		list_demos();
		return -EINVAL;
	}
	for (const struct shell_demo *d = __start_shell_demos; d < __stop_shell_demos; d++)
		if (strcmp(d->name, argv[1]) == 0)
			return d->fn(argc - 1, argv + 1);
	kprintf("demo: no demo named '%s'\n", argv[1]);
	list_demos();
	return -ENOENT;
}
SHELL_CMD(demo, "<name> (demo alone lists them)", "run a demonstration", cmd_demo);
