/* drivers/tty/uart16550.c - COM1, the 16550 UART: irqlab's serial console.
 *
 * National Semiconductor PC16550D datasheet, sections "Registers" (RBR/THR, IER, IIR/FCR,
 * LCR, MCR, LSR) and "Baud Rate Generator". QEMU's -serial connects COM1 to a host file,
 * pipe or terminal; the test harness talks to the shell through it.
 *
 * Output is polled (wait for THR empty, then write): simple, and printk works even with
 * interrupts off. Input is interrupt driven: IRQ 4 drains the receive buffer into the
 * console input queue.
 */
#include <irqlab/console.h>
#include <irqlab/interrupt.h>
#include "arch/x86/io.h"
#include "uart16550.h"

#define COM1_BASE       0x3f8
#define COM1_IRQ        4
#define UART_SCR        7       /* scratch: a port that keeps what is written is there */

#define UART_RBR        0       /* receive buffer (read, DLAB=0) */
#define UART_THR        0       /* transmit holding (write, DLAB=0) */
#define UART_DLL        0       /* divisor latch low (DLAB=1) */
#define UART_IER        1       /* interrupt enable (DLAB=0) */
#define   UART_IER_RDI  BIT(0)  /* received data available */
#define UART_DLM        1       /* divisor latch high (DLAB=1) */
#define UART_FCR        2       /* FIFO control (write) */
#define   UART_FCR_ENABLE       BIT(0)
#define   UART_FCR_CLEAR_RCVR   BIT(1)
#define   UART_FCR_CLEAR_XMIT   BIT(2)
#define   UART_FCR_TRIGGER_14   0xc0
#define UART_LCR        3       /* line control */
#define   UART_LCR_WLEN8        0x03
#define   UART_LCR_DLAB         BIT(7)
#define UART_MCR        4       /* modem control */
#define   UART_MCR_DTR          BIT(0)
#define   UART_MCR_RTS          BIT(1)
#define   UART_MCR_OUT2         BIT(3)  /* on PCs, gates the UART's IRQ line to the PIC */
#define UART_LSR        5       /* line status */
#define   UART_LSR_DR           BIT(0)  /* data ready */
#define   UART_LSR_THRE         BIT(5)  /* transmit holding register empty */

#define UART_CLOCK_DIVISOR_BASE 115200
#define UART_BAUD       115200

static void uart_port_putc(u16 base, char c)
{
	while (!(inb(base + UART_LSR) & UART_LSR_THRE))
		;
	outb(base + UART_THR, (u8)c);
}

void uart_port_write(u16 base, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_port_putc(base, '\r');    /* terminals want CR LF */
		uart_port_putc(base, s[i]);
	}
}

static void uart_write(const char *s, size_t n)
{
	uart_port_write(COM1_BASE, s, n);
}

static struct console uart_console = { .name = "ttyS0", .write = uart_write };

/* 8N1 at 115200, FIFOs on, no interrupts. Returns false if no UART answers at base: an
 * absent port reads back 0xff and keeps nothing in its scratch register. */
bool uart_port_init_output(u16 base)
{
	u16 divisor = UART_CLOCK_DIVISOR_BASE / UART_BAUD;

	outb(base + UART_SCR, 0x5a);
	if (inb(base + UART_SCR) != 0x5a)
		return false;
	outb(base + UART_IER, 0);                       /* no interrupts until an IRQ is ours */
	outb(base + UART_LCR, UART_LCR_DLAB);
	outb(base + UART_DLL, divisor & 0xff);
	outb(base + UART_DLM, divisor >> 8);
	outb(base + UART_LCR, UART_LCR_WLEN8);          /* 8N1, DLAB off */
	/* Keep what was typed before we got here: clear only the transmit FIFO. */
	outb(base + UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR_XMIT | UART_FCR_TRIGGER_14);
	outb(base + UART_MCR, UART_MCR_DTR | UART_MCR_RTS);
	return true;
}

void uart_early_init(void)
{
	(void)uart_port_init_output(COM1_BASE);
	register_console(&uart_console);
}

/* Top half: move every received byte into the console input queue. */
static irqreturn_t uart_interrupt(int irq, void *dev_id)
{
	bool got = false;

	(void)irq;
	(void)dev_id;
	while (inb(COM1_BASE + UART_LSR) & UART_LSR_DR) {
		console_input_char((char)inb(COM1_BASE + UART_RBR));
		got = true;
	}
	return got ? IRQ_HANDLED : IRQ_NONE;
}

void uart_init_irq(void)
{
	static int uart_dev;

	if (request_irq(COM1_IRQ, uart_interrupt, 0, "serial", &uart_dev)) {
		pr_err("serial: cannot get IRQ %d; serial input is off\n", COM1_IRQ);
		return;
	}
	outb(COM1_BASE + UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	outb(COM1_BASE + UART_IER, UART_IER_RDI);
	/* Bytes that arrived before the interrupt was on raised no edge: fetch them now. */
	disable_irq(COM1_IRQ);
	uart_interrupt(COM1_IRQ, &uart_dev);
	enable_irq(COM1_IRQ);
}
