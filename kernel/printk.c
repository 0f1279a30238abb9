/* kernel/printk.c - printk, the log ring behind `dmesg`, and kprintf for the shell.
 *
 * Each printk becomes one line "[seconds.micros] text" in a ring of LOG_BUF_LEN bytes.
 * When the ring is full the oldest whole lines are dropped, and the number of bytes
 * lost is kept (dmesg says so), so the log never loses text without saying it did.
 */
#include <irqlab/export.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/seq_file.h>
#include <irqlab/console.h>
#include <irqlab/irqflags.h>
#include <irqlab/spinlock.h>
#include <irqlab/vsprintf.h>
#include <irqlab/string.h>
#include <irqlab/time.h>

#define LOG_BUF_LEN     (32 * 1024)
#define LOG_LINE_MAX    1024

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;

static char log_buf[LOG_BUF_LEN];
static size_t log_head;         /* next byte to write, modulo LOG_BUF_LEN */
static size_t log_len;          /* valid bytes, ending at log_head */
static size_t log_dropped;
static bool line_open;          /* the last printk did not end its line */
static int line_level;          /* its level: a KERN_CONT part takes the same */

/* logbuf_lock guards everything above and vprintk's buffers, and keeps the console's
 * lines whole, against the other CPUs; interrupts off keeps this CPU's own handlers out.
 * A printk from inside a printk on the same CPU (a fault while formatting, a panic)
 * goes on without it rather than wait for itself. */
static arch_spinlock_t logbuf_lock = __ARCH_SPIN_LOCK_UNLOCKED;
static int logbuf_owner = SPINLOCK_OWNER_NONE;

/* Interrupts off. False when this CPU already held the lock. */
static bool logbuf_lock_irqsoff(void)
{
	int cpu = (int)smp_processor_id();

	if (READ_ONCE(logbuf_owner) == cpu)
		return false;
	arch_spin_lock(&logbuf_lock);
	logbuf_owner = cpu;
	return true;
}

static void logbuf_unlock(bool locked)
{
	if (locked) {
		logbuf_owner = SPINLOCK_OWNER_NONE;
		arch_spin_unlock(&logbuf_lock);
	}
}

static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		log_buf[log_head] = s[i];
		log_head = (log_head + 1) % LOG_BUF_LEN;
		if (log_len < LOG_BUF_LEN)
			log_len++;
		else
			log_dropped++;
	}
}

size_t log_buf_dropped(void)
{
	return log_dropped;
}

void log_buf_for_each(void (*out)(const char *text, size_t len, void *arg), void *arg)
{
	unsigned long flags;
	size_t start, skip = 0;
	bool locked;

	local_irq_save(flags);
	locked = logbuf_lock_irqsoff();
	start = (log_head + LOG_BUF_LEN - log_len) % LOG_BUF_LEN;
	/* After a wrap the oldest line is cut in the middle: start at the next whole one. */
	if (log_dropped) {
		while (skip < log_len && log_buf[(start + skip) % LOG_BUF_LEN] != '\n')
			skip++;
		skip++;
	}
	if (skip < log_len) {
		size_t first = (start + skip) % LOG_BUF_LEN;
		size_t n = log_len - skip;
		size_t part = MIN(n, LOG_BUF_LEN - first);

		out(log_buf + first, part, arg);
		if (n > part)
			out(log_buf, n - part, arg);
	}
	logbuf_unlock(locked);
	local_irq_restore(flags);
}

int vprintk(const char *fmt, va_list ap)
{
	static char text[LOG_LINE_MAX];
	static char line[LOG_LINE_MAX];
	unsigned long flags;
	int level = LOGLEVEL_DEFAULT;
	bool cont = false;
	const char *t = text;
	size_t n = 0, tlen;
	bool locked;
	int len;

	local_irq_save(flags);
	locked = logbuf_lock_irqsoff();
	len = vsnprintf(text, sizeof(text), fmt, ap);
	tlen = MIN((size_t)len, sizeof(text) - 1);
	/* The level is read from the formatted text, as Linux does, so that it may also
	 * come from a "%s" argument: show_regs(KERN_EMERG, ...) prints printk("%s...", lvl). */
	if (t[0] == KERN_SOH[0] && t[1]) {
		if (t[1] == 'c')
			cont = true;
		else if (t[1] >= '0' && t[1] <= '7')
			level = t[1] - '0';
		t += 2;
		tlen -= 2;
	}

	if (cont && line_open)
		level = line_level;
	if (line_open && !cont) {       /* a new line interrupts an unfinished one */
		line[n++] = '\n';
		line_open = false;
	}
	if (!cont || !line_open) {
		u64 us = ktime_get_ns() / 1000;

		n += snprintf(line + n, sizeof(line) - n, "[%5u.%06u] ",
			      (unsigned)(us / 1000000), (unsigned)(us % 1000000));
	}
	tlen = MIN(tlen, sizeof(line) - 1 - n);
	memcpy(line + n, t, tlen);
	n += tlen;
	line_open = n && line[n - 1] != '\n';
	line_level = level;

	log_store(line, n);
	if (level < console_loglevel)
		console_write(line, n);
	logbuf_unlock(locked);
	local_irq_restore(flags);
	return (int)(t - text) == 2 ? len - 2 : len;
}
EXPORT_SYMBOL(vprintk);

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
EXPORT_SYMBOL(printk);

/* The shell's `>` and `|` (kernel/shell/redirect.c, pipe.c): while set, what that thread
 * prints with kprintf goes into this seq_file instead of the console. Only the shell
 * thread sets and clears it, around one command. */
static struct seq_file *kprintf_sink;
static struct task_struct *kprintf_sink_task;

struct seq_file *kprintf_redirect(struct seq_file *m)
{
	struct seq_file *prev = kprintf_sink;

	kprintf_sink_task = m ? current : NULL;
	WRITE_ONCE(kprintf_sink, m);
	return prev;
}

void kprintf_write(const char *text, size_t len)
{
	if (unlikely(READ_ONCE(kprintf_sink)) && kprintf_sink_task == current)
		seq_write(kprintf_sink, text, len);
	else
		console_write(text, len);
}

int kprintf(const char *fmt, ...)
{
	char buf[LOG_LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (unlikely(READ_ONCE(kprintf_sink)) && kprintf_sink_task == current)
		seq_puts(kprintf_sink, buf);
	else
		console_write(buf, MIN((size_t)n, sizeof(buf) - 1));
	return n;
}
EXPORT_SYMBOL(kprintf);
