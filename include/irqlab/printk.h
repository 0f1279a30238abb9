/* include/irqlab/printk.h - the kernel log.
 *
 * printk() formats a line, stores it in the log ring that `dmesg` prints, and writes it
 * to the consoles (COM1 and VGA) when its level is below console_loglevel. Levels are
 * Linux's: a string starting with KERN_SOH and a digit. Context: any, including hard-IRQ
 * and exception handlers (it disables interrupts while it touches the ring), but it is
 * slow (the UART is polled): never leave one on an interrupt hot path. */
#ifndef IRQLAB_PRINTK_H
#define IRQLAB_PRINTK_H

#include <irqlab/types.h>

#define KERN_SOH        "\001"
#define KERN_EMERG      KERN_SOH "0"
#define KERN_ALERT      KERN_SOH "1"
#define KERN_CRIT       KERN_SOH "2"
#define KERN_ERR        KERN_SOH "3"
#define KERN_WARNING    KERN_SOH "4"
#define KERN_NOTICE     KERN_SOH "5"
#define KERN_INFO       KERN_SOH "6"
#define KERN_DEBUG      KERN_SOH "7"
#define KERN_CONT       KERN_SOH "c"    /* continues the previous line: no new timestamp */
#define KERN_DEFAULT    ""              /* the default level (LOGLEVEL_DEFAULT) */

#define LOGLEVEL_INFO   6
#define LOGLEVEL_DEFAULT 4              /* a printk with no level is a warning, as in Linux */
#define CONSOLE_LOGLEVEL_DEFAULT 7      /* everything but debug reaches the console */
#define CONSOLE_LOGLEVEL_QUIET 4        /* 'quiet' on the command line */

extern int console_loglevel;

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

#define pr_emerg(fmt, ...)  printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_crit(fmt, ...)   printk(KERN_CRIT fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)    printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)   printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)   printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)  printk(KERN_DEBUG fmt, ##__VA_ARGS__)
#define pr_cont(fmt, ...)   printk(KERN_CONT fmt, ##__VA_ARGS__)

/* Prints straight to the consoles, bypassing the log and its levels: for the shell's
 * own output, which is an answer to the user, not a log line. Process context. */
int kprintf(const char *fmt, ...) __printf(1, 2);
/* kprintf() of len bytes of text as they are (a file's contents, the log). */
void kprintf_write(const char *text, size_t len);
struct seq_file;
/* Sends the calling thread's kprintf output into m (NULL: the console again) and returns
 * where it went before, to be given back when done: the shell's `>` and `|` inside
 * `watch`. Process context. */
struct seq_file *kprintf_redirect(struct seq_file *m);

/* The log ring, for `dmesg`: calls out(text, len) for each stored chunk, oldest first. */
void log_buf_for_each(void (*out)(const char *text, size_t len, void *arg), void *arg);
size_t log_buf_dropped(void);   /* bytes of old lines overwritten since boot */

#endif
