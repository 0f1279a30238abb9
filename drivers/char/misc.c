/* drivers/char/misc.c - misc devices: drivers that need one node share major 10 and
 * get a minor each. A dynamic minor here is the highest free one below
 * MISC_DYNAMIC_MINOR (Linux's dynamic range has moved between versions; no driver may
 * rely on its value). The node /dev/NAME is made at registration, as devtmpfs makes it.
 */
#include <irqlab/cdev.h>
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/miscdevice.h>
#include <irqlab/modleak.h>
#include <irqlab/module.h>
#include <irqlab/mutex.h>
#include <irqlab/printk.h>
#include <irqlab/vsprintf.h>

/* misc_lock guards misc_list, misc_cdev's registration and misc_minors. */
static DEFINE_MUTEX(misc_lock);
static LIST_HEAD(misc_list);
static bool misc_major_ready;
static struct cdev misc_cdev;           /* all 256 minors of major 10; open dispatches */
static bool misc_minors[MISC_DYNAMIC_MINOR];

/* Linux's misc_open: find the miscdevice by minor and switch to its fops. */
static int misc_open(struct inode *inode, struct file *file)
{
	struct miscdevice *m, *found = NULL;

	mutex_lock(&misc_lock);
	list_for_each_entry(m, &misc_list, list)
		if ((unsigned int)m->minor == MINOR(inode->i_rdev))
			found = m;
	/* Linux's fops_get(): the driver's module stays while the file is open. Under
	 * misc_lock, so it cannot be on its way out between the lookup and the get. */
	if (found && found->fops && !try_module_get(found->fops->owner))
		found = NULL;
	mutex_unlock(&misc_lock);
	if (!found || !found->fops)
		return -ENODEV;
	module_put(file->f_op->owner);  /* misc_fops' own (built in: NULL) */
	file->f_op = found->fops;
	file->private_data = found;
	return file->f_op->open ? file->f_op->open(inode, file) : 0;
}

static const struct file_operations misc_fops = { .open = misc_open };

/* misc_lock held. */
static int misc_major_init(void)
{
	int ret;

	if (misc_major_ready)
		return 0;
	ret = register_chrdev_region(MKDEV(MISC_MAJOR, 0), 256, "misc");
	if (ret)
		return ret;
	cdev_init(&misc_cdev, &misc_fops);
	ret = cdev_add(&misc_cdev, MKDEV(MISC_MAJOR, 0), 256);
	if (ret) {
		unregister_chrdev_region(MKDEV(MISC_MAJOR, 0), 256);
		return ret;
	}
	misc_major_ready = true;
	return 0;
}

int misc_register(struct miscdevice *misc)
{
	int ret, minor = misc->minor;

	if (!misc->name || !misc->fops || minor < 0 || minor > MISC_DYNAMIC_MINOR)
		return -EINVAL;
	mutex_lock(&misc_lock);
	ret = misc_major_init();
	if (ret)
		goto out;
	if (minor == MISC_DYNAMIC_MINOR) {
		for (minor = MISC_DYNAMIC_MINOR - 1; minor >= 0 && misc_minors[minor]; minor--)
			;
		if (minor < 0) {
			ret = -EBUSY;
			goto out;
		}
	} else if (misc_minors[minor]) {
		ret = -EBUSY;
		goto out;
	}
	ret = devtmpfs_create_node(misc->name, MKDEV(MISC_MAJOR, minor));
	if (ret)
		goto out;
	misc_minors[minor] = true;
	misc->minor = minor;
	misc->caller = (unsigned long)__builtin_return_address(0);
	list_add_tail(&misc->list, &misc_list);
out:
	mutex_unlock(&misc_lock);
	return ret;
}
EXPORT_SYMBOL(misc_register);

void misc_deregister(struct miscdevice *misc)
{
	mutex_lock(&misc_lock);
	list_del_init(&misc->list);
	if (misc->minor >= 0 && misc->minor < MISC_DYNAMIC_MINOR)
		misc_minors[misc->minor] = false;
	devtmpfs_delete_node(misc->name);
	mutex_unlock(&misc_lock);
}
EXPORT_SYMBOL(misc_deregister);

/* Misc devices in the module's pages, or whose fops or name are. */
void misc_scan_module_leaks(struct mod_leak_scan *s)
{
	struct miscdevice *m;

	mutex_lock(&misc_lock);
	list_for_each_entry(m, &misc_list, list) {
		struct mod_leak *l;

		if ((!mod_leak_within(s, m) && !mod_leak_within(s, m->fops) &&
		     !mod_leak_within(s, m->name)) || !(l = mod_leak_add(s)))
			continue;
		snprintf(l->what, sizeof(l->what), "misc device %u:%d fops", MISC_MAJOR,
			 m->minor);
		l->fn = (unsigned long)m->fops;
		snprintf(l->name, sizeof(l->name), "%s", m->name);
		snprintf(l->state, sizeof(l->state), "registered");
		l->api = "misc_register";
		l->caller = m->caller;
	}
	mutex_unlock(&misc_lock);
}
