/* drivers/base/class.c - struct class and struct device, as far as the course notes'
 * drivers use them: class_create() names a group, device_create() with a dev_t makes
 * the node /dev/NAME (devtmpfs's job in Linux) and device_destroy() removes it. No sysfs.
 */
#include <irqlab/device.h>
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/mutex.h>
#include <irqlab/printk.h>
#include <irqlab/slab.h>
#include <irqlab/vsprintf.h>

/* class_lock guards every class's devices list. */
static DEFINE_MUTEX(class_lock);

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
	INIT_LIST_HEAD(&cls->devices);
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
