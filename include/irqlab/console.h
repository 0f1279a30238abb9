/* include/irqlab/console.h - where output goes and where typed input comes from.
 *
 * Output: every byte goes to every console (COM1 and the VGA screen).
 * Input: COM1's receive interrupt and the keyboard's tasklet push characters into one
 * input queue and wake the reader; the shell reads them with console_getc(). A full queue drops the
 * byte and counts it (console_input_dropped()), never silently. */
#ifndef IRQLAB_CONSOLE_H
#define IRQLAB_CONSOLE_H

#include <irqlab/types.h>

struct console {
	const char *name;
	void (*write)(const char *s, size_t n);
	struct console *next;
};

void register_console(struct console *con);
void console_write(const char *s, size_t n);    /* any context */

void console_input_char(char c);        /* any context; the IRQ side of the input queue */
int console_getc(void);                 /* process context: sleeps (hlt) until a byte */
int console_trygetc(void);              /* -1 when the queue is empty */
u32 console_input_dropped(void);

#endif
