/* include/irqlab/initramfs.h - the files the boot loader brought in: the initramfs, a
 * cpio "newc" archive loaded as a multiboot module (kernel/initramfs.c), read in place.
 *
 * Paths are absolute ("/lib/modules/x.ko"); "/" is the root directory, and "//etc/" is
 * the same as "/etc". The file data stays where the boot loader put it (that memory is
 * reserved, kernel/mm/init.c): nothing is copied, and a file is read-only. */
#ifndef IRQLAB_INITRAMFS_H
#define IRQLAB_INITRAMFS_H

#include <irqlab/cpio.h>
#include <irqlab/types.h>

struct initramfs_file {
	const char *path;       /* in the archive, without its leading "/" or "./": "etc/motd" */
	const void *data;       /* in the archive: size bytes, not NUL-terminated */
	u32 size;
	u32 mode;               /* c_mode: CPIO_S_IFDIR or CPIO_S_IFREG, and permissions */
};

static inline bool initramfs_is_dir(const struct initramfs_file *f)
{
	return (f->mode & CPIO_S_IFMT) == CPIO_S_IFDIR;
}

/* The archive's bytes, [initrd_start, initrd_end), both 0 when there is none: set by
 * setup_arch() (arch/x86/setup.c) from the boot modules, before initramfs_init(). */
extern unsigned long initrd_start, initrd_end;

/* Reads the archive into the file table. Once, from start_kernel() on the boot CPU
 * before any other CPU or thread runs; it may print (pr_info, pr_err), nothing else. */
void initramfs_init(void);

/* The file or directory at path, or NULL. Any context, no locks: the table is read-only
 * after initramfs_init(). */
const struct initramfs_file *initramfs_find(const char *path);

/* The entries directly inside the directory dir, one per call: start with *pos = 0; NULL
 * after the last. Any context, no locks (as initramfs_find). */
const struct initramfs_file *initramfs_readdir(const char *dir, unsigned int *pos);

/* The last part of f's path: "motd" for /etc/motd, "/" for the root. */
const char *initramfs_basename(const struct initramfs_file *f);

#endif
