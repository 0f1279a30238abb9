/* kernel/shell/cmd_ls.c - `ls [DIR]`: the files of the initramfs (kernel/initramfs.c),
 * one name per line as ls prints to a pipe, with a '/' after a directory's (ls -p). */
#include <irqlab/errno.h>
#include <irqlab/initramfs.h>
#include "shell.h"

static int cmd_ls(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	const struct initramfs_file *f;
	unsigned int pos = 0;

	if (argc > 2)
		return shell_usage("ls");
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
