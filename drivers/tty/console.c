/* drivers/tty/console.c - fans output out to every console and gathers input into one queue
 * (include/irqlab/console.h). */
#include <irqlab/console.h>
#include <irqlab/fifo.h>
#include <irqlab/irqflags.h>
#include <irqlab/panic.h>
#include <irqlab/sched.h>
#include <irqlab/spinlock.h>

/* console_lock: the list of consoles, the edited line's state below, and the consoles'
 * hardware, so that what one console_write() call writes comes out whole, never mixed
 * with another CPU's text. A lock word with its owner CPU, as printk's logbuf_lock: a
 * write from inside a write on the same CPU (an interrupt handler's printk, a fault
 * while printing, a panic) goes on without it rather than wait for itself. Taken under
 * logbuf_lock (printk), never the other way round. */
static arch_spinlock_t console_lock = __ARCH_SPIN_LOCK_UNLOCKED;
static int console_owner = SPINLOCK_OWNER_NONE;

static struct console *consoles;

/* The line being edited (console_edit_begin()), and whether it is on screen as the last
 * thing written. console_lock, with interrupts off, guards both. */
static void (*edit_redraw)(void);
static bool edit_shown;

/* Preemption off while held: the owner is a CPU, the holder must stay on it. False when
 * this CPU holds it already. */
static bool console_lock_acquire(void)
{
	unsigned long flags;
	int cpu;

	preempt_disable();
	local_irq_save(flags);          /* the owner test and the take, on one CPU */
	cpu = (int)smp_processor_id();
	if (READ_ONCE(console_owner) == cpu) {
		local_irq_restore(flags);
		preempt_enable_no_resched();
		return false;
	}
	arch_spin_lock(&console_lock);
	WRITE_ONCE(console_owner, cpu);
	local_irq_restore(flags);
	return true;
}

static void console_lock_release(bool locked)
{
	if (!locked)
		return;
	WRITE_ONCE(console_owner, SPINLOCK_OWNER_NONE);
	arch_spin_unlock(&console_lock);
	/* No reschedule from here: consoles write from the first boot line on, before
	 * there is a current task to switch from. A pending one waits for the next tick. */
	preempt_enable_no_resched();
}

/* 1 KiB holds a pasted line or two; a flood beyond that is counted as dropped. */
DEFINE_BYTE_FIFO(console_input, 1024);

void register_console(struct console *con)
{
	bool locked = console_lock_acquire();

	con->next = consoles;
	WRITE_ONCE(consoles, con);
	console_lock_release(locked);
}

void unregister_console(struct console *con)
{
	bool locked = console_lock_acquire();

	for (struct console **p = &consoles; *p; p = &(*p)->next) {
		if (*p == con) {
			*p = con->next;
			break;
		}
	}
	console_lock_release(locked);
}

static void __console_write(const char *s, size_t n)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(s, n);
}

void console_edit_write(const char *s, size_t n)
{
	bool locked = console_lock_acquire();

	__console_write(s, n);
	console_lock_release(locked);
}

void console_write(const char *s, size_t n)
{
	unsigned long flags;
	bool locked;

	while (n) {
		size_t len = n;

		local_irq_save(flags);  /* an interrupt's printk must not find us holding it */
		locked = console_lock_acquire();
		if (!edit_redraw) {
			/* No line on screen (the shell is running a command): one line at a
			 * time, so a long listing leaves interrupts and other CPUs room between
			 * its lines, and no line is cut by another's. */
			for (len = 0; len < n && s[len++] != '\n';)
				;
			__console_write(s, len);
		} else {
			if (edit_shown) {
				__console_write("\n", 1);      /* the edited line stays, above */
				edit_shown = false;
			}
			__console_write(s, n);
			/* Text that stops mid-line gets its line back only when that line ends
			 * (a KERN_CONT part may follow), or when the editor next echoes
			 * (console_edit_reveal). */
			if (s[n - 1] == '\n' && !oops_in_progress) {   /* after an oops it is gone */
				edit_redraw();
				edit_shown = true;
			}
		}
		console_lock_release(locked);
		local_irq_restore(flags);
		s += len;
		n -= len;
	}
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
