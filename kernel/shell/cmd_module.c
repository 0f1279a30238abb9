/* kernel/shell/cmd_module.c - `insmod PATH [args]`, `lsmod` and `rmmod NAME`, with the
 * layout and messages of Linux's kmod tools. insmod reads the .ko from the initramfs
 * (`ls /lib/modules`); the loading is the loader's (kernel/module/). */
#include <irqlab/errno.h>
#include <irqlab/initramfs.h>
#include <irqlab/module.h>
#include <irqlab/string.h>
#include "shell.h"

#define MODULE_ARGS_MAX 128
#define MODULE_DIR      "/lib/modules/"
#define MODULE_PATH_MAX 96

/* kmod's insmod words for what init_module(2) returned. */
static const char *insmod_strerror(int err)
{
	switch (err) {
	case -ENOEXEC:  return "Invalid module format";
	case -ENOENT:   return "Unknown symbol in module";
	default:        return shell_strerror(err);
	}
}

/* The module's name as insmod gives it: the file's base name without ".ko", '-' as
 * '_' (Linux's module names never hold a dash). */
static void module_name_of(const char *path, char *name, size_t size)
{
	const char *base = path;
	size_t n;

	for (const char *p = path; *p; p++)
		if (*p == '/')
			base = p + 1;
	n = strlen(base);

	if (n > 3 && strcmp(base + n - 3, ".ko") == 0)
		n -= 3;
	if (n >= size)
		n = size - 1;
	for (size_t i = 0; i < n; i++)
		name[i] = base[i] == '-' ? '_' : base[i];
	name[n] = '\0';
}

static int cmd_insmod(int argc, char **argv)
{
	const struct initramfs_file *f;
	char name[MODULE_NAME_LEN], args[MODULE_ARGS_MAX], path[MODULE_PATH_MAX];
	size_t n = 0;
	int err;

	if (argc < 2)
		return shell_usage("insmod");
	f = initramfs_find(argv[1]);
	/* The shell has no working directory: a bare file name ("insmod interrupt.ko",
	 * as typed in the module's build directory) is looked for in /lib/modules. */
	if (!f && !strchr(argv[1], '/') && strlen(argv[1]) < sizeof(path) - sizeof(MODULE_DIR)) {
		snprintf(path, sizeof(path), MODULE_DIR "%s", argv[1]);
		f = initramfs_find(path);
	}
	if (!f || initramfs_is_dir(f)) {
		kprintf("insmod: ERROR: could not load module %s: %s\n", argv[1],
			shell_strerror(f ? -EISDIR : -ENOENT));
		return f ? -EISDIR : -ENOENT;
	}
	args[0] = '\0';
	for (int a = 2; a < argc; a++)
		n += snprintf(args + n, n < sizeof(args) ? sizeof(args) - n : 0, "%s%s",
			      n ? " " : "", argv[a]);
	if (n >= sizeof(args)) {
		kprintf("insmod: ERROR: parameters longer than %d characters\n",
			MODULE_ARGS_MAX - 1);
		return -E2BIG;
	}
	module_name_of(argv[1], name, sizeof(name));
	err = load_module(f->data, f->size, name, args, NULL);
	if (err)
		kprintf("insmod: ERROR: could not insert module %s: %s\n", argv[1],
			insmod_strerror(err));
	return err;
}
SHELL_CMD(insmod, "PATH [args...]",
	  "load a module (.ko) from the initramfs; a bare file name from /lib/modules",
	  cmd_insmod);

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
