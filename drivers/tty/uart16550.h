#ifndef ARCH_X86_UART16550_H
#define ARCH_X86_UART16550_H
void uart_early_init(void);     /* output only; before anything else prints */
void uart_init_irq(void);       /* input through IRQ 4; after the IRQ core is up */
#endif
