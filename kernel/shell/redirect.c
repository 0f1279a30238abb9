/* kernel/shell/redirect.c - `echo 2 > /proc/irq/1/smp_affinity`: a command's output into
 * a writable /proc file, as a shell's `>` does.
 *
 * Both spellings, `cmd > file` and `cmd >file`. The file is checked before the command
 * runs, as a shell opens it first: one that does not exist, or cannot be written (its
 * proc_file has no write handler), is refused with bash's words and the command does not
 * run. Its output then goes to the file's write handler in one piece, and the handler's
 * refusal is reported as bash reports a failed write, "sh: echo: write error: Invalid
 * argument". A character device's node (/dev/hello_cdev) gets the output through its
 * driver's write(), kernel/shell/devnode.c. Output is not appended (`>>`); words are split as shell.c says (quotes
 * keep spaces).
 */
#include <irqlab/errno.h>
#include <irqlab/seq_file.h>
#include <irqlab/string.h>
#include "shell.h"

#define REDIRECT_MAX 256                /* more than any /proc file takes */

int shell_take_redirect(int argc, char **argv, const char **path)
{
	int out = 0;

	*path = NULL;
	for (int i = 0; i < argc; i++) {
		const char *file;

		if (argv[i][0] != '>') {
			argv[out++] = argv[i];
			continue;
		}
		if (argv[i][1] == '>') {
			kprintf("sh: >>: appending is not supported\n");
			return -EINVAL;
		}
		file = argv[i][1] ? argv[i] + 1 : (i + 1 < argc ? argv[++i] : NULL);
		if (!file || file[0] == '>') {
			kprintf("sh: syntax error near unexpected token `%s'\n",
				file ? file : "newline");
			return -EINVAL;
		}
		if (*path) {
			kprintf("sh: one > per line\n");
			return -EINVAL;
		}
		*path = file;
	}
	argv[out] = NULL;
	return out;
}

int shell_run_redirected(const struct shell_cmd *cmd, int argc, char **argv,
			 const char *path)
{
	static char buf[REDIRECT_MAX];
	struct seq_file m = { .buf = buf, .size = sizeof(buf) }, *outer;
	const struct proc_file *f = proc_file_find(path);
	bool dev = !f && shell_is_devnode(path);
	int ret;

	if (!f && !dev) {
		kprintf("sh: %s: %s\n", path, shell_strerror(-ENOENT));
		return -ENOENT;
	}
	if (f && !f->write) {
		kprintf("sh: %s: %s\n", path, shell_strerror(-EACCES));
		return -EACCES;
	}
	outer = kprintf_redirect(&m);
	ret = cmd->fn(argc, argv);
	kprintf_redirect(outer);
	if (m.overflow) {
		kprintf("sh: %s: write error: %s\n", cmd->name, shell_strerror(-ENOMEM));
		return -ENOMEM;
	}
	if (m.count && dev)
		return shell_write_devnode(path, buf, m.count, cmd->name) ?: ret;
	if (m.count) {
		int err = f->write(f, buf, m.count);

		if (err) {
			kprintf("sh: %s: write error: %s\n", cmd->name, shell_strerror(err));
			return err;
		}
	}
	return ret;
}
