/* drivers/tty/console.c - fans output out to every console and gathers input into one queue
 * (include/irqlab/console.h). */
#include <irqlab/console.h>
#include <irqlab/fifo.h>
#include <irqlab/irqflags.h>
#include <irqlab/panic.h>
#include <irqlab/sched.h>

static struct console *consoles;

/* The line being edited (console_edit_begin()), and whether it is on screen as the last
 * thing written. Interrupts off guard both. */
static void (*edit_redraw)(void);
static bool edit_shown;

/* 1 KiB holds a pasted line or two; a flood beyond that is counted as dropped. */
DEFINE_BYTE_FIFO(console_input, 1024);

void register_console(struct console *con)
{
	con->next = consoles;
	consoles = con;
}

void console_edit_write(const char *s, size_t n)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(s, n);
}

void console_write(const char *s, size_t n)
{
	unsigned long flags;

	if (!n)
		return;
	local_irq_save(flags);
	if (!edit_redraw) {
		/* No line on screen (the shell is running a command): as long as it takes,
		 * a long listing is written with interrupts on. */
		local_irq_restore(flags);
		console_edit_write(s, n);
		return;
	}
	if (edit_shown) {
		console_edit_write("\n", 1);   /* the edited line stays as it was, above */
		edit_shown = false;
	}
	console_edit_write(s, n);
	/* Text that stops mid-line gets its line back only when that line ends (a
	 * KERN_CONT part may follow), or when the editor next echoes (console_edit_reveal). */
	if (s[n - 1] == '\n' && !oops_in_progress) {   /* after an oops the line is gone */
		edit_redraw();
		edit_shown = true;
	}
	local_irq_restore(flags);
}

void console_edit_begin(void (*redraw)(void))
{
	WARN_ON_ONCE(!irqs_disabled());
	edit_redraw = redraw;
	edit_shown = true;
}

void console_edit_end(void)
{
	edit_redraw = NULL;
}

void console_edit_reveal(void)
{
	WARN_ON_ONCE(!irqs_disabled());
	if (edit_redraw && !edit_shown) {
		console_edit_write("\n", 1);
		edit_redraw();
		edit_shown = true;
	}
}

static DECLARE_WAIT_QUEUE_HEAD(console_wait);

void console_input_char(char c)
{
	fifo_push(&console_input, (u8)c);
	wake_up(&console_wait);
}

u32 console_input_dropped(void)
{
	return console_input.dropped;
}

int console_trygetc(void)
{
	u8 c;

	return fifo_pop(&console_input, &c) ? c : -1;
}

int console_getc(void)
{
	for (;;) {
		int c = console_trygetc();

		if (c >= 0)
			return c;
		/* Sleep until an input interrupt queues a byte; wait_event re-checks the
		 * queue after queueing us, so a byte that arrives in between is not missed. */
		wait_event(console_wait, !fifo_is_empty(&console_input));
	}
}
