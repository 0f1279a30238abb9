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
	kprintf("%-19s %8zu  %d\n", mod->name, mod->size, module_refcount(mod));
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

struct rmmod_look {
	const char *name;
	bool loaded;
	int refcnt;
};

static void rmmod_look_row(const struct module *mod, void *arg)
{
	struct rmmod_look *look = arg;

	if (strcmp(mod->name, look->name) == 0) {
		look->loaded = true;
		look->refcnt = module_refcount(mod);
	}
}

/* kmod's rmmod: without -f it first checks, as it reads /sys/module/NAME/refcnt, that
 * the module is loaded and unused, and says so in its own words; then delete_module(2),
 * whose refusals it prints with strerror. */
static int cmd_rmmod(int argc, char **argv)
{
	bool force = argc == 3 && strcmp(argv[1], "-f") == 0;
	const char *name = argv[argc - 1];
	struct rmmod_look look = { .name = name };
	int err;

	if (argc != 2 && !force)
		return shell_usage("rmmod");
	if (!force) {
		for_each_module(rmmod_look_row, &look);
		if (!look.loaded) {
			kprintf("rmmod: ERROR: Module %s is not currently loaded\n", name);
			return -ENOENT;
		}
		if (look.refcnt > 0) {
			kprintf("rmmod: ERROR: Module %s is in use\n", name);
			return -EBUSY;
		}
	}
	err = delete_module(name, force ? MODULE_REMOVE_FORCE : 0);
	if (err)
		kprintf("rmmod: ERROR: could not remove module %s: %s\n", name,
			shell_strerror(err));
	return err;
}
SHELL_CMD(rmmod, "[-f] NAME", "remove a module: module_exit, then kept if anything still "
	  "points into it (each leak named); -f: force, its pages left unmapped", cmd_rmmod);
