/* kernel/char_dev.c - character devices: the major/minor registry, the cdev map, the
 * /dev nodes devtmpfs would make, the open/read/write path the shell's `cat /dev/NAME`
 * and `echo > /dev/NAME` take, and /proc/devices. Linux's fs/char_dev.c, in one file
 * (irqlab has no VFS: a node is a name and a dev_t, opened by path).
 */
#include <irqlab/cdev.h>
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/fs.h>
#include <irqlab/mutex.h>
#include <irqlab/printk.h>
#include <irqlab/seq_file.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>

#define MAX_REGIONS     64
#define MAX_NODES       64
#define NODE_NAME_MAX   32

struct char_device_struct {
	unsigned int major, baseminor, minorct; /* minorct 0: the slot is free */
	const char *name;
	struct cdev *cdev;              /* register_chrdev's own cdev, else NULL */
};

struct dev_node {
	char name[NODE_NAME_MAX];       /* "" : the slot is free */
	dev_t devt;
};

/* chrdevs_lock guards chrdevs[], cdev_map and nodes[]. */
static DEFINE_MUTEX(chrdevs_lock);
static struct char_device_struct chrdevs[MAX_REGIONS];
static LIST_HEAD(cdev_map);
static struct dev_node nodes[MAX_NODES];

static bool overlaps(const struct char_device_struct *cd, unsigned int major,
		     unsigned int baseminor, unsigned int count)
{
	return cd->minorct && cd->major == major && baseminor < cd->baseminor + cd->minorct &&
	       cd->baseminor < baseminor + count;
}

static bool major_in_use(unsigned int major)
{
	for (int i = 0; i < MAX_REGIONS; i++)
		if (chrdevs[i].minorct && chrdevs[i].major == major)
			return true;
	return false;
}

/* Takes major's minors [baseminor, +count) (major 0: a free dynamic major) into *out.
 * Returns the major or -errno. chrdevs_lock held. */
static int __register_region(unsigned int major, unsigned int baseminor,
			     unsigned int count, const char *name,
			     struct char_device_struct **out)
{
	struct char_device_struct *free = NULL;

	if (major >= CHRDEV_MAJOR_MAX || !count || !name ||
	    baseminor > MINORMASK || count - 1 > MINORMASK - baseminor)
		return -EINVAL;
	if (major == 0) {
		/* Linux hands dynamic majors out downward from 254. */
		for (major = 254; major >= CHRDEV_MAJOR_DYN_END; major--)
			if (!major_in_use(major))
				break;
		if (major < CHRDEV_MAJOR_DYN_END)
			return -EBUSY;
	}
	for (int i = 0; i < MAX_REGIONS; i++) {
		if (overlaps(&chrdevs[i], major, baseminor, count))
			return -EBUSY;
		if (!chrdevs[i].minorct && !free)
			free = &chrdevs[i];
	}
	if (!free)
		return -ENOSPC;
	*free = (struct char_device_struct){ major, baseminor, count, name, NULL };
	*out = free;
	return (int)major;
}

static struct char_device_struct *find_region(unsigned int major, unsigned int baseminor,
					      unsigned int count)
{
	for (int i = 0; i < MAX_REGIONS; i++)
		if (chrdevs[i].minorct && chrdevs[i].major == major &&
		    chrdevs[i].baseminor == baseminor && chrdevs[i].minorct == count)
			return &chrdevs[i];
	return NULL;
}

int alloc_chrdev_region(dev_t *dev, unsigned int baseminor, unsigned int count,
			const char *name)
{
	struct char_device_struct *cd;
	int ret;

	mutex_lock(&chrdevs_lock);
	ret = __register_region(0, baseminor, count, name, &cd);
	mutex_unlock(&chrdevs_lock);
	if (ret < 0)
		return ret;
	*dev = MKDEV(ret, baseminor);
	return 0;
}
EXPORT_SYMBOL(alloc_chrdev_region);

/* The end of the part of [n, to) inside n's major: a range that crosses majors is kept
 * as one region per major, as Linux keeps it. */
static dev_t major_part_end(dev_t n, dev_t to)
{
	dev_t next = MKDEV(MAJOR(n) + 1, 0);

	return next > to ? to : next;
}

/* Frees the regions [from, to) was registered as. chrdevs_lock held. */
static void __unregister_regions(dev_t from, dev_t to, bool report)
{
	for (dev_t n = from, next; n < to; n = next) {
		struct char_device_struct *cd;

		next = major_part_end(n, to);
		cd = find_region(MAJOR(n), MINOR(n), next - n);
		if (cd)
			cd->minorct = 0;
		else if (report)
			pr_err("chrdev: unregister of unknown region %u:%u+%u\n",
			       MAJOR(n), MINOR(n), (unsigned)(next - n));
	}
}

int register_chrdev_region(dev_t from, unsigned int count, const char *name)
{
	struct char_device_struct *cd;
	dev_t to = from + count, n, next;
	int ret = 0;

	if (!count || MAJOR(from) == 0 || to < from)
		return -EINVAL;
	mutex_lock(&chrdevs_lock);
	for (n = from; n < to; n = next) {
		next = major_part_end(n, to);
		ret = __register_region(MAJOR(n), MINOR(n), next - n, name, &cd);
		if (ret < 0) {
			__unregister_regions(from, n, false);
			break;
		}
	}
	mutex_unlock(&chrdevs_lock);
	return ret < 0 ? ret : 0;
}
EXPORT_SYMBOL(register_chrdev_region);

void unregister_chrdev_region(dev_t from, unsigned int count)
{
	mutex_lock(&chrdevs_lock);
	__unregister_regions(from, from + count, true);
	mutex_unlock(&chrdevs_lock);
}
EXPORT_SYMBOL(unregister_chrdev_region);

int __register_chrdev(unsigned int major, unsigned int baseminor, unsigned int count,
		      const char *name, const struct file_operations *fops)
{
	struct char_device_struct *cd;
	struct cdev *cdev = kzalloc(sizeof(*cdev), GFP_KERNEL);
	int ret;

	if (!cdev)
		return -ENOMEM;
	cdev_init(cdev, fops);
	mutex_lock(&chrdevs_lock);
	ret = __register_region(major, baseminor, count, name, &cd);
	mutex_unlock(&chrdevs_lock);
	if (ret < 0)
		goto out_free;
	if (cdev_add(cdev, MKDEV(ret, baseminor), count)) {
		unregister_chrdev_region(MKDEV(ret, baseminor), count);
		ret = -EBUSY;
		goto out_free;
	}
	cd->cdev = cdev;
	return major ? 0 : ret;
out_free:
	kfree(cdev);
	return ret;
}
EXPORT_SYMBOL(__register_chrdev);

int register_chrdev(unsigned int major, const char *name,
		    const struct file_operations *fops)
{
	return __register_chrdev(major, 0, 256, name, fops);
}
EXPORT_SYMBOL(register_chrdev);

void unregister_chrdev(unsigned int major, const char *name)
{
	struct char_device_struct *cd;
	struct cdev *cdev = NULL;

	(void)name;
	mutex_lock(&chrdevs_lock);
	cd = find_region(major, 0, 256);
	if (cd) {
		cdev = cd->cdev;
		cd->minorct = 0;
	}
	mutex_unlock(&chrdevs_lock);
	if (!cd) {
		pr_err("chrdev: unregister_chrdev(%u): not registered\n", major);
		return;
	}
	if (cdev) {
		cdev_del(cdev);
		kfree(cdev);
	}
}
EXPORT_SYMBOL(unregister_chrdev);

/* --- cdev map --- */

void cdev_init(struct cdev *cdev, const struct file_operations *fops)
{
	memset(cdev, 0, sizeof(*cdev));
	INIT_LIST_HEAD(&cdev->list);
	cdev->ops = fops;
}
EXPORT_SYMBOL(cdev_init);

static struct cdev *__cdev_lookup(dev_t dev)
{
	struct cdev *c;

	list_for_each_entry(c, &cdev_map, list)
		if (dev >= c->dev && dev - c->dev < c->count)
			return c;
	return NULL;
}

int cdev_add(struct cdev *cdev, dev_t dev, unsigned int count)
{
	struct cdev *c;
	int ret = 0;

	if (!count || dev + count < dev)
		return -EINVAL;
	mutex_lock(&chrdevs_lock);
	list_for_each_entry(c, &cdev_map, list)
		if (dev < c->dev + c->count && c->dev < dev + count)
			ret = -EBUSY;
	if (!ret) {
		cdev->dev = dev;
		cdev->count = count;
		list_add_tail(&cdev->list, &cdev_map);
	}
	mutex_unlock(&chrdevs_lock);
	return ret;
}
EXPORT_SYMBOL(cdev_add);

void cdev_del(struct cdev *cdev)
{
	mutex_lock(&chrdevs_lock);
	list_del_init(&cdev->list);
	mutex_unlock(&chrdevs_lock);
}
EXPORT_SYMBOL(cdev_del);

struct cdev *cdev_lookup(dev_t dev)
{
	struct cdev *c;

	mutex_lock(&chrdevs_lock);
	c = __cdev_lookup(dev);
	mutex_unlock(&chrdevs_lock);
	return c;
}
EXPORT_SYMBOL(cdev_lookup);

/* --- /dev nodes, as devtmpfs makes them --- */

static struct dev_node *__node_find(const char *name)
{
	for (int i = 0; i < MAX_NODES; i++)
		if (nodes[i].name[0] && strcmp(nodes[i].name, name) == 0)
			return &nodes[i];
	return NULL;
}

int devtmpfs_create_node(const char *name, dev_t devt)
{
	char path[NODE_NAME_MAX + 5];
	struct dev_node *free = NULL;

	if (!name || !name[0] || strlen(name) >= NODE_NAME_MAX)
		return -EINVAL;
	snprintf(path, sizeof(path), "/dev/%s", name);
	/* A /proc-style /dev file (drivers/misc) would shadow the node in `cat`. */
	if (proc_file_find(path)) {
		pr_err("devtmpfs: %s is already a built-in /dev file; node refused\n", path);
		return -EEXIST;
	}
	mutex_lock(&chrdevs_lock);
	if (__node_find(name)) {
		mutex_unlock(&chrdevs_lock);
		pr_err("devtmpfs: %s exists already\n", path);
		return -EEXIST;
	}
	for (int i = 0; i < MAX_NODES && !free; i++)
		if (!nodes[i].name[0])
			free = &nodes[i];
	if (free) {
		snprintf(free->name, sizeof(free->name), "%s", name);
		free->devt = devt;
	}
	mutex_unlock(&chrdevs_lock);
	return free ? 0 : -ENOSPC;
}

void devtmpfs_delete_node(const char *name)
{
	struct dev_node *n;

	mutex_lock(&chrdevs_lock);
	n = __node_find(name);
	if (n)
		n->name[0] = '\0';
	mutex_unlock(&chrdevs_lock);
}

const char *devtmpfs_node_name(unsigned int i, char *buf, size_t size)
{
	const char *ret = NULL;

	mutex_lock(&chrdevs_lock);
	for (int j = 0; j < MAX_NODES; j++)
		if (nodes[j].name[0] && i-- == 0) {
			snprintf(buf, size, "%s", nodes[j].name);
			ret = buf;
			break;
		}
	mutex_unlock(&chrdevs_lock);
	return ret;
}

/* --- open, read, write, release: the shell's side --- */

int chrdev_open_path(const char *path, struct inode *inode, struct file *file)
{
	struct dev_node *n;
	struct cdev *c = NULL;

	if (strncmp(path, "/dev/", 5) != 0)
		return -ENOENT;
	mutex_lock(&chrdevs_lock);
	n = __node_find(path + 5);
	if (n) {
		inode->i_rdev = n->devt;
		c = __cdev_lookup(n->devt);
	}
	mutex_unlock(&chrdevs_lock);
	if (!n)
		return -ENOENT;
	if (!c || !c->ops)
		return -ENXIO;          /* Linux: a node whose numbers have no driver */
	inode->i_cdev = c;
	file->f_op = c->ops;
	file->f_pos = 0;
	file->private_data = NULL;
	return file->f_op->open ? file->f_op->open(inode, file) : 0;
}

ssize_t chrdev_read(struct file *file, char *buf, size_t count)
{
	if (!file->f_op->read)
		return -EINVAL;
	return file->f_op->read(file, buf, count, &file->f_pos);
}

ssize_t chrdev_write(struct file *file, const char *buf, size_t count)
{
	if (!file->f_op->write)
		return -EINVAL;
	return file->f_op->write(file, buf, count, &file->f_pos);
}

int chrdev_release(struct inode *inode, struct file *file)
{
	return file->f_op->release ? file->f_op->release(inode, file) : 0;
}

/* --- /proc/devices --- */

static int devices_show(struct seq_file *m)
{
	unsigned int last = 0;

	seq_puts(m, "Character devices:\n");
	mutex_lock(&chrdevs_lock);
	/* Sorted by major; one line per major and name, as Linux prints. */
	for (;;) {
		unsigned int best = CHRDEV_MAJOR_MAX;

		for (int i = 0; i < MAX_REGIONS; i++)
			if (chrdevs[i].minorct && chrdevs[i].major > last &&
			    chrdevs[i].major < best)
				best = chrdevs[i].major;
		if (best == CHRDEV_MAJOR_MAX)
			break;
		for (int i = 0; i < MAX_REGIONS; i++) {
			bool dup = false;

			if (!chrdevs[i].minorct || chrdevs[i].major != best)
				continue;
			for (int j = 0; j < i; j++)
				if (chrdevs[j].minorct && chrdevs[j].major == best &&
				    strcmp(chrdevs[j].name, chrdevs[i].name) == 0)
					dup = true;
			if (!dup)
				seq_printf(m, "%3u %s\n", best, chrdevs[i].name);
		}
		last = best;
	}
	mutex_unlock(&chrdevs_lock);
	seq_puts(m, "\nBlock devices:\n");
	return 0;
}
DEFINE_PROC_FILE(devices, "/proc/devices", devices_show);
