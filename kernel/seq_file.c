/* kernel/seq_file.c - seq_printf and the table of files `cat` knows. */
#include <irqlab/seq_file.h>
#include <irqlab/vsprintf.h>
#include <irqlab/string.h>

extern const struct proc_file __start_proc_files[], __stop_proc_files[];

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
	return __start_proc_files + i < __stop_proc_files ? __start_proc_files + i : NULL;
}

const struct proc_file *proc_file_find(const char *path)
{
	for (const struct proc_file *f = __start_proc_files; f < __stop_proc_files; f++)
		if (strcmp(f->path, path) == 0)
			return proc_file_exists(f) ? f : NULL;
	return NULL;
}
