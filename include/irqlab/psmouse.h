/* include/irqlab/psmouse.h - the PS/2 mouse's 3-byte packets (drivers/input/psmouse_packet.c).
 *
 * In stream mode (after 0xF4, "enable data reporting") the mouse sends one packet per
 * movement or button change, one byte per IRQ 12:
 *
 *   byte 0   bit 7 Y overflow, 6 X overflow, 5 Y sign, 4 X sign, 3 always 1,
 *            bit 2 middle, 1 right, 0 left button
 *   byte 1   X movement, low 8 bits of a 9-bit two's complement (sign in byte 0)
 *   byte 2   Y movement, likewise; positive Y is up, away from the user
 *
 * The decoder is pure logic, fed one byte at a time, and keeps no clock: a lost byte is
 * caught when a byte that should start a packet has bit 3 clear (dropped and counted,
 * until one with bit 3 set comes), or when the caller knows bytes were lost (its queue
 * overflowed) and calls psmouse_resync(). This is also the layout Linux's /dev/input/mice
 * hands to programs (as ImPS/2 with a fourth, wheel byte once a program asks for it).
 */
#ifndef IRQLAB_PSMOUSE_H
#define IRQLAB_PSMOUSE_H

#include <irqlab/types.h>

#define PSMOUSE_PACKET_SIZE     3
#define PSMOUSE_LEFT            BIT(0)
#define PSMOUSE_RIGHT           BIT(1)
#define PSMOUSE_MIDDLE          BIT(2)
#define PSMOUSE_BUTTONS         (PSMOUSE_LEFT | PSMOUSE_RIGHT | PSMOUSE_MIDDLE)
#define PSMOUSE_ALWAYS_1        BIT(3)  /* how a packet's first byte is recognised */
#define PSMOUSE_X_SIGN          BIT(4)
#define PSMOUSE_Y_SIGN          BIT(5)
#define PSMOUSE_X_OVERFLOW      BIT(6)
#define PSMOUSE_Y_OVERFLOW      BIT(7)

struct psmouse_packet {
	u8 raw[PSMOUSE_PACKET_SIZE];    /* as the mouse sent it */
	u8 buttons;                     /* PSMOUSE_LEFT | PSMOUSE_RIGHT | PSMOUSE_MIDDLE */
	int dx, dy;                     /* -256..255; dy > 0 is up */
	bool overflow;                  /* X or Y moved more than 9 bits hold */
};

/* One decoder per mouse; used by one consumer at a time (the mouse's bottom half). */
struct psmouse_state {
	u8 raw[PSMOUSE_PACKET_SIZE];
	unsigned int pktcnt;            /* bytes of the current packet received so far */
	u32 packets;                    /* complete packets decoded */
	u32 out_of_sync;                /* bytes dropped looking for a packet's first byte */
	u32 resyncs;                    /* partial packets thrown away by psmouse_resync() */
};

void psmouse_state_init(struct psmouse_state *s);

/* Takes one byte from the mouse. True when it completed a packet, written to *pkt. */
bool psmouse_decode_byte(struct psmouse_state *s, u8 byte, struct psmouse_packet *pkt);

/* Bytes were lost on the way: what has been received of the current packet is dropped,
 * and the next byte is taken as the start of one (checked by its bit 3). */
void psmouse_resync(struct psmouse_state *s);

#endif
