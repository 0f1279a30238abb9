#ifndef ARCH_X86_UART16550_H
#define ARCH_X86_UART16550_H
#include <irqlab/types.h>
void uart_early_init(void);     /* output only; before anything else prints */
void uart_init_irq(void);       /* input through IRQ 4; after the IRQ core is up */
/* Another port, output only (polled), for a reader that is not the console: the viewer
 * stream on COM2 (kernel/trace/trace_stream.c). One writer per port. */
#define COM2_BASE       0x2f8
bool uart_port_init_output(u16 base);
void uart_port_write(u16 base, const char *s, size_t n);
#endif
