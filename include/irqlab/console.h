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

/* Adds / removes a console. Any context. */
void register_console(struct console *con);
void unregister_console(struct console *con);
/* Writes s to every console, whole: another CPU's writes come before or after it, never
 * inside it. Any context. */
void console_write(const char *s, size_t n);

/* The line the shell is editing. Output that breaks into it (printk from a work item,
 * a timer, an interrupt handler) first ends the line, and once that output has ended its
 * own line the editor's redraw puts prompt and line back below it, as readline-based
 * shells do. redraw runs inside console_write(), in whatever context wrote, with
 * interrupts off and the console lock held: it may not sleep, and writes with
 * console_edit_write(). The editor changes its line and echoes it with interrupts off,
 * so redraw never sees it half changed on this CPU; the console lock keeps another
 * CPU's output out of an echo. */
void console_edit_begin(void (*redraw)(void));  /* interrupts off; the line is on screen */
void console_edit_end(void);                    /* interrupts off */
void console_edit_write(const char *s, size_t n);       /* the editor's own echo; interrupts off */
void console_edit_reveal(void);         /* interrupts off: redraw now if output left it hidden */

void console_input_char(char c);        /* any context; the IRQ side of the input queue */
int console_getc(void);                 /* process context: sleeps (hlt) until a byte */
int console_trygetc(void);              /* -1 when the queue is empty */
u32 console_input_dropped(void);

#endif
