#ifndef DRIVERS_CHAR_SHORT_H
#define DRIVERS_CHAR_SHORT_H
#include <irqlab/types.h>
/* LPT1, the port `short` drives (short.c says how QEMU's model interrupts). Each
 * short_strobe_byte() raises IRQ 7 exactly once, and the line stays up until
 * short_ack() reads the status register: an edge source whose every interrupt the
 * caller makes, which the tests use where a clock's own pace would race them. */
#define SHORT_DEFAULT_IRQ       7
bool short_port_present(void);
void short_strobe_byte(u8 byte);
u8 short_ack(void);             /* in the handler: the status, and the line goes down */
void short_disable(void);       /* IRQ enable off, with no interrupt */
#endif
