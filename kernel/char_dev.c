/* kernel/char_dev.c - the major/minor registry: which numbers each driver reserved
 * (register_chrdev_region, alloc_chrdev_region, register_chrdev) and /proc/devices.
 * Linux's fs/char_dev.c, its registry half; the cdev map and the open path are in
 * kernel/cdev.c, the /dev nodes in kernel/devtmpfs.c.
 */
#include <irqlab/cdev.h>
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/fs.h>
#include <irqlab/modleak.h>
#include <irqlab/mutex.h>
#include <irqlab/printk.h>
#include <irqlab/seq_file.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>

#define MAX_REGIONS     64

struct char_device_struct {
	unsigned int major, baseminor, minorct; /* minorct 0: the slot is free */
	const char *name;
	struct cdev *cdev;              /* register_chrdev's own cdev, else NULL */
	unsigned long caller;           /* who registered it, for the module leak report */
	const char *api;                /* and through which call */
};

/* chrdevs_lock guards chrdevs[]. */
static DEFINE_MUTEX(chrdevs_lock);
static struct char_device_struct chrdevs[MAX_REGIONS];

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
			     struct char_device_struct **out, const char *api,
			     unsigned long caller)
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
	*free = (struct char_device_struct){ major, baseminor, count, name, NULL, caller, api };
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
	ret = __register_region(0, baseminor, count, name, &cd, "alloc_chrdev_region",
				(unsigned long)__builtin_return_address(0));
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
		ret = __register_region(MAJOR(n), MINOR(n), next - n, name, &cd,
					"register_chrdev_region",
					(unsigned long)__builtin_return_address(0));
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

static int do_register_chrdev(unsigned int major, unsigned int baseminor,
			      unsigned int count, const char *name,
			      const struct file_operations *fops, unsigned long caller)
{
	struct char_device_struct *cd;
	struct cdev *cdev = kzalloc(sizeof(*cdev), GFP_KERNEL);
	int ret;

	if (!cdev)
		return -ENOMEM;
	cdev_init(cdev, fops);
	mutex_lock(&chrdevs_lock);
	ret = __register_region(major, baseminor, count, name, &cd, "register_chrdev", caller);
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

int __register_chrdev(unsigned int major, unsigned int baseminor, unsigned int count,
		      const char *name, const struct file_operations *fops)
{
	return do_register_chrdev(major, baseminor, count, name, fops,
				  (unsigned long)__builtin_return_address(0));
}
EXPORT_SYMBOL(__register_chrdev);

int register_chrdev(unsigned int major, const char *name,
		    const struct file_operations *fops)
{
	return do_register_chrdev(major, 0, 256, name, fops,
				  (unsigned long)__builtin_return_address(0));
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

/* Is c the cdev register_chrdev() made for a region? Its leak is then reported as the
 * region's, one line for the one call (chrdev_scan_module_leaks). Takes chrdevs_lock;
 * kernel/cdev.c calls it holding cdev_lock, the one order: nothing here takes cdev_lock
 * while holding chrdevs_lock. */
bool chrdev_region_cdev(const struct cdev *c)
{
	bool found = false;

	mutex_lock(&chrdevs_lock);
	for (int i = 0; i < MAX_REGIONS && !found; i++)
		found = chrdevs[i].minorct && chrdevs[i].cdev == c;
	mutex_unlock(&chrdevs_lock);
	return found;
}

/* Regions named by, or registered from, the module; register_chrdev's with its fops. */
void chrdev_scan_module_leaks(struct mod_leak_scan *s)
{
	mutex_lock(&chrdevs_lock);
	for (int i = 0; i < MAX_REGIONS; i++) {
		const struct char_device_struct *cd = &chrdevs[i];
		const struct file_operations *ops = cd->cdev ? cd->cdev->ops : NULL;
		struct mod_leak *l;

		if (!cd->minorct || (!mod_leak_within(s, cd->name) &&
				     !mod_leak_within(s, (void *)cd->caller) &&
				     !mod_leak_within(s, ops)) || !(l = mod_leak_add(s)))
			continue;
		snprintf(l->what, sizeof(l->what), "chrdev region %u:%u+%u%s", cd->major,
			 cd->baseminor, cd->minorct, cd->cdev ? " and its cdev" : "");
		l->fn = (unsigned long)(ops && mod_leak_within(s, ops) ? ops : NULL);
		snprintf(l->name, sizeof(l->name), "%s", cd->name);
		snprintf(l->state, sizeof(l->state), "registered");
		l->api = cd->api;
		l->caller = cd->caller;
	}
	mutex_unlock(&chrdevs_lock);
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
