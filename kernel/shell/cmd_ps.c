/* kernel/shell/cmd_ps.c - `ps`: every thread, its state, scheduling class, and the CPU
 * it runs or last ran on (PSR, as Linux's ps -o psr).
 *
 * `ps ax -o pid,ni,cmd`, the course notes' line, picks the columns as Linux's ps does,
 * with its headers and its ways: NI is "-" for a SCHED_FIFO thread (its nice does not
 * count there), CMD puts a kernel thread's name in brackets, and every irqlab thread is
 * a kernel thread. `ax`, `-e` and `-A` (every process) are taken and change nothing:
 * ps always lists every thread. */
#include <irqlab/errno.h>
#include <irqlab/kthread.h>
#include <irqlab/sched.h>
#include <irqlab/string.h>
#include "shell.h"

enum ps_field { F_PID, F_NI, F_CLS, F_RTPRIO, F_PSR, F_S, F_COMM, F_CMD, F_ARGS };

/* The -o names Linux's ps takes for them, and its headers and widths. */
static const struct {
	const char *name;
	enum ps_field field;
	const char *header;
	int width;                      /* right-aligned if > 0, left-aligned if < 0 */
} ps_formats[] = {
	{ "pid", F_PID, "PID", 5 },         { "ni", F_NI, "NI", 3 },
	{ "nice", F_NI, "NI", 3 },          { "cls", F_CLS, "CLS", 3 },
	{ "class", F_CLS, "CLS", 3 },       { "rtprio", F_RTPRIO, "RTPRIO", 6 },
	{ "psr", F_PSR, "PSR", 3 },         { "s", F_S, "S", 1 },
	{ "comm", F_COMM, "COMMAND", -15 }, { "ucomm", F_COMM, "COMMAND", -15 },
	{ "cmd", F_CMD, "CMD", -27 },       { "args", F_ARGS, "COMMAND", -27 },
	{ "command", F_ARGS, "COMMAND", -27 },
};

#define PS_MAX_COLUMNS  12

struct ps_columns {
	int n;
	unsigned char fmt[PS_MAX_COLUMNS];      /* indexes into ps_formats */
};

static void ps_row(struct task_struct *t, void *arg)
{
	char cls[12], name[64];         /* 64: Linux's buffer for a kthread's full name */

	(void)arg;
	if (t->policy == SCHED_FIFO)
		snprintf(cls, sizeof(cls), "FIFO %2d", t->rt_priority);
	else
		snprintf(cls, sizeof(cls), "NORMAL");
	get_kthread_comm(name, sizeof(name), t);
	kprintf("%5d  %-14s %-8s %3d %8llu %8llu %8llu  %s\n", t->pid, task_state_name(t),
		cls, READ_ONCE(t->cpu), t->ticks, t->nvcsw, t->nivcsw, name);
}

static void ps_cell(const struct ps_columns *cols, int i, const char *text)
{
	int width = ps_formats[cols->fmt[i]].width;
	bool last = i == cols->n - 1;

	if (width < 0 && last)
		kprintf("%s", text);            /* as Linux's: no padding at the line's end */
	else if (width < 0)
		kprintf("%-*s ", -width, text);
	else
		kprintf(last ? "%*s" : "%*s ", width, text);
}

static void ps_formatted_row(struct task_struct *t, void *arg)
{
	const struct ps_columns *cols = arg;
	bool fifo = t->policy == SCHED_FIFO;
	char buf[68], name[64];

	get_kthread_comm(name, sizeof(name), t);
	for (int i = 0; i < cols->n; i++) {
		switch (ps_formats[cols->fmt[i]].field) {
		case F_PID:
			snprintf(buf, sizeof(buf), "%d", t->pid);
			break;
		case F_NI:
			snprintf(buf, sizeof(buf), fifo ? "-" : "%d", task_nice(t));
			break;
		case F_CLS:
			snprintf(buf, sizeof(buf), "%s", fifo ? "FF" : "TS");
			break;
		case F_RTPRIO:
			snprintf(buf, sizeof(buf), fifo ? "%d" : "-", t->rt_priority);
			break;
		case F_PSR:
			snprintf(buf, sizeof(buf), "%d", READ_ONCE(t->cpu));
			break;
		case F_S:
			snprintf(buf, sizeof(buf), "%c", task_state_name(t)[0]);
			break;
		case F_COMM:
			snprintf(buf, sizeof(buf), "%s", t->comm);
			break;
		case F_CMD:
		case F_ARGS:
			snprintf(buf, sizeof(buf), "[%s]", name);
			break;
		}
		ps_cell(cols, i, buf);
	}
	kprintf("\n");
}

/* "pid,ni,cmd" (commas or spaces between) into cols; false after saying why not. Cuts
 * list up. */
static bool ps_parse_format(char *list, struct ps_columns *cols)
{
	char *word = list;

	while (*word) {
		char *end = word;
		bool more;
		size_t f;

		while (*end && *end != ',' && *end != ' ')
			end++;
		more = *end != '\0';
		*end = '\0';
		for (f = 0; *word && f < ARRAY_SIZE(ps_formats); f++)
			if (strcmp(word, ps_formats[f].name) == 0)
				break;
		if (*word && f == ARRAY_SIZE(ps_formats)) {
			kprintf("ps: error: unknown user-defined format specifier \"%s\"\n", word);
			return false;
		}
		if (*word && cols->n == PS_MAX_COLUMNS) {
			kprintf("ps: error: more than %d columns\n", PS_MAX_COLUMNS);
			return false;
		}
		if (*word)
			cols->fmt[cols->n++] = (unsigned char)f;
		word = more ? end + 1 : end;
	}
	return true;
}

static int cmd_ps(int argc, char **argv)
{
	struct ps_columns cols = { 0 };

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "ax") || !strcmp(argv[i], "xa") || !strcmp(argv[i], "-e") ||
		    !strcmp(argv[i], "-A") || !strcmp(argv[i], "-ax"))
			continue;       /* every process: ps lists every thread anyway */
		if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			if (!ps_parse_format(argv[++i], &cols))
				return -EINVAL;
			continue;
		}
		return shell_usage("ps");
	}
	if (!cols.n) {
		kprintf("%5s  %-14s %-8s %3s %8s %8s %8s  %s\n", "PID", "STATE", "CLASS", "PSR",
			"TICKS", "VOLSW", "INVOLSW", "NAME");
		for_each_task(ps_row, NULL);
		return 0;
	}
	for (int i = 0; i < cols.n; i++)
		ps_cell(&cols, i, ps_formats[cols.fmt[i]].header);
	kprintf("\n");
	for_each_task(ps_formatted_row, &cols);
	return 0;
}
SHELL_CMD(ps, "[ax|-e] [-o pid,ni,cls,rtprio,psr,s,comm,cmd]",
	  "list the threads: state, class, CPU, ticks, switches; -o picks columns as Linux's ps",
	  cmd_ps);
