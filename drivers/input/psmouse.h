/* drivers/input/psmouse.h - the PS/2 mouse on the i8042's auxiliary port
 * (drivers/input/psmouse.c); its packets are decoded by <irqlab/psmouse.h>. */
#ifndef DRIVERS_INPUT_PSMOUSE_H
#define DRIVERS_INPUT_PSMOUSE_H

#include <irqlab/tasklet.h>

/* Resets the mouse, sets its defaults and turns data reporting on: 0, or -errno when it
 * does not answer as a mouse. Called by the i8042's init with IRQ 12 off. */
int __must_check psmouse_probe(void);

/* The bottom half: decodes what IRQ 12's top half queued. Scheduled by that top half. */
extern struct tasklet_struct psmouse_tasklet;

#endif
