/* kernel/workqueue/sysfs.c - /sys/devices/virtual/workqueue: the unbound CPUs, and the
 * queues made with WQ_SYSFS, as Linux shows them.
 *
 *   cpumask              the CPUs unbound kworkers may run on, hex ("3"); writable:
 *                        `echo 1 > /sys/devices/virtual/workqueue/cpumask` keeps every
 *                        WQ_UNBOUND item on CPU 0 from then on
 *   NAME/per_cpu         1 for a bound queue, 0 for a WQ_UNBOUND one
 *   NAME/max_active      how many of its items may run at once (per CPU if bound);
 *                        writable (workqueue_set_max_active): items held back start
 *                        at once if the new limit allows
 *
 * Linux's unbound queue's directory has more files (its own cpumask, nice,
 * pool_ids...): irqlab's unbound queues share one pool per priority instead of one per
 * set of attributes, so they have no attributes of their own to show or change.
 *
 * A write of cpumask takes effect for a worker at its next wake-up: one running an item
 * ends it where it is. The mask must hold an online CPU (-EINVAL otherwise, Linux's
 * answer), so unbound work always has somewhere to run.
 */
#include <irqlab/bitmap.h>
#include <irqlab/cpumask.h>
#include <irqlab/errno.h>
#include <irqlab/kstrtox.h>
#include <irqlab/panic.h>
#include <irqlab/seq_file.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "internal.h"

#define WQ_SYSFS_DIR    "/sys/devices/virtual/workqueue/"

/* Written under wq_cpumask_mutex, then applied to each unbound pool's workers under
 * that pool's lock; create_worker() reads it under the same pool lock
 * (wq_unbound_cpus()), so a worker created during a write gets the new mask either
 * from its creator or from the write's walk. All CPUs until a write. */
static DEFINE_MUTEX(wq_cpumask_mutex);
static unsigned long wq_unbound_cpumask = CPU_MASK_ALL;

unsigned long wq_unbound_cpus(void)
{
	unsigned long mask = READ_ONCE(wq_unbound_cpumask) & cpu_online_mask;

	return mask ? mask : cpu_online_mask;   /* the CPU a write saw online stays so */
}

static int show_cpumask(struct seq_file *m)
{
	char buf[64];

	bitmap_print_mask(buf, sizeof(buf), READ_ONCE(wq_unbound_cpumask) & __cpu_possible_mask,
			  nr_cpu_ids);
	seq_printf(m, "%s\n", buf);
	return 0;
}

static int write_cpumask(const struct proc_file *f, const char *buf, size_t len)
{
	unsigned long mask, flags;
	int err;

	(void)f;
	err = bitmap_parse(buf, len, &mask, NR_CPUS);
	if (err)
		return err;
	if (!(mask & cpu_online_mask))
		return -EINVAL;
	mutex_lock(&wq_cpumask_mutex);
	WRITE_ONCE(wq_unbound_cpumask, mask);
	for (int highpri = 0; highpri < NR_STD_WORKER_POOLS; highpri++) {
		struct worker_pool *pool = unbound_pool(highpri);
		struct worker *worker;

		spin_lock_irqsave(&pool->lock, flags);
		list_for_each_entry(worker, &pool->workers, node)
			WARN_ON(set_cpus_allowed_ptr(worker->task, wq_unbound_cpus()));
		spin_unlock_irqrestore(&pool->lock, flags);
	}
	mutex_unlock(&wq_cpumask_mutex);
	return 0;
}
DEFINE_PROC_FILE_RW(wq_cpumask, WQ_SYSFS_DIR "cpumask", show_cpumask, write_cpumask,
		    NULL, NULL);

/* A WQ_SYSFS queue's directory: its files and their paths, freed with the queue. */
enum { WQ_ATTR_PER_CPU, WQ_ATTR_MAX_ACTIVE, NR_WQ_ATTRS };
struct wq_device {
	struct proc_file files[NR_WQ_ATTRS];
	char paths[NR_WQ_ATTRS][sizeof(WQ_SYSFS_DIR) + WQ_NAME_LEN + 12];
};

static int show_per_cpu(struct seq_file *m)
{
	const struct workqueue_struct *wq = m->private;

	seq_printf(m, "%d\n", !(wq->flags & WQ_UNBOUND));
	return 0;
}

static int show_max_active(struct seq_file *m)
{
	const struct workqueue_struct *wq = m->private;

	seq_printf(m, "%d\n", READ_ONCE(wq->saved_max_active));
	return 0;
}

/* Linux's max_active_store(): a number above 0, then clamped to WQ_MAX_ACTIVE. */
static int write_max_active(const struct proc_file *f, const char *buf, size_t len)
{
	char text[16];
	int val;

	if (len >= sizeof(text))
		return -EINVAL;
	memcpy(text, buf, len);
	text[len] = '\0';
	if (kstrtoint(text, 10, &val) || val <= 0)
		return -EINVAL;
	workqueue_set_max_active((struct workqueue_struct *)f->data, val);
	return 0;
}

static const struct {
	const char *name;
	int (*show)(struct seq_file *m);
	int (*write)(const struct proc_file *f, const char *buf, size_t len);
} wq_attrs[NR_WQ_ATTRS] = {
	[WQ_ATTR_PER_CPU]    = { "per_cpu", show_per_cpu, NULL },
	[WQ_ATTR_MAX_ACTIVE] = { "max_active", show_max_active, write_max_active },
};

int workqueue_sysfs_register(struct workqueue_struct *wq)
{
	struct wq_device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	int i, err = 0;

	if (!dev)
		return -ENOMEM;
	for (i = 0; i < NR_WQ_ATTRS; i++) {
		struct proc_file *f = &dev->files[i];

		snprintf(dev->paths[i], sizeof(dev->paths[i]), WQ_SYSFS_DIR "%s/%s", wq->name,
			 wq_attrs[i].name);
		f->path = dev->paths[i];
		f->show = wq_attrs[i].show;
		f->write = wq_attrs[i].write;
		f->data = wq;
		INIT_LIST_HEAD(&f->node);
		err = proc_file_add(f);
		if (err)
			break;
	}
	if (err) {
		while (i--)
			proc_file_remove(&dev->files[i]);
		kfree(dev);
		return err;
	}
	wq->sysfs = dev;
	return 0;
}

void workqueue_sysfs_unregister(struct workqueue_struct *wq)
{
	struct wq_device *dev = wq->sysfs;

	if (!dev)
		return;
	for (int i = 0; i < NR_WQ_ATTRS; i++)
		proc_file_remove(&dev->files[i]);
	wq->sysfs = NULL;
	kfree(dev);
}
