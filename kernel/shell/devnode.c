/* kernel/shell/devnode.c - the shell's side of a character device: `cat /dev/NAME` opens
 * the node, calls the driver's read() in chunks until it returns 0, and releases it, as
 * cat(1) does through open/read/close; `echo text > /dev/NAME` does the same with write().
 */
#include <irqlab/errno.h>
#include <irqlab/fs.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include "shell.h"

#define DEVNODE_CHUNK   256
/* A driver whose read() never returns 0 (a stream like /dev/zero) would hold the shell
 * forever; cat stops here and says so. */
#define DEVNODE_CAT_MAX (64 * 1024)

bool shell_is_devnode(const char *path)
{
	/* Opening would run the driver's open(); look the name up without it. */
	char buf[40];

	if (strncmp(path, "/dev/", 5) != 0)
		return false;
	for (unsigned int i = 0; devtmpfs_node_name(i, buf, sizeof(buf)); i++)
		if (strcmp(buf, path + 5) == 0)
			return true;
	return false;
}

int shell_cat_devnode(const char *path)
{
	static char buf[DEVNODE_CHUNK];
	struct inode inode = { 0 };
	struct file file = { 0 };
	size_t total = 0;
	ssize_t n;
	int ret;

	ret = chrdev_open_path(path, &inode, &file);
	if (ret == -ENOENT && !shell_is_devnode(path))
		return -ENOENT;
	if (ret < 0) {
		kprintf("cat: %s: %s\n", path, shell_strerror(ret));
		return ret;
	}
	while ((n = chrdev_read(&file, buf, sizeof(buf))) > 0) {
		kprintf_write(buf, (size_t)n);
		total += (size_t)n;
		if (total >= DEVNODE_CAT_MAX) {
			kprintf("cat: %s: stopped after %u bytes\n", path, DEVNODE_CAT_MAX);
			break;
		}
	}
	if (n < 0)
		kprintf("cat: %s: %s\n", path, shell_strerror((int)n));
	chrdev_release(&inode, &file);
	return n < 0 ? (int)n : 0;
}

int shell_write_devnode(const char *path, const char *buf, size_t len, const char *cmd)
{
	struct inode inode = { 0 };
	struct file file = { 0 };
	ssize_t n = 0;
	int ret;

	ret = chrdev_open_path(path, &inode, &file);
	if (ret < 0) {
		kprintf("sh: %s: %s\n", path, shell_strerror(ret));
		return ret;
	}
	/* A short write is retried with the rest, as write(2)'s callers do. */
	while (len && (n = chrdev_write(&file, buf, len)) > 0) {
		buf += n;
		len -= (size_t)n;
	}
	if (n < 0)
		kprintf("sh: %s: write error: %s\n", cmd, shell_strerror((int)n));
	else if (len) {
		n = -EIO;
		kprintf("sh: %s: write error: %s\n", cmd, shell_strerror((int)n));
	}
	chrdev_release(&inode, &file);
	return n < 0 ? (int)n : 0;
}
