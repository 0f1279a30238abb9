/* kernel/cdev.c - the cdev map (which struct cdev answers for which device numbers)
 * and the open/read/write path the shell's `cat /dev/NAME` and `echo > /dev/NAME` take.
 * Linux's fs/char_dev.c, its cdev half (irqlab has no VFS: a node is a name and a
 * dev_t, opened by path; the nodes are kernel/devtmpfs.c's).
 */
#include <irqlab/cdev.h>
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/fs.h>
#include <irqlab/modleak.h>
#include <irqlab/module.h>
#include <irqlab/mutex.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>

/* cdev_lock guards cdev_map. */
static DEFINE_MUTEX(cdev_lock);
static LIST_HEAD(cdev_map);

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
	mutex_lock(&cdev_lock);
	list_for_each_entry(c, &cdev_map, list)
		if (dev < c->dev + c->count && c->dev < dev + count)
			ret = -EBUSY;
	if (!ret) {
		cdev->dev = dev;
		cdev->count = count;
		list_add_tail(&cdev->list, &cdev_map);
	}
	mutex_unlock(&cdev_lock);
	return ret;
}
EXPORT_SYMBOL(cdev_add);

void cdev_del(struct cdev *cdev)
{
	mutex_lock(&cdev_lock);
	list_del_init(&cdev->list);
	mutex_unlock(&cdev_lock);
}
EXPORT_SYMBOL(cdev_del);

struct cdev *cdev_lookup(dev_t dev)
{
	struct cdev *c;

	mutex_lock(&cdev_lock);
	c = __cdev_lookup(dev);
	mutex_unlock(&cdev_lock);
	return c;
}
EXPORT_SYMBOL(cdev_lookup);

/* cdevs in the module's pages, or whose fops are. */
void cdev_scan_module_leaks(struct mod_leak_scan *s)
{
	struct cdev *c;

	mutex_lock(&cdev_lock);
	list_for_each_entry(c, &cdev_map, list) {
		struct mod_leak *l;

		if ((!mod_leak_within(s, c) && !mod_leak_within(s, c->ops)) ||
		    chrdev_region_cdev(c) || !(l = mod_leak_add(s)))
			continue;
		snprintf(l->what, sizeof(l->what), "cdev %u:%u+%u fops", MAJOR(c->dev),
			 MINOR(c->dev), c->count);
		l->fn = (unsigned long)c->ops;
		snprintf(l->state, sizeof(l->state), "added");
		l->api = "cdev_add";
	}
	mutex_unlock(&cdev_lock);
}

/* --- open, read, write, release: the shell's side --- */

int chrdev_open_path(const char *path, struct inode *inode, struct file *file)
{
	struct cdev *c;
	int ret;

	if (strncmp(path, "/dev/", 5) != 0 || devtmpfs_node_devt(path + 5, &inode->i_rdev))
		return -ENOENT;
	/* Linux's cdev_get() and fops_get(): a reference on the cdev's owner and on the
	 * fops' owner, both taken under cdev_lock so that the module cannot be on its way
	 * out between the lookup and the get (its count is 0 from the moment
	 * delete_module() decided, and try_module_get() then fails). */
	mutex_lock(&cdev_lock);
	c = __cdev_lookup(inode->i_rdev);
	if (c && c->ops && !try_module_get(c->owner))
		c = NULL;
	if (c && c->ops && !try_module_get(c->ops->owner)) {
		module_put(c->owner);
		c = NULL;
	}
	mutex_unlock(&cdev_lock);
	if (!c || !c->ops)
		return -ENXIO;          /* Linux: a node whose numbers have no driver */
	inode->i_cdev = c;
	file->f_op = c->ops;
	file->f_pos = 0;
	file->private_data = NULL;
	ret = file->f_op->open ? file->f_op->open(inode, file) : 0;
	if (ret) {
		module_put(file->f_op->owner);  /* open may have switched f_op (misc) */
		module_put(c->owner);
	}
	return ret;
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
	int ret = file->f_op->release ? file->f_op->release(inode, file) : 0;

	/* Linux's __fput(): the fops' owner, then the cdev's. */
	module_put(file->f_op->owner);
	module_put(inode->i_cdev->owner);
	return ret;
}
