/* kernel/shell/cmd_ls.c - `ls [DIR]`: the files of the initramfs (kernel/initramfs.c),
 * one name per line as ls prints to a pipe, with a '/' after a directory's (ls -p);
 * `ls /dev`: the built-in /dev files and the character devices' nodes. */
#include <irqlab/errno.h>
#include <irqlab/fs.h>
#include <irqlab/initramfs.h>
#include <irqlab/seq_file.h>
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

static int cmd_ls(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	const struct initramfs_file *f;
	unsigned int pos = 0;

	if (argc > 2)
		return shell_usage("ls");
	if (strcmp(path, "/dev") == 0 || strcmp(path, "/dev/") == 0)
		return ls_dev();
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
SHELL_CMD(ls, "[dir]", "list a directory of the initramfs (default /; dirs end in /)",
	  cmd_ls);
