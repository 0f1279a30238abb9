/* kernel/module/modules_load.c - `modules_load=a,b` on the kernel command line: load
 * /lib/modules/a.ko and b.ko from the initramfs at boot, after the built-in drivers and
 * before the shell (or the selftest) starts.
 *
 * Linux leaves this to user space: systemd-modules-load reads the same parameter
 * (modules_load=, and rd.modules_load= in the initrd) from /proc/cmdline and inserts
 * each module. irqlab has no user space, so the kernel reads it, with that tool's
 * messages. A module named there is loaded as `insmod /lib/modules/NAME.ko` loads it,
 * without arguments. */
#include <irqlab/cmdline.h>
#include <irqlab/errno.h>
#include <irqlab/init.h>
#include <irqlab/initramfs.h>
#include <irqlab/module.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>

#define MODULES_LOAD_DIR "/lib/modules/"

/* One name from the list: found, loaded, reported. */
static void modules_load_one(const char *name)
{
	char path[sizeof(MODULES_LOAD_DIR) + MODULE_NAME_LEN + 3];
	const struct initramfs_file *f;
	int err;

	if (strlen(name) >= MODULE_NAME_LEN) {
		pr_err("modules-load: Failed to find module '%s'\n", name);
		return;
	}
	snprintf(path, sizeof(path), MODULES_LOAD_DIR "%s.ko", name);
	f = initramfs_find(path);
	if (!f || initramfs_is_dir(f)) {
		pr_err("modules-load: Failed to find module '%s'\n", name);
		return;
	}
	err = load_module(f->data, f->size, name, NULL, NULL);
	if (err == -EEXIST)
		pr_info("modules-load: Module '%s' is already loaded\n", name);
	else if (err)
		pr_err("modules-load: Failed to insert module '%s': error %d\n", name, err);
	else
		pr_info("modules-load: Inserted module '%s'\n", name);
}

void modules_load_boot(void)
{
	/* The boot thread's, once: static rather than 256 bytes more of its stack. */
	static char list[256];
	char *name = list;
	int len = cmdline_get(boot_command_line, "modules_load", list, sizeof(list));

	if (len <= 0)
		return;
	if ((size_t)len >= sizeof(list)) {
		pr_err("modules-load: modules_load= is longer than %zu characters: ignored\n",
		       sizeof(list) - 1);
		return;
	}
	while (name) {
		char *comma = strchr(name, ',');

		if (comma)
			*comma = '\0';
		if (*name)
			modules_load_one(name);
		name = comma ? comma + 1 : NULL;
	}
}
