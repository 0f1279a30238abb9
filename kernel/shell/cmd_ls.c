/* kernel/shell/cmd_ls.c - `ls [DIR]`: the files of the initramfs (kernel/initramfs.c),
 * one name per line as ls prints to a pipe, with a '/' after a directory's (ls -p);
 * `ls /dev`: the built-in /dev files and the character devices' nodes; `ls` of a
 * directory under /proc or /sys: the files the kernel shows there now, sorted, as
 * `ls /proc/irq/11` or `ls /sys/devices/virtual/workqueue/my_queue`. */
#include <irqlab/errno.h>
#include <irqlab/fs.h>
#include <irqlab/initramfs.h>
#include <irqlab/seq_file.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include "shell.h"

/* /dev is not in the initramfs: its names come from the drivers, as devtmpfs's do. */
static int ls_dev(void)
{
	const struct proc_file *f;
	char name[40];

	for (unsigned int i = 0; (f = proc_file_at(i)); i++)
		if (proc_file_exists(f) && strncmp(f->path, "/dev/", 5) == 0)
			kprintf("%s\n", f->path + 5);
	for (unsigned int i = 0; devtmpfs_node_name(i, name, sizeof(name)); i++)
		kprintf("%s\n", name);
	return 0;
}

#define LS_NAME_LEN     40
#define LS_MAX_NAMES    128

/* Adds name to the sorted set names[0..n) unless it is there; returns the new n. */
static unsigned int add_name(char (*names)[LS_NAME_LEN], unsigned int n, const char *name)
{
	unsigned int i = 0;
	int cmp = 1;

	while (i < n && (cmp = strcmp(names[i], name)) < 0)
		i++;
	if ((i < n && cmp == 0) || n == LS_MAX_NAMES)
		return n;
	memmove(names[i + 1], names[i], (n - i) * LS_NAME_LEN);
	strlcpy(names[i], name, LS_NAME_LEN);
	return n + 1;
}

/* The /proc and /sys files are paths in one table (seq_file.h), not a tree: a
 * directory's entries are the next components of the paths under it. */
static int ls_kernel_files(const char *dir)
{
	size_t len = strlen(dir);
	char (*names)[LS_NAME_LEN];
	const struct proc_file *f;
	unsigned int n = 0;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	names = kmalloc(LS_MAX_NAMES * LS_NAME_LEN, GFP_KERNEL);
	if (!names)
		return -ENOMEM;
	for (unsigned int i = 0; (f = proc_file_at(i)); i++) {
		const char *rest = f->path + len + 1, *slash;
		char name[LS_NAME_LEN];

		if (!proc_file_exists(f) || strncmp(f->path, dir, len))
			continue;
		if (f->path[len] == '\0') {    /* a file: ls prints the name it was given */
			kprintf("%s\n", dir);
			kfree(names);
			return 0;
		}
		if (f->path[len] != '/')
			continue;
		slash = strchr(rest, '/');
		snprintf(name, sizeof(name), "%.*s%s", slash ? (int)(slash - rest) : (int)strlen(rest),
			 rest, slash ? "/" : "");
		n = add_name(names, n, name);
	}
	if (!n)
		kprintf("ls: cannot access '%s': No such file or directory\n", dir);
	for (unsigned int i = 0; i < n; i++)
		kprintf("%s\n", names[i]);
	kfree(names);
	return n ? 0 : -ENOENT;
}

static bool under(const char *path, const char *dir)
{
	size_t len = strlen(dir);

	return strncmp(path, dir, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

static int cmd_ls(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	const struct initramfs_file *f;
	unsigned int pos = 0;

	if (argc > 2)
		return shell_usage("ls");
	if (strcmp(path, "/dev") == 0 || strcmp(path, "/dev/") == 0)
		return ls_dev();
	if (under(path, "/proc") || under(path, "/sys"))
		return ls_kernel_files(path);
	f = initramfs_find(path);
	if (!f) {
		kprintf("ls: cannot access '%s': No such file or directory\n", path);
		return -ENOENT;
	}
	if (!initramfs_is_dir(f)) {
		kprintf("%s\n", path);          /* as ls does for a file it is given */
		return 0;
	}
	while ((f = initramfs_readdir(path, &pos)))
		kprintf("%s%s\n", initramfs_basename(f), initramfs_is_dir(f) ? "/" : "");
	return 0;
}
SHELL_CMD(ls, "[dir]", "list a directory: the initramfs's (default /), /dev, /proc, /sys "
	  "(dirs end in /)",
	  cmd_ls);
