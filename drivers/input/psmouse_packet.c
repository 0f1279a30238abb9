/* drivers/input/psmouse_packet.c - the PS/2 mouse's 3-byte packets, decoded
 * (include/irqlab/psmouse.h). Pure logic: also built for the host unit tests. */
#include <irqlab/psmouse.h>

void psmouse_state_init(struct psmouse_state *s)
{
	*s = (struct psmouse_state){ 0 };
}

void psmouse_resync(struct psmouse_state *s)
{
	if (s->pktcnt) {
		s->pktcnt = 0;
		s->resyncs++;
	}
}

/* A 9-bit two's complement: the low 8 bits, and the sign from the first byte. */
static int psmouse_delta(u8 low, bool negative)
{
	return negative ? (int)low - 256 : (int)low;
}

bool psmouse_decode_byte(struct psmouse_state *s, u8 byte, struct psmouse_packet *pkt)
{
	if (s->pktcnt == 0 && !(byte & PSMOUSE_ALWAYS_1)) {
		s->out_of_sync++;       /* the middle of a packet whose start was lost */
		return false;
	}
	s->raw[s->pktcnt++] = byte;
	if (s->pktcnt < PSMOUSE_PACKET_SIZE)
		return false;
	s->pktcnt = 0;
	s->packets++;
	for (unsigned int i = 0; i < PSMOUSE_PACKET_SIZE; i++)
		pkt->raw[i] = s->raw[i];
	pkt->buttons = s->raw[0] & PSMOUSE_BUTTONS;
	pkt->dx = psmouse_delta(s->raw[1], s->raw[0] & PSMOUSE_X_SIGN);
	pkt->dy = psmouse_delta(s->raw[2], s->raw[0] & PSMOUSE_Y_SIGN);
	pkt->overflow = s->raw[0] & (PSMOUSE_X_OVERFLOW | PSMOUSE_Y_OVERFLOW);
	return true;
}
