/* kernel/seq_file.c - seq_printf and the table of files `cat` knows: the ones built in
 * (DEFINE_PROC_FILE, in the proc_files section), then the ones made at run time. */
#include <irqlab/errno.h>
#include <irqlab/seq_file.h>
#include <irqlab/spinlock.h>
#include <irqlab/vsprintf.h>
#include <irqlab/string.h>

extern const struct proc_file __start_proc_files[], __stop_proc_files[];

/* The files made at run time, in the order they came. Guarded by dyn_files_lock. */
static DEFINE_SPINLOCK(dyn_files_lock);
static LIST_HEAD(dyn_files);

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	size_t room = m->size - m->count;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(m->buf + m->count, room, fmt, ap);
	va_end(ap);
	if ((size_t)n >= room) {
		m->overflow = true;
		m->count = m->size ? m->size - 1 : 0;
	} else {
		m->count += n;
	}
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_printf(m, "%s", s);
}

void seq_write(struct seq_file *m, const void *data, size_t len)
{
	size_t room = m->size - m->count;

	if (len >= room) {      /* as seq_printf: one byte kept for the terminating NUL */
		m->overflow = true;
		len = room ? room - 1 : 0;
	}
	memcpy(m->buf + m->count, data, len);
	m->count += len;
}

const struct proc_file *proc_file_at(unsigned int i)
{
	const struct proc_file *found = NULL, *f;
	unsigned int n = (unsigned int)(__stop_proc_files - __start_proc_files);
	unsigned long flags;

	if (i < n)
		return __start_proc_files + i;
	spin_lock_irqsave(&dyn_files_lock, flags);
	list_for_each_entry(f, &dyn_files, node)
		if (n++ == i) {
			found = f;
			break;
		}
	spin_unlock_irqrestore(&dyn_files_lock, flags);
	return found;
}

static const struct proc_file *dyn_file_find(const char *path)
{
	const struct proc_file *f;

	list_for_each_entry(f, &dyn_files, node)
		if (strcmp(f->path, path) == 0)
			return f;
	return NULL;
}

const struct proc_file *proc_file_find(const char *path)
{
	const struct proc_file *f;
	unsigned long flags;

	for (f = __start_proc_files; f < __stop_proc_files; f++)
		if (strcmp(f->path, path) == 0)
			return proc_file_exists(f) ? f : NULL;
	spin_lock_irqsave(&dyn_files_lock, flags);
	f = dyn_file_find(path);
	spin_unlock_irqrestore(&dyn_files_lock, flags);
	return f && proc_file_exists(f) ? f : NULL;
}

int proc_file_add(struct proc_file *f)
{
	unsigned long flags;
	int ret = 0;

	if (proc_file_find(f->path))
		return -EEXIST;         /* a built-in file's path */
	spin_lock_irqsave(&dyn_files_lock, flags);
	if (dyn_file_find(f->path))
		ret = -EEXIST;
	else
		list_add_tail(&f->node, &dyn_files);
	spin_unlock_irqrestore(&dyn_files_lock, flags);
	return ret;
}

void proc_file_remove(struct proc_file *f)
{
	unsigned long flags;

	spin_lock_irqsave(&dyn_files_lock, flags);
	list_del_init(&f->node);
	spin_unlock_irqrestore(&dyn_files_lock, flags);
}
