/* kernel/shell/commands.c - the shell's general commands: help, echo, dmesg, uptime,
 * cat, reboot, poweroff. Commands about one mechanism live beside it (`ls`: cmd_ls.c). */
#include <irqlab/console.h>
#include <irqlab/errno.h>
#include <irqlab/initramfs.h>
#include <irqlab/interrupt.h>
#include <irqlab/reboot.h>
#include <irqlab/seq_file.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include "arch/x86/cpu.h"
#include "shell.h"

extern const struct shell_cmd __start_shell_cmds[], __stop_shell_cmds[];

/* "name args", as the usage line writes it. */
static const char *usage_of(const struct shell_cmd *c, char *buf, size_t size)
{
	char args[SHELL_ARGS_BUF];
	const char *a = shell_cmd_args(c, args, sizeof(args));

	snprintf(buf, size, "%s%s%s", c->name, a[0] ? " " : "", a);
	return buf;
}

static int cmd_help(int argc, char **argv)
{
	const struct shell_cmd *printed = NULL;
	char usage[SHELL_ARGS_BUF + 16];
	int width = 0;

	(void)argv;
	if (argc != 1)
		return shell_usage("help");
	/* One column for the text, two spaces past the longest usage. */
	for (const struct shell_cmd *c = __start_shell_cmds; c < __stop_shell_cmds; c++)
		width = MAX(width, (int)strlen(usage_of(c, usage, sizeof(usage))));
	/* In name order, without sorting the (read-only) table: pick the next name each time. */
	for (;;) {
		const struct shell_cmd *next = NULL;

		for (const struct shell_cmd *c = __start_shell_cmds; c < __stop_shell_cmds; c++)
			if ((!printed || strcmp(c->name, printed->name) > 0) &&
			    (!next || strcmp(c->name, next->name) < 0))
				next = c;
		if (!next)
			break;
		kprintf("  %-*s  %s\n", width, usage_of(next, usage, sizeof(usage)), next->help);
		printed = next;
	}
	return 0;
}
SHELL_CMD(help, "", "list the commands", cmd_help);

static int cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		kprintf("%s%s", argv[i], i + 1 < argc ? " " : "");
	kprintf("\n");
	return 0;
}
SHELL_CMD(echo, "[words...] [> file]", "print the words, or write them to a /proc file",
	  cmd_echo);

static void dmesg_out(const char *text, size_t len, void *arg)
{
	(void)arg;
	kprintf_write(text, len);
}

static int cmd_dmesg(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage("dmesg");
	if (log_buf_dropped())
		kprintf("(%u bytes of older messages were overwritten)\n", (unsigned)log_buf_dropped());
	log_buf_for_each(dmesg_out, NULL);
	return 0;
}
SHELL_CMD(dmesg, "", "print the kernel log", cmd_dmesg);

static int cmd_uptime(int argc, char **argv)
{
	u64 j = get_jiffies_64();

	(void)argv;
	if (argc != 1)
		return shell_usage("uptime");
	kprintf("up %u.%02u s (%llu jiffies at HZ=%d)\n", (unsigned)(j / HZ),
		(unsigned)(j % HZ) * 100 / HZ, j, HZ);
	return 0;
}
SHELL_CMD(uptime, "", "time since boot, from the timer tick", cmd_uptime);

/* A file of the initramfs: its bytes as they are, through kprintf_write so that a pipe or
 * `>` takes them as it takes a /proc file's text. */
static int cat_initramfs(const char *path, const struct initramfs_file *f)
{
	if (initramfs_is_dir(f)) {
		kprintf("cat: %s: Is a directory\n", path);
		return -EISDIR;
	}
	kprintf_write(f->data, f->size);
	return 0;
}

/* The error for an unknown path names both kinds of file: /proc's and the initramfs's. */
static void cat_list_files(const char *path)
{
	const struct proc_file *f;

	kprintf("cat: %s: No such file. Files:", path);
	for (unsigned int i = 0; (f = proc_file_at(i)); i++)
		if (proc_file_exists(f))
			kprintf(" %s", f->path);
	kprintf("\n");
	kprintf("cat: or a device node: ls /dev lists them\n");
	kprintf("cat: or a file of the initramfs: ls / and ls DIR list them\n");
}

static int cmd_cat(int argc, char **argv)
{
	static char buf[16384];
	struct seq_file m = { .buf = buf, .size = sizeof(buf) };
	const struct initramfs_file *file;
	const struct proc_file *f;
	int ret;

	if (argc != 2)
		return shell_usage("cat");
	f = proc_file_find(argv[1]);
	if (!f) {
		/* A character device's node (device_create, misc_register). */
		ret = shell_cat_devnode(argv[1]);
		if (ret != -ENOENT)
			return ret;
		file = initramfs_find(argv[1]);
		if (file)
			return cat_initramfs(argv[1], file);
		cat_list_files(argv[1]);
		return -ENOENT;
	}
	ret = proc_file_show(f, &m);
	kprintf_write(buf, m.count);
	if (m.overflow)
		kprintf("cat: %s: output cut at %u bytes\n", argv[1], (unsigned)sizeof(buf));
	if (ret < 0)
		kprintf("cat: %s: error %d\n", argv[1], ret);
	return ret;
}
SHELL_CMD(cat, "<file>", "show a /proc or /dev file, or a file of the initramfs",
	  cmd_cat);

static int cmd_reboot(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage("reboot");
	kprintf("reboot: restarting the machine\n");
	machine_restart(NULL);
}
SHELL_CMD(reboot, "", "restart the machine", cmd_reboot);

static int cmd_poweroff(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage("poweroff");
	kprintf("poweroff: powering down\n");
	machine_power_off();
}
SHELL_CMD(poweroff, "", "turn the machine off", cmd_poweroff);

/* Busy-waits on jiffies with interrupts on: the tick and the input interrupts keep
 * running, but the shell reads nothing meanwhile (what typing into a busy kernel does). */
static int cmd_sleep(int argc, char **argv)
{
	unsigned long end;
	unsigned int ms = 0;

	if (argc != 2)
		return shell_usage("sleep");
	for (const char *p = argv[1]; *p; p++) {
		if (*p < '0' || *p > '9' || ms > 60000)
			return shell_usage("sleep");
		ms = ms * 10 + (*p - '0');
	}
	if (ms > 60000)
		return shell_usage("sleep");
	end = jiffies + msecs_to_jiffies(ms);
	while (time_before(jiffies, end))
		native_safe_halt();
	return 0;
}
SHELL_CMD(sleep, "<ms, up to 60000>", "wait, reading no input meanwhile", cmd_sleep);
