/* kernel/shell/cmd_module.c - `lsmod` and `rmmod NAME`, with the layout and messages of
 * Linux's kmod tools. Loading is the loader's (kernel/module/); insmod comes with files
 * to read. */
#include <irqlab/errno.h>
#include <irqlab/module.h>
#include "shell.h"

static void lsmod_row(const struct module *mod, void *arg)
{
	(void)arg;
	kprintf("%-19s %8zu  %u\n", mod->name, mod->size, mod->refcount);
}

static int cmd_lsmod(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage("lsmod");
	kprintf("Module                  Size  Used by\n");
	for_each_module(lsmod_row, NULL);
	return 0;
}
SHELL_CMD(lsmod, "", "list the loaded modules (/proc/modules)", cmd_lsmod);

static int cmd_rmmod(int argc, char **argv)
{
	int err;

	if (argc != 2)
		return shell_usage("rmmod");
	err = delete_module(argv[1]);
	if (err == -ENOENT)
		kprintf("rmmod: ERROR: Module %s is not currently loaded\n", argv[1]);
	else if (err == -EBUSY)
		kprintf("rmmod: ERROR: could not remove module %s: Device or resource busy\n",
			argv[1]);
	else if (err)
		kprintf("rmmod: ERROR: could not remove module %s: error %d\n", argv[1], err);
	return err;
}
SHELL_CMD(rmmod, "NAME", "remove a module: run its module_exit, free it", cmd_rmmod);
