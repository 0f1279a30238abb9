/* include/irqlab/device.h - struct class and struct device, enough for the course notes'
 * class_create()/device_create(): a device made with a dev_t gets its node /dev/NAME, as
 * devtmpfs makes it in Linux. Process context (may sleep). Errors come back as
 * ERR_PTR(-errno) (include/irqlab/err.h). */
#ifndef IRQLAB_DEVICE_H
#define IRQLAB_DEVICE_H

#include <irqlab/err.h>
#include <irqlab/fs.h>
#include <irqlab/list.h>

#define DEVICE_NAME_MAX 32

struct class {
	const char *name;
	struct module *owner;
	struct list_head devices;       /* its struct devices; class_lock */
	struct list_head node;          /* irqlab's: on the list of classes; class_lock */
	unsigned long caller;           /* class_create's caller, for the module leak
					 * report; set before it is listed */
};

struct device {
	struct class *class;
	struct device *parent;
	dev_t devt;
	void *driver_data;
	struct list_head node;          /* in class->devices; class_lock */
	char name[DEVICE_NAME_MAX];
};

/* Linux 5.4/6.1's two-argument form. */
struct class *class_create(struct module *owner, const char *name);
/* Destroys the class's remaining devices too. */
void class_destroy(struct class *cls);
struct device *device_create(struct class *cls, struct device *parent, dev_t devt,
			     void *drvdata, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void device_destroy(struct class *cls, dev_t devt);
static inline void *dev_get_drvdata(const struct device *dev) { return dev->driver_data; }

#endif
