/* drivers/console.c - fans output out to every console and gathers input into one queue
 * (include/irqlab/console.h). */
#include <irqlab/console.h>
#include <irqlab/fifo.h>
#include <irqlab/irqflags.h>

static struct console *consoles;
static void (*input_poll)(void);

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

void console_input_char(char c)
{
	fifo_push(&console_input, (u8)c);
}

u32 console_input_dropped(void)
{
	return console_input.dropped;
}

void console_set_input_poll(void (*poll)(void))
{
	input_poll = poll;
}

int console_trygetc(void)
{
	u8 c;

	if (input_poll)
		input_poll();
	return fifo_pop(&console_input, &c) ? c : -1;
}

int console_getc(void)
{
	for (;;) {
		int c;

		local_irq_disable();
		c = console_trygetc();
		if (c >= 0) {
			local_irq_enable();
			return c;
		}
		/* Interrupts stay off from the check to the HLT, so an interrupt that brings a
		 * byte cannot slip in between and leave us asleep with input waiting. */
		native_safe_halt();
	}
}
