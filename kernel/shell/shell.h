/* kernel/shell/shell.h - the console shell and how commands register with it.
 *
 *     static int cmd_uptime(int argc, char **argv) { ... return 0; }
 *     SHELL_CMD(uptime, "", "time since boot", cmd_uptime);
 *
 * A command returns 0, or a negative number after printing what went wrong. Wrong
 * arguments: print the usage with shell_usage() and return -EINVAL. */
#ifndef KERNEL_SHELL_SHELL_H
#define KERNEL_SHELL_SHELL_H

#include <irqlab/types.h>
#include <irqlab/printk.h>
#include <irqlab/vsprintf.h>

#define SHELL_PROMPT    "irqlab> "
#define SHELL_LINE_MAX  256
#define SHELL_ARGS_MAX  16

struct shell_cmd {
	const char *name;
	const char *args;       /* the usage after the name: "<divide|gp|...>" */
	const char *help;       /* one line for `help` */
	int (*fn)(int argc, char **argv);
	/* Instead of args, for a usage that depends on the machine ("<irq 0-15>"): writes
	 * it into buf. Process context. */
	void (*args_fn)(char *buf, size_t size);
};

#define SHELL_CMD(ident, args_, help_, fn_)                                     \
	static const struct shell_cmd __shell_cmd_##ident                       \
	__attribute__((used, section("shell_cmds"), aligned(4))) = {            \
		.name = #ident, .args = (args_), .help = (help_), .fn = (fn_) }

#define SHELL_CMD_ARGS_FN(ident, args_fn_, help_, fn_)                          \
	static const struct shell_cmd __shell_cmd_##ident                       \
	__attribute__((used, section("shell_cmds"), aligned(4))) = {            \
		.name = #ident, .args = "", .help = (help_), .fn = (fn_),       \
		.args_fn = (args_fn_) }

#define SHELL_ARGS_BUF  64      /* room for what an args_fn writes */

/* The usage after a command's name: its args, or what its args_fn writes into buf. */
static inline const char *shell_cmd_args(const struct shell_cmd *c, char *buf, size_t size)
{
	if (!c->args_fn)
		return c->args;
	c->args_fn(buf, size);
	return buf;
}

/* A `demo NAME`: shows one mechanism at work, printing what it shows and why, then
 * returns to the prompt. Register with SHELL_DEMO at file scope. */
struct shell_demo {
	const char *name;
	const char *help;
	int (*fn)(int argc, char **argv);       /* argv[0] is the demo's name */
};

#define SHELL_DEMO(ident, name_, help_, fn_)                                    \
	static const struct shell_demo __shell_demo_##ident                     \
	__attribute__((used, section("shell_demos"), aligned(4))) = {           \
		.name = (name_), .help = (help_), .fn = (fn_) }

__noreturn void shell_run(void);
int shell_execute(char *line);          /* parse and run one line; for tests too */
/* line's words into argv (NULL after the last), quotes taken off; their count, or
 * -E2BIG/-EINVAL after saying what is wrong. Cuts line up. */
int shell_split_args(char *line, char **argv);
/* `|` (pipe.c): is there one outside quotes; run a line that has one. */
bool shell_line_has_pipe(const char *line);
int shell_run_pipeline(char *line);
int shell_usage(const char *name);      /* prints "usage: name args", returns -EINVAL */
/* glibc's strerror() text for -err, for messages in the words of Linux's tools. */
const char *shell_strerror(int err);
/* kernel/shell/devnode.c: `cat /dev/NAME` and `> /dev/NAME` through a character device's
 * file_operations. -ENOENT, printing nothing, when path is no device node. */
int shell_cat_devnode(const char *path);
int shell_write_devnode(const char *path, const char *buf, size_t len, const char *cmd);
bool shell_is_devnode(const char *path);
const struct shell_cmd *shell_find(const char *name);
/* `>` (redirect.c): takes a "> file" or ">file" out of argv, setting *path (NULL when
 * there is none). Returns the new argc, or -EINVAL after saying what is wrong. */
int shell_take_redirect(int argc, char **argv, const char **path);
/* Runs cmd with its output going to the /proc file at path; says why not, as bash. */
int shell_run_redirected(const struct shell_cmd *cmd, int argc, char **argv,
			 const char *path);

#endif
