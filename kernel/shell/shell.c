/* kernel/shell/shell.c - the irqlab> prompt: reading a line, and running it.
 *
 * Input comes from the console queue (COM1 and the keyboard alike) and is edited by the
 * line editor (kernel/shell/line_edit.c, where the keys are listed). A line longer than
 * SHELL_LINE_MAX is not cut short silently: the extra characters are refused with a bell
 * and, at Enter, a message says the line was too long and it is not run. Kernel messages
 * that arrive while a line is typed end up above it: the console redraws the line.
 */
#include <irqlab/console.h>
#include <irqlab/errno.h>
#include <irqlab/irqflags.h>
#include <irqlab/string.h>
#include "line_edit.h"
#include "shell.h"

_Static_assert(SHELL_LINE_MAX == LINE_EDIT_MAX, "the shell reads lines the editor holds");

extern const struct shell_cmd __start_shell_cmds[], __stop_shell_cmds[];

const struct shell_cmd *shell_find(const char *name)
{
	for (const struct shell_cmd *c = __start_shell_cmds; c < __stop_shell_cmds; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

const char *shell_strerror(int err)
{
	switch (err) {
	case -EPERM:     return "Operation not permitted";
	case -ENOENT:    return "No such file or directory";
	case -ESRCH:     return "No such process";
	case -EIO:       return "Input/output error";
	case -ENXIO:     return "No such device or address";
	case -EFAULT:    return "Bad address";
	case -EFBIG:     return "File too large";
	case -ENOMEM:    return "Cannot allocate memory";
	case -EACCES:    return "Permission denied";
	case -EBUSY:     return "Device or resource busy";
	case -EAGAIN:    return "Resource temporarily unavailable";
	case -EINVAL:    return "Invalid argument";
	case -ENOEXEC:   return "Exec format error";
	case -EEXIST:    return "File exists";
	case -ENODEV:    return "No such device";
	case -EISDIR:    return "Is a directory";
	case -ENAMETOOLONG: return "File name too long";
	case -ERANGE:    return "Numerical result out of range";
	case -EOVERFLOW: return "Value too large for defined data type";
	default:         return "Unknown error";
	}
}

int shell_usage(const char *name)
{
	const struct shell_cmd *c = shell_find(name);
	char buf[SHELL_ARGS_BUF];
	const char *args = c ? shell_cmd_args(c, buf, sizeof(buf)) : "";

	kprintf("usage: %s%s%s\n", name, args[0] ? " " : "", args);
	return -EINVAL;
}

/* Words are split at spaces and tabs; a quoted part ('...' or "...", no escapes) keeps
 * its spaces and loses its quotes, as in sh: `grep 'timer i'` gives grep one word. */
int shell_split_args(char *line, char **argv)
{
	int argc = 0;
	char *p = line;

	for (;;) {
		char *w;
		bool more;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (argc == SHELL_ARGS_MAX) {
			kprintf("too many arguments (at most %d)\n", SHELL_ARGS_MAX - 1);
			return -E2BIG;
		}
		argv[argc++] = w = p;
		while (*p && *p != ' ' && *p != '\t') {
			char quote = *p;

			if (quote != '\'' && quote != '"') {
				*w++ = *p++;
				continue;
			}
			for (p++; *p && *p != quote; )
				*w++ = *p++;
			if (!*p) {
				kprintf("sh: unexpected EOF while looking for matching `%c'\n", quote);
				return -EINVAL;
			}
			p++;
		}
		more = *p != '\0';
		*w = '\0';             /* may land on the separator: more remembers it */
		if (more)
			p++;
	}
	argv[argc] = NULL;
	return argc;
}

int shell_execute(char *line)
{
	char *argv[SHELL_ARGS_MAX + 1];
	const struct shell_cmd *cmd;
	const char *path;
	int argc;

	if (shell_line_has_pipe(line))
		return shell_run_pipeline(line);
	argc = shell_split_args(line, argv);
	argc = argc > 0 ? shell_take_redirect(argc, argv, &path) : argc;
	if (argc <= 0)
		return argc;
	cmd = shell_find(argv[0]);
	if (!cmd) {
		kprintf("unknown command: %s (try 'help')\n", argv[0]);
		return -ENOENT;
	}
	if (path)
		return shell_run_redirected(cmd, argc, argv, path);
	return cmd->fn(argc, argv);
}

static struct line_history history;
/* The shell thread's line; the console redraws it (interrupts off, see console.h). */
static struct line_editor editor = {
	.write = console_edit_write,
	.prompt = SHELL_PROMPT,
	.history = &history,
};

static void editor_redraw(void)
{
	line_edit_redraw(&editor);
}

/* Prints the prompt and reads one line into editor.buf. Returns its length, 0 for a
 * cancelled line, or -E2BIG when it was too long. */
static int read_line(void)
{
	enum line_edit_result r;
	unsigned long flags;

	local_irq_save(flags);
	line_edit_begin(&editor);
	console_edit_begin(editor_redraw);
	local_irq_restore(flags);
	do {
		int c = console_getc();

		local_irq_save(flags);
		console_edit_reveal();
		r = line_edit_feed(&editor, (u8)c);
		if (r != LINE_EDIT_MORE)
			console_edit_end();
		local_irq_restore(flags);
	} while (r == LINE_EDIT_MORE);

	if (r == LINE_EDIT_TOO_LONG) {
		kprintf("line too long: at most %d characters; not run\n", SHELL_LINE_MAX - 1);
		return -E2BIG;
	}
	return (int)editor.len;
}

/* Input the console queue had to refuse (a paste or a flood faster than the shell
 * reads) is reported at the next prompt rather than vanishing. */
static void report_dropped_input(void)
{
	static u32 reported;
	u32 dropped = console_input_dropped();

	if (dropped != reported) {
		kprintf("console: %u input bytes dropped (input queue full)\n", dropped - reported);
		reported = dropped;
	}
}

void shell_run(void)
{
	kprintf("\nirqlab shell. Type 'help' for the commands.\n");
	for (;;) {
		int n;

		report_dropped_input();
		n = read_line();
		if (n <= 0)
			continue;
		line_history_add(&history, editor.buf);
		shell_execute(editor.buf);
	}
}
