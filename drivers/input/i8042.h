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
#define I8042_AUX_IRQ           12
#define I8042_AUX_QUEUE_SIZE    256     /* 85 mouse packets: a power of two */

/* The top half's push: false (and counted as dropped) when the queue is full. Hard-IRQ
 * context; a test may call it from process context with IRQ 1 disabled, never both. */
bool i8042_kbd_queue(u8 scancode);

/* The consumer side, for the one bottom half: the oldest queued byte, or false when the
 * queue is empty. Any context, but one consumer at a time. */
bool i8042_kbd_dequeue(u8 *scancode);

/* Sends a controller command (I8042_CMD_*), with an argument byte when arg >= 0, and
 * reads its reply when reply is not NULL, waiting up to 100 ms for the input buffer to
 * empty before each write and for a reply. 0 or -ETIMEDOUT. Any context but hard-IRQ
 * (it spins with udelay); not concurrently with the controller's init. */
int __must_check i8042_command(u8 cmd, int arg, u8 *reply);
#define I8042_CMD_PULSE_RESET   0xfe    /* pulse output line 0: the CPU's reset */

/* The mouse's side, filled by IRQ 12's top half. The consumer is the mouse's bottom
 * half (drivers/input/psmouse.c), one at a time; dropped counts bytes refused when the
 * queue was full, since boot. */
bool i8042_aux_dequeue(u8 *byte);
u32 i8042_aux_dropped(void);

/* Sends one byte to the mouse (controller command 0xD4). 0 or -ETIMEDOUT. Same context
 * as i8042_command(). */
int __must_check i8042_aux_write(u8 byte);
/* Waits up to 100 ms for a byte and takes it: 0, -ETIMEDOUT, or -EIO when the byte was
 * the keyboard's, not the mouse's. Same context as i8042_command(); only while IRQ 12 is
 * off, or its top half would take the byte first. */
int __must_check i8042_aux_read(u8 *byte);

u32 i8042_kbd_queued(void);     /* bytes waiting now */
u32 i8042_kbd_dropped(void);    /* bytes refused because the queue was full, since boot */

#endif
