/* drivers/input/i8042.h - the 8042 keyboard controller and the queue of scancodes it fills.
 *
 * The top half (IRQ 1) reads each byte from the controller and queues it here; the
 * keyboard's bottom half (drivers/input/keyboard.c) takes them out and decodes them. One
 * producer, one consumer: no lock (include/irqlab/fifo.h). */
#ifndef ARCH_X86_I8042_H
#define ARCH_X86_I8042_H

#include <irqlab/types.h>

#define I8042_KBD_IRQ           1
#define I8042_KBD_QUEUE_SIZE    128     /* 64 key presses and releases: a power of two */

/* The top half's push: false (and counted as dropped) when the queue is full. Hard-IRQ
 * context; a test may call it from process context with IRQ 1 disabled, never both. */
bool i8042_kbd_queue(u8 scancode);

/* The consumer side, for the one bottom half: the oldest queued byte, or false when the
 * queue is empty. Any context, but one consumer at a time. */
bool i8042_kbd_dequeue(u8 *scancode);

u32 i8042_kbd_queued(void);     /* bytes waiting now */
u32 i8042_kbd_dropped(void);    /* bytes refused because the queue was full, since boot */

#endif
