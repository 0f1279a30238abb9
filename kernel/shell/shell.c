/* kernel/shell/shell.c - the irqlab> prompt: reading a line, and running it.
 *
 * Input comes from the console queue (COM1 and the keyboard alike). Editing keys:
 * Backspace/DEL, Ctrl-U (erase line), Ctrl-C (cancel line), Ctrl-L (redraw), Up/Down
 * (history, also Ctrl-P/Ctrl-N). A line longer than SHELL_LINE_MAX is not cut short
 * silently: the extra characters are refused with a bell and, at Enter, a message says
 * the line was too long and it is not run. Other control bytes ring the bell.
 */
#include <irqlab/console.h>
#include <irqlab/errno.h>
#include <irqlab/string.h>
#include "shell.h"

#define HISTORY_LEN     16

#define CTRL(c)         ((c) & 0x1f)
#define KEY_BS          0x08
#define KEY_DEL         0x7f
#define KEY_ESC         0x1b

extern const struct shell_cmd __start_shell_cmds[], __stop_shell_cmds[];

static char history[HISTORY_LEN][SHELL_LINE_MAX];
static unsigned int history_count;      /* lines ever stored; the newest is count-1 */

const struct shell_cmd *shell_find(const char *name)
{
	for (const struct shell_cmd *c = __start_shell_cmds; c < __stop_shell_cmds; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int shell_usage(const char *name)
{
	const struct shell_cmd *c = shell_find(name);
	char buf[SHELL_ARGS_BUF];
	const char *args = c ? shell_cmd_args(c, buf, sizeof(buf)) : "";

	kprintf("usage: %s%s%s\n", name, args[0] ? " " : "", args);
	return -EINVAL;
}

static int split_args(char *line, char **argv)
{
	int argc = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		if (argc == SHELL_ARGS_MAX)
			return -E2BIG;
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	return argc;
}

int shell_execute(char *line)
{
	char *argv[SHELL_ARGS_MAX + 1];
	const struct shell_cmd *cmd;
	int argc = split_args(line, argv);

	if (argc == -E2BIG) {
		kprintf("too many arguments (at most %d)\n", SHELL_ARGS_MAX - 1);
		return -E2BIG;
	}
	if (argc == 0)
		return 0;
	argv[argc] = NULL;
	cmd = shell_find(argv[0]);
	if (!cmd) {
		kprintf("unknown command: %s (try 'help')\n", argv[0]);
		return -ENOENT;
	}
	return cmd->fn(argc, argv);
}

static void bell(void)
{
	console_write("\a", 1);
}

/* Puts the line on the screen again after it was replaced (history) or erased. */
static void redraw(const char *buf, size_t len, size_t old_len)
{
	static const char prompt[] = "\r" SHELL_PROMPT;

	console_write(prompt, sizeof(prompt) - 1);
	console_write(buf, len);
	for (size_t i = len; i < old_len; i++)
		console_write(" ", 1);
	for (size_t i = len; i < old_len; i++)
		console_write("\b", 1);
}

static void history_add(const char *line)
{
	if (!line[0])
		return;
	if (history_count && strcmp(history[(history_count - 1) % HISTORY_LEN], line) == 0)
		return;
	strlcpy(history[history_count % HISTORY_LEN], line, SHELL_LINE_MAX);
	history_count++;
}

/* Reads one line into buf. Returns its length, or -E2BIG when it was too long. */
static int read_line(char *buf)
{
	size_t len = 0;
	bool too_long = false;
	unsigned int hist = history_count;      /* history_count = the line being typed */
	int esc = 0;

	for (;;) {
		int c = console_getc();

		if (esc == 1) {                 /* ESC seen: expect '[' */
			esc = (c == '[') ? 2 : 0;
			continue;
		}
		if (esc == 2) {                 /* ESC [ x: arrows */
			esc = 0;
			if (c == 'A')
				c = CTRL('P');
			else if (c == 'B')
				c = CTRL('N');
			else
				continue;       /* other keys (left/right...) are not used */
		}

		switch (c) {
		case '\r':
		case '\n':
			console_write("\n", 1);
			buf[len] = '\0';
			if (too_long) {
				kprintf("line too long: at most %d characters; not run\n",
					SHELL_LINE_MAX - 1);
				return -E2BIG;
			}
			return (int)len;
		case KEY_BS:
		case KEY_DEL:
			if (len) {
				len--;
				console_write("\b \b", 3);
			} else {
				bell();
			}
			break;
		case CTRL('U'):
			redraw(buf, 0, len);
			len = 0;
			too_long = false;
			break;
		case CTRL('C'):
			console_write("^C\n", 3);
			buf[0] = '\0';
			return 0;
		case CTRL('L'):
			console_write("\n", 1);
			redraw(buf, len, 0);
			break;
		case CTRL('P'):
		case CTRL('N'): {
			size_t old = len;
			unsigned int oldest = history_count > HISTORY_LEN ? history_count - HISTORY_LEN : 0;

			if (c == CTRL('P') && hist > oldest)
				hist--;
			else if (c == CTRL('N') && hist < history_count)
				hist++;
			else {
				bell();
				break;
			}
			if (hist == history_count)
				buf[0] = '\0';
			else
				strlcpy(buf, history[hist % HISTORY_LEN], SHELL_LINE_MAX);
			len = strlen(buf);
			redraw(buf, len, old);
			break;
		}
		case KEY_ESC:
			esc = 1;
			break;
		default:
			if (c < ' ' || c > '~') {       /* control or non-ASCII byte: refused */
				bell();
				break;
			}
			if (len == SHELL_LINE_MAX - 1) {
				too_long = true;
				bell();
				break;
			}
			buf[len++] = (char)c;
			console_write((char *)&buf[len - 1], 1);
		}
	}
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
	static char line[SHELL_LINE_MAX];

	kprintf("\nirqlab shell. Type 'help' for the commands.\n");
	for (;;) {
		int n;

		report_dropped_input();
		kprintf(SHELL_PROMPT);
		n = read_line(line);
		if (n <= 0)
			continue;
		history_add(line);
		shell_execute(line);
	}
}
