/* kernel/devtmpfs.c - the /dev nodes devtmpfs would make: a name bound to a dev_t, made
 * by device_create() and misc_register(), looked up by the open path (kernel/cdev.c) and
 * listed by `ls /dev`. Linux's drivers/base/devtmpfs.c, without a filesystem under it.
 */
#include <irqlab/errno.h>
#include <irqlab/fs.h>
#include <irqlab/mutex.h>
#include <irqlab/printk.h>
#include <irqlab/seq_file.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>

#define MAX_NODES       64
#define NODE_NAME_MAX   32

struct dev_node {
	char name[NODE_NAME_MAX];       /* "" : the slot is free */
	dev_t devt;
};

/* nodes_lock guards nodes[]. */
static DEFINE_MUTEX(nodes_lock);
static struct dev_node nodes[MAX_NODES];

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
	mutex_lock(&nodes_lock);
	if (__node_find(name)) {
		mutex_unlock(&nodes_lock);
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
	mutex_unlock(&nodes_lock);
	return free ? 0 : -ENOSPC;
}

void devtmpfs_delete_node(const char *name)
{
	struct dev_node *n;

	mutex_lock(&nodes_lock);
	n = __node_find(name);
	if (n)
		n->name[0] = '\0';
	mutex_unlock(&nodes_lock);
}

const char *devtmpfs_node_name(unsigned int i, char *buf, size_t size)
{
	const char *ret = NULL;

	mutex_lock(&nodes_lock);
	for (int j = 0; j < MAX_NODES; j++)
		if (nodes[j].name[0] && i-- == 0) {
			snprintf(buf, size, "%s", nodes[j].name);
			ret = buf;
			break;
		}
	mutex_unlock(&nodes_lock);
	return ret;
}

int devtmpfs_node_devt(const char *name, dev_t *devt)
{
	struct dev_node *n;

	mutex_lock(&nodes_lock);
	n = __node_find(name);
	if (n)
		*devt = n->devt;
	mutex_unlock(&nodes_lock);
	return n ? 0 : -ENOENT;
}
