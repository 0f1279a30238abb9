/* kernel/shell/cmd_watch.c - `watch [-n SECS] [-d] CMD...`: run a command again and
 * again, the screen repainted each time, as procps' watch does for the notes'
 * `watch -d -n1 cat /proc/interrupts`.
 *
 * Each round clears the screen, prints procps' header line ("Every 1.0s: CMD") and the
 * command's output, collected first (kprintf_redirect) so that -d can compare it with
 * the round before: a character that changed is shown in inverse video. CMD is a whole
 * shell line, pipes included. Between rounds the shell thread sleeps a tick at a time
 * and looks at the console: Ctrl-C or q ends it; anything else typed is dropped, as
 * watch's own terminal would swallow it. The interval is counted in guest ticks.
 */
#include <irqlab/console.h>
#include <irqlab/errno.h>
#include <irqlab/seq_file.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include "shell.h"

#define WATCH_OUT_MAX   (16 * 1024)     /* a screenful and much more */
#define WATCH_TENTHS_MAX 36000          /* an hour */
#define CTRL_C          0x03
#define ANSI_HOME_CLEAR "\033[H\033[2J"
#define ANSI_INVERSE    "\033[7m"
#define ANSI_NORMAL     "\033[0m"

/* "2", "0.5", "1.0": tenths of a second, 1 or more; -EINVAL otherwise. */
static int parse_tenths(const char *s, unsigned int *tenths)
{
	unsigned int v = 0, frac = 0;
	bool dot = false, digits = false;

	for (; *s; s++) {
		if (*s == '.' && !dot) {
			dot = true;
		} else if (*s >= '0' && *s <= '9') {
			digits = true;
			if (!dot)
				v = v * 10 + (unsigned int)(*s - '0');
			else if (frac++ == 0)
				v = v * 10 + (unsigned int)(*s - '0');
			if (v > WATCH_TENTHS_MAX * 10)
				return -EINVAL;
		} else {
			return -EINVAL;
		}
	}
	if (!digits)
		return -EINVAL;
	if (!frac)
		v *= 10;
	*tenths = v < 1 ? 1 : (v > WATCH_TENTHS_MAX ? WATCH_TENTHS_MAX : v);
	return 0;
}

/* The output, with -d the characters that differ from the last round's inverted. */
static void show(const char *out, size_t len, const char *prev, size_t prev_len, bool diff)
{
	size_t i = 0;

	while (i < len) {
		bool changed = diff && (i >= prev_len || out[i] != prev[i]) && out[i] != '\n';
		size_t j = i + 1;

		while (j < len && out[j] != '\n' &&
		       (diff && (j >= prev_len || out[j] != prev[j])) == changed)
			j++;
		if (changed)
			kprintf_write(ANSI_INVERSE, sizeof(ANSI_INVERSE) - 1);
		kprintf_write(out + i, j - i);
		if (changed)
			kprintf_write(ANSI_NORMAL, sizeof(ANSI_NORMAL) - 1);
		i = j;
	}
}

/* Sleeps up to tenths of a second, a tick at a time; true if Ctrl-C or q came. */
static bool wait_or_quit(unsigned int tenths)
{
	unsigned long end = jiffies + msecs_to_jiffies(tenths * 100);

	do {
		int c;

		while ((c = console_trygetc()) >= 0)
			if (c == CTRL_C || c == 'q')
				return true;
		msleep(1000 / HZ);
	} while (time_before(jiffies, end));
	return false;
}

static int cmd_watch(int argc, char **argv)
{
	unsigned int tenths = 20;       /* procps' default: 2 s */
	char line[SHELL_LINE_MAX], run[SHELL_LINE_MAX];
	char *buf[2];
	size_t len[2] = { 0, 0 }, n = 0;
	bool diff = false;
	int a = 1, cur = 0;

	for (; a < argc && argv[a][0] == '-'; a++) {
		if (strcmp(argv[a], "-d") == 0) {
			diff = true;
		} else if (strncmp(argv[a], "-n", 2) == 0) {
			const char *v = argv[a][2] ? argv[a] + 2 : (a + 1 < argc ? argv[++a] : "");

			if (parse_tenths(v, &tenths)) {
				kprintf("watch: failed to parse argument: '%s'\n", v);
				return -EINVAL;
			}
		} else {
			return shell_usage("watch");
		}
	}
	if (a == argc)
		return shell_usage("watch");
	line[0] = '\0';
	for (; a < argc; a++)
		n += snprintf(line + n, sizeof(line) - n, "%s%s", n ? " " : "", argv[a]);
	buf[0] = kmalloc(WATCH_OUT_MAX, GFP_KERNEL);
	buf[1] = kmalloc(WATCH_OUT_MAX, GFP_KERNEL);
	if (!buf[0] || !buf[1]) {
		kfree(buf[0]);
		kfree(buf[1]);
		kprintf("watch: no memory for %d KiB of output\n", 2 * WATCH_OUT_MAX / 1024);
		return -ENOMEM;
	}
	for (;;) {
		struct seq_file m = { .buf = buf[cur], .size = WATCH_OUT_MAX }, *outer;

		strlcpy(run, line, sizeof(run));        /* the shell cuts up what it runs */
		outer = kprintf_redirect(&m);
		(void)shell_execute(run);
		kprintf_redirect(outer);
		len[cur] = m.count;
		kprintf("%sEvery %u.%us: %s\n\n", ANSI_HOME_CLEAR, tenths / 10, tenths % 10, line);
		show(buf[cur], len[cur], buf[!cur], len[!cur], diff && len[!cur]);
		if (m.overflow)
			kprintf("\nwatch: output cut at %d KiB\n", WATCH_OUT_MAX / 1024);
		cur = !cur;
		if (wait_or_quit(tenths))
			break;
	}
	kfree(buf[0]);
	kfree(buf[1]);
	return 0;
}
SHELL_CMD(watch, "[-n SECS] [-d] CMD...",
	  "run CMD every SECS (2), repainting; -d shows what changed; q or Ctrl-C ends",
	  cmd_watch);
