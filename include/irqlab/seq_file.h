/* include/irqlab/seq_file.h - text files made on demand: /proc/interrupts and friends.
 *
 * A file's show() function writes into a seq_file with seq_printf(); the shell's `cat`
 * prints the result and the KTAP tests parse it. Output past the buffer is cut and
 * m->overflow says so, rather than being lost without a word. */
#ifndef IRQLAB_SEQ_FILE_H
#define IRQLAB_SEQ_FILE_H

#include <irqlab/types.h>
#include <irqlab/list.h>

struct seq_file {
	char *buf;
	size_t size;
	size_t count;
	bool overflow;
	const void *private;            /* the file's data (proc_file.data), for show() */
};

void seq_printf(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
void seq_puts(struct seq_file *m, const char *s);
void seq_write(struct seq_file *m, const void *data, size_t len);

/* A file the shell can `cat`. Register one with DEFINE_PROC_FILE at file scope, or a
 * writable one (`echo 2 > /proc/irq/1/smp_affinity`) with DEFINE_PROC_FILE_RW. */
struct proc_file {
	const char *path;               /* "/proc/interrupts", "/dev/lothars_device" */
	int (*show)(struct seq_file *m);/* 0, or -errno (the shell prints the error) */
	/* What was written, whole (echo's text with its newline). 0, or -errno: the write
	 * changed nothing. NULL: the file is read-only. Process context. */
	int (*write)(const struct proc_file *f, const char *buf, size_t len);
	const void *data;               /* for one of a family of files: its line... */
	/* NULL, or whether the file exists now (a /proc/irq/N file: line N exists). */
	bool (*exists)(const struct proc_file *f);
	struct list_head node;          /* a file made at run time: on the list of those */
};

#define __PROC_FILE(ident)                                                      \
	static const struct proc_file __proc_file_##ident                       \
	__attribute__((used, section("proc_files"), aligned(4)))
#define DEFINE_PROC_FILE(ident, p, fn)                                          \
	__PROC_FILE(ident) = { .path = (p), .show = (fn) }
#define DEFINE_PROC_FILE_RW(ident, p, fn, wr, d, ex)                            \
	__PROC_FILE(ident) = { .path = (p), .show = (fn), .write = (wr), .data = (d), \
			       .exists = (ex) }

/* A file made at run time, whose name is known only then (Linux's sysfs: a WQ_SYSFS
 * queue's /sys/devices/virtual/workqueue/NAME/). f, its path and data stay the caller's
 * and must outlive its registration. proc_file_add() fails with -EEXIST if the path is
 * taken. proc_file_remove() only where no shell command can be using f: the shell looks
 * a file up and uses it within one command, and runs one command at a time, so a file
 * removed by that command (rmmod) or outside any command is safe. Process context. */
int proc_file_add(struct proc_file *f) __attribute__((warn_unused_result));
void proc_file_remove(struct proc_file *f);

/* The file at path if it exists now, else NULL. */
const struct proc_file *proc_file_find(const char *path);
/* For `ls`-style listings: iterate with i = 0, 1, ... until NULL; skip the files for
 * which proc_file_exists() is false. */
const struct proc_file *proc_file_at(unsigned int i);
static inline bool proc_file_exists(const struct proc_file *f)
{
	return !f->exists || f->exists(f);
}
/* Runs f's show() into m, with m->private set to f->data. */
static inline int proc_file_show(const struct proc_file *f, struct seq_file *m)
{
	m->private = f->data;
	return f->show(m);
}

#endif
