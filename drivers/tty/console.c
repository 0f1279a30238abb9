/* drivers/tty/console.c - fans output out to every console and gathers input into one queue
 * (include/irqlab/console.h). */
#include <irqlab/console.h>
#include <irqlab/fifo.h>
#include <irqlab/irqflags.h>
#include <irqlab/sched.h>

static struct console *consoles;

/* 1 KiB holds a pasted line or two; a flood beyond that is counted as dropped. */
DEFINE_BYTE_FIFO(console_input, 1024);

void register_console(struct console *con)
{
	con->next = consoles;
	consoles = con;
}

void console_write(const char *s, size_t n)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(s, n);
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
