/* kernel/initramfs.c - the initramfs: the cpio archive the boot loader loaded, read into a
 * table of files at boot (Linux: init/initramfs.c, which unpacks into a RAM file system;
 * irqlab only points into the archive).
 *
 * setup_arch() picks the boot module (arch/x86/setup.c); lib/cpio.c walks its entries.
 * A malformed archive is reported once, with the offset and the reason, and the entries
 * before the damage are kept: a module loader can still use what arrived whole. */
#include <irqlab/initramfs.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>

/* Set once by setup_arch() on the boot CPU, read-only after: no lock. */
unsigned long initrd_start, initrd_end;

/* Enough for the tree make builds and a handful of modules (INITRAMFS_FILES); more are
 * left out with an error. A fixed table of 2 KiB: an entry is only pointers into the
 * archive, and a table that cannot fail to be allocated keeps the boot step simple. */
#define INITRAMFS_MAX_FILES     128

/* Written only by initramfs_init(), on the boot CPU before any other CPU or thread
 * runs; read-only from then on, so readers take no lock. */
static struct initramfs_file files[INITRAMFS_MAX_FILES];
static unsigned int nr_files;
static const struct initramfs_file root = { .path = "", .mode = CPIO_S_IFDIR | 0755 };

/* path without its leading slashes and "./", and its length without trailing slashes. */
static const char *normalize(const char *path, size_t *len)
{
	for (;;) {
		if (path[0] == '/')
			path++;
		else if (path[0] == '.' && path[1] == '/')
			path += 2;
		else
			break;
	}
	*len = strlen(path);
	while (*len && path[*len - 1] == '/')
		(*len)--;
	return path;
}

void initramfs_init(void)
{
	struct cpio_reader r;
	struct cpio_entry e;
	unsigned int dirs = 0;
	int ret;

	if (!initrd_start) {
		pr_info("initramfs: no archive among the boot modules: no files\n");
		return;
	}
	cpio_reader_init(&r, (const void *)initrd_start, initrd_end - initrd_start);
	while ((ret = cpio_next(&r, &e)) > 0) {
		size_t len;
		const char *path = normalize(e.name, &len);

		if (!len || (len == 1 && path[0] == '.'))
			continue;       /* "." or "/": the root, which always exists */
		if (path[len] == '/') {
			pr_err("initramfs: %s: a name ending in '/' is left out\n", e.name);
			continue;
		}
		if (nr_files == INITRAMFS_MAX_FILES) {
			pr_err("initramfs: more than %d files: %s and the rest are left out\n",
			       INITRAMFS_MAX_FILES, e.name);
			break;
		}
		files[nr_files] = (struct initramfs_file){
			.path = path, .data = e.data, .size = e.size, .mode = e.mode };
		dirs += initramfs_is_dir(&files[nr_files]);
		nr_files++;
	}
	if (ret < 0)
		pr_err("initramfs: malformed archive at offset %lu (0x%lx): %s; the %u files "
		       "before it are kept\n", (unsigned long)r.err_offset,
		       (unsigned long)r.err_offset, r.err_reason, nr_files);
	pr_info("initramfs: %u files found (%u of them directories), %lu bytes at 0x%08lx\n",
		nr_files, dirs, initrd_end - initrd_start, initrd_start);
}

const struct initramfs_file *initramfs_find(const char *path)
{
	size_t len;

	path = normalize(path, &len);
	if (!len)
		return &root;
	for (unsigned int i = 0; i < nr_files; i++)
		if (!strncmp(files[i].path, path, len) && !files[i].path[len])
			return &files[i];
	return NULL;
}

const struct initramfs_file *initramfs_readdir(const char *dir, unsigned int *pos)
{
	size_t len;

	dir = normalize(dir, &len);
	while (*pos < nr_files) {
		const struct initramfs_file *f = &files[(*pos)++];
		const char *rest = f->path;

		if (len) {
			if (strncmp(rest, dir, len) || rest[len] != '/')
				continue;
			rest += len + 1;
		}
		if (rest[0] && !strchr(rest, '/'))
			return f;
	}
	return NULL;
}

const char *initramfs_basename(const struct initramfs_file *f)
{
	const char *slash;

	if (f == &root)
		return "/";
	slash = strchr(f->path, '/');
	while (slash && strchr(slash + 1, '/'))
		slash = strchr(slash + 1, '/');
	return slash ? slash + 1 : f->path;
}
