/* drivers/base/class.c - struct class and struct device, as far as the course notes'
 * drivers use them: class_create() names a group, device_create() with a dev_t makes
 * the node /dev/NAME (devtmpfs's job in Linux) and device_destroy() removes it. No sysfs.
 */
#include <irqlab/device.h>
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/modleak.h>
#include <irqlab/mutex.h>
#include <irqlab/printk.h>
#include <irqlab/slab.h>
#include <irqlab/vsprintf.h>

/* class_lock guards every class's devices list, and the list of classes. */
static DEFINE_MUTEX(class_lock);
static LIST_HEAD(classes);

struct class *class_create(struct module *owner, const char *name)
{
	struct class *cls;

	if (!name)
		return ERR_PTR(-EINVAL);
	cls = kzalloc(sizeof(*cls), GFP_KERNEL);
	if (!cls)
		return ERR_PTR(-ENOMEM);
	cls->name = name;
	cls->owner = owner;
	cls->caller = (unsigned long)__builtin_return_address(0);
	INIT_LIST_HEAD(&cls->devices);
	mutex_lock(&class_lock);
	list_add_tail(&cls->node, &classes);
	mutex_unlock(&class_lock);
	return cls;
}
EXPORT_SYMBOL(class_create);

static void device_free(struct device *dev)
{
	if (dev->devt)
		devtmpfs_delete_node(dev->name);
	kfree(dev);
}

void class_destroy(struct class *cls)
{
	struct device *dev, *tmp;

	if (IS_ERR_OR_NULL(cls))
		return;
	mutex_lock(&class_lock);
	list_for_each_entry_safe(dev, tmp, &cls->devices, node) {
		list_del(&dev->node);
		device_free(dev);
	}
	list_del(&cls->node);
	mutex_unlock(&class_lock);
	kfree(cls);
}
EXPORT_SYMBOL(class_destroy);

struct device *device_create(struct class *cls, struct device *parent, dev_t devt,
			     void *drvdata, const char *fmt, ...)
{
	struct device *dev;
	va_list ap;
	int ret;

	if (IS_ERR_OR_NULL(cls) || !fmt)
		return ERR_PTR(-EINVAL);
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	va_start(ap, fmt);
	ret = vsnprintf(dev->name, sizeof(dev->name), fmt, ap);
	va_end(ap);
	if (ret <= 0 || ret >= (int)sizeof(dev->name)) {
		kfree(dev);
		return ERR_PTR(-EINVAL);
	}
	dev->class = cls;
	dev->parent = parent;
	dev->devt = devt;
	dev->driver_data = drvdata;
	if (devt) {
		ret = devtmpfs_create_node(dev->name, devt);
		if (ret) {
			kfree(dev);
			return ERR_PTR(ret);
		}
	}
	mutex_lock(&class_lock);
	list_add_tail(&dev->node, &cls->devices);
	mutex_unlock(&class_lock);
	return dev;
}
EXPORT_SYMBOL(device_create);

void device_destroy(struct class *cls, dev_t devt)
{
	struct device *dev, *found = NULL;

	if (IS_ERR_OR_NULL(cls))
		return;
	mutex_lock(&class_lock);
	list_for_each_entry(dev, &cls->devices, node)
		if (dev->devt == devt) {
			found = dev;
			break;
		}
	if (found)
		list_del(&found->node);
	mutex_unlock(&class_lock);
	if (found)
		device_free(found);
}
EXPORT_SYMBOL(device_destroy);

/* Classes the module owns, made or named, each with its devices. */
void class_scan_module_leaks(struct mod_leak_scan *s)
{
	struct class *cls;
	struct device *dev;

	mutex_lock(&class_lock);
	list_for_each_entry(cls, &classes, node) {
		struct mod_leak *l;

		if (!mod_leak_within(s, cls->owner) && !mod_leak_within(s, cls->name) &&
		    !mod_leak_within(s, (void *)cls->caller))
			continue;
		if ((l = mod_leak_add(s))) {
			snprintf(l->what, sizeof(l->what), "class");
			snprintf(l->name, sizeof(l->name), "%s", cls->name);
			snprintf(l->state, sizeof(l->state), "registered");
			l->api = "class_create";
			l->caller = cls->caller;
		}
		list_for_each_entry(dev, &cls->devices, node)
			if ((l = mod_leak_add(s))) {
				snprintf(l->what, sizeof(l->what), "device %u:%u", MAJOR(dev->devt),
					 MINOR(dev->devt));
				snprintf(l->name, sizeof(l->name), "%s", dev->name);
				snprintf(l->state, sizeof(l->state), "in class %s", cls->name);
				l->api = "device_create";
			}
	}
	mutex_unlock(&class_lock);
}
