/* kernel/shell/pipe.c - `cat /proc/interrupts | grep -i apic | wc -l`: a command's output
 * through the filters of filters.c, as a shell's pipe does.
 *
 * The command runs first, its kprintf() output collected (kprintf_redirect) in a buffer
 * of PIPE_BUF_SIZE - more than dmesg's whole ring - and each filter then rewrites the
 * text in turn; the console gets what is left. Kernel messages (printk) are not the
 * command's output and go to the console as they come, as on Linux. Output that does
 * not fit is not cut silently: the line is refused with a message. Only the first stage
 * is a command and only filters follow it; `>` is for a line without `|`.
 */
#include <irqlab/console.h>
#include <irqlab/errno.h>
#include <irqlab/seq_file.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include "filters.h"
#include "shell.h"

#define PIPE_BUF_SIZE   (64 * 1024)
#define PIPE_STAGES_MAX 8

/* Splits line at each `|` outside quotes into stages; their count, or -EINVAL. */
static int split_stages(char *line, char **stages)
{
	int n = 0;
	char quote = 0;

	stages[n++] = line;
	for (char *p = line; *p; p++) {
		if (quote) {
			quote = *p == quote ? 0 : quote;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '|') {
			if (n == PIPE_STAGES_MAX) {
				kprintf("sh: at most %d commands in a pipeline\n", PIPE_STAGES_MAX);
				return -EINVAL;
			}
			*p = '\0';
			stages[n++] = p + 1;
		}
	}
	return n;
}

bool shell_line_has_pipe(const char *line)
{
	char quote = 0;

	for (const char *p = line; *p; p++) {
		if (quote)
			quote = *p == quote ? 0 : quote;
		else if (*p == '\'' || *p == '"')
			quote = *p;
		else if (*p == '|')
			return true;
	}
	return false;
}

/* Every stage's words, checked before anything runs: the command exists, the rest are
 * filters, no stage is empty and none has a `>`. */
static int parse_stages(char **stages, int n, char *(*argv)[SHELL_ARGS_MAX + 1], int *argc)
{
	for (int i = 0; i < n; i++) {
		argc[i] = shell_split_args(stages[i], argv[i]);
		if (argc[i] < 0)
			return argc[i];
		if (argc[i] == 0) {
			kprintf("sh: syntax error near unexpected token `|'\n");
			return -EINVAL;
		}
		for (int a = 0; a < argc[i]; a++) {
			if (argv[i][a][0] == '>') {
				kprintf("sh: > in a pipeline is not supported\n");
				return -EINVAL;
			}
		}
		if (i == 0 && !shell_find(argv[0][0])) {
			kprintf("unknown command: %s (try 'help')\n", argv[0][0]);
			return -ENOENT;
		}
		if (i > 0 && !filter_known(argv[i][0])) {
			kprintf("sh: %s: cannot read a pipe here (after a |: grep, head, tail, wc)\n",
				argv[i][0]);
			return -EINVAL;
		}
	}
	return 0;
}

int shell_run_pipeline(char *line)
{
	char *stages[PIPE_STAGES_MAX];
	char *argv[PIPE_STAGES_MAX][SHELL_ARGS_MAX + 1];
	int argc[PIPE_STAGES_MAX];
	const struct shell_cmd *cmd;
	struct seq_file m = { .size = PIPE_BUF_SIZE }, *outer;
	int n = split_stages(line, stages), ret;
	size_t len;

	if (n < 0)
		return n;
	ret = parse_stages(stages, n, argv, argc);
	if (ret)
		return ret;
	m.buf = kmalloc(PIPE_BUF_SIZE, GFP_KERNEL);
	if (!m.buf) {
		kprintf("sh: no memory for a pipe of %d KiB\n", PIPE_BUF_SIZE / 1024);
		return -ENOMEM;
	}
	cmd = shell_find(argv[0][0]);
	outer = kprintf_redirect(&m);
	ret = cmd->fn(argc[0], argv[0]);
	kprintf_redirect(outer);
	if (m.overflow) {
		kprintf("sh: %s: output over %d KiB, more than a pipe holds here\n", cmd->name,
			PIPE_BUF_SIZE / 1024);
		kfree(m.buf);
		return -EFBIG;
	}
	len = m.count;
	for (int i = 1; i < n; i++) {
		char err[FILTER_ERR_MAX];
		int fret = filter_apply(argc[i], argv[i], m.buf, &len, PIPE_BUF_SIZE, err,
					sizeof(err));

		if (fret) {
			kprintf("%s\n", err);
			kfree(m.buf);
			return fret;
		}
	}
	kprintf_write(m.buf, len);      /* the console, or a `watch` around this line */
	kfree(m.buf);
	return ret;
}

/* The filters alone, with nothing piped in: in `help`, and saying how they are used. */
static int cmd_filter_alone(int argc, char **argv)
{
	(void)argc;
	kprintf("%s: reads a pipe: try `cat /proc/interrupts | %s ...`\n", argv[0], argv[0]);
	return -EINVAL;
}
SHELL_CMD(grep, "[-i] [-v] [-c] PATTERN", "after a |: the lines matching PATTERN",
	  cmd_filter_alone);
SHELL_CMD(head, "[-n N]", "after a |: the first N lines (10)", cmd_filter_alone);
SHELL_CMD(tail, "[-n N]", "after a |: the last N lines (10)", cmd_filter_alone);
SHELL_CMD(wc, "[-l] [-w] [-c]", "after a |: count lines, words, bytes", cmd_filter_alone);
