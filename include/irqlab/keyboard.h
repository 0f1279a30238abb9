/* include/irqlab/keyboard.h - the PS/2 keyboard's bottom half (drivers/input/keyboard.c). */
#ifndef IRQLAB_KEYBOARD_H
#define IRQLAB_KEYBOARD_H

#include <irqlab/tasklet.h>

/* Decodes every scancode the i8042's top half has queued and puts the characters into
 * the console input queue; reports lost scancodes, rate-limited. Process or softirq
 * context, never hard-IRQ; one caller at a time (it is the queue's only consumer). */
void kbd_process_scancodes(void);

/* The bottom half: a tasklet running kbd_process_scancodes(), scheduled by the i8042's
 * top half for every byte it queues. */
extern struct tasklet_struct keyboard_tasklet;

#endif
