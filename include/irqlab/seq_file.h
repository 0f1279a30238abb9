/* include/irqlab/seq_file.h - text files made on demand: /proc/interrupts and friends.
 *
 * A file's show() function writes into a seq_file with seq_printf(); the shell's `cat`
 * prints the result and the KTAP tests parse it. Output past the buffer is cut and
 * m->overflow says so, rather than being lost without a word. */
#ifndef IRQLAB_SEQ_FILE_H
#define IRQLAB_SEQ_FILE_H

#include <irqlab/types.h>

struct seq_file {
	char *buf;
	size_t size;
	size_t count;
	bool overflow;
};

void seq_printf(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
void seq_puts(struct seq_file *m, const char *s);

/* A file the shell can `cat`. Register one with DEFINE_PROC_FILE at file scope. */
struct proc_file {
	const char *path;               /* "/proc/interrupts", "/dev/lothars_device" */
	int (*show)(struct seq_file *m);/* 0, or -errno (the shell prints the error) */
};

#define DEFINE_PROC_FILE(ident, p, fn)                                          \
	static const struct proc_file __proc_file_##ident                       \
	__attribute__((used, section("proc_files"), aligned(4))) = { .path = (p), .show = (fn) }

const struct proc_file *proc_file_find(const char *path);
/* For `ls`-style listings: iterate with i = 0, 1, ... until NULL. */
const struct proc_file *proc_file_at(unsigned int i);

#endif
