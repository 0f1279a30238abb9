/* tests/host/test_psmouse.c - the PS/2 mouse packet decoder (drivers/input/psmouse_packet.c):
 * signs, buttons, overflow, and finding the packets again after a lost byte. */
#include <irqlab/psmouse.h>
#include "unit.h"

static struct psmouse_state st;
static struct psmouse_packet pkts[16];

/* Feeds the bytes, returns how many packets they completed (stored in pkts). */
static int feed_n(const unsigned char *bytes, size_t n)
{
	int count = 0;

	for (size_t i = 0; i < n; i++) {
		struct psmouse_packet p;

		if (psmouse_decode_byte(&st, bytes[i], &p) && count < 16)
			pkts[count++] = p;
	}
	return count;
}
#define FEED(...) feed_n((const unsigned char[]){ __VA_ARGS__ }, \
			 sizeof((const unsigned char[]){ __VA_ARGS__ }))

TEST(positive_motion_no_buttons)
{
	psmouse_state_init(&st);
	CHECK_EQ(FEED(0x08, 5, 3), 1);
	CHECK_EQ(pkts[0].dx, 5);
	CHECK_EQ(pkts[0].dy, 3);
	CHECK_EQ(pkts[0].buttons, 0);
	CHECK(!pkts[0].overflow);
	CHECK_EQ(pkts[0].raw[0], 0x08);
	CHECK_EQ(pkts[0].raw[2], 3);
	CHECK_EQ(st.packets, 1);
}

TEST(sign_bits_extend_to_nine_bits)
{
	psmouse_state_init(&st);
	CHECK_EQ(FEED(0x08 | PSMOUSE_X_SIGN | PSMOUSE_Y_SIGN, 0xfb, 0x01), 1);
	CHECK_EQ(pkts[0].dx, -5);
	CHECK_EQ(pkts[0].dy, -255);
	CHECK_EQ(FEED(0x08 | PSMOUSE_X_SIGN, 0x00, 0xff), 1);
	CHECK_EQ(pkts[0].dx, -256);
	CHECK_EQ(pkts[0].dy, 255);
}

TEST(buttons_each_bit)
{
	psmouse_state_init(&st);
	CHECK_EQ(FEED(0x09, 0, 0, 0x0a, 0, 0, 0x0c, 0, 0, 0x0f, 0, 0), 4);
	CHECK_EQ(pkts[0].buttons, PSMOUSE_LEFT);
	CHECK_EQ(pkts[1].buttons, PSMOUSE_RIGHT);
	CHECK_EQ(pkts[2].buttons, PSMOUSE_MIDDLE);
	CHECK_EQ(pkts[3].buttons, PSMOUSE_BUTTONS);
}

TEST(overflow_reported)
{
	psmouse_state_init(&st);
	CHECK_EQ(FEED(0x08 | PSMOUSE_X_OVERFLOW, 0xff, 0), 1);
	CHECK(pkts[0].overflow);
	CHECK_EQ(FEED(0x08 | PSMOUSE_Y_OVERFLOW, 0, 0), 1);
	CHECK(pkts[0].overflow);
}

TEST(a_packet_needs_all_three_bytes)
{
	psmouse_state_init(&st);
	CHECK_EQ(FEED(0x08, 1), 0);
	CHECK_EQ(st.pktcnt, 2);
	CHECK_EQ(FEED(2), 1);
	CHECK_EQ(pkts[0].dx, 1);
	CHECK_EQ(pkts[0].dy, 2);
}

/* The first byte of a packet was lost: the two that follow have bit 3 clear and are
 * dropped, and the next packet decodes whole. */
TEST(lost_first_byte_resyncs_on_bit3)
{
	psmouse_state_init(&st);
	CHECK_EQ(FEED(0x10, 0x20, 0x09, 7, 0xf1), 1);
	CHECK_EQ(st.out_of_sync, 2);
	CHECK_EQ(pkts[0].buttons, PSMOUSE_LEFT);
	CHECK_EQ(pkts[0].dx, 7);
	CHECK_EQ(pkts[0].dy, 0xf1);
}

/* A byte lost in the middle cannot be seen in the bytes alone (any value is a valid
 * movement byte); the queue that lost it says so, and psmouse_resync() starts over. */
TEST(resync_drops_partial_packet)
{
	psmouse_state_init(&st);
	CHECK_EQ(FEED(0x08, 4), 0);
	psmouse_resync(&st);
	CHECK_EQ(st.resyncs, 1);
	CHECK_EQ(FEED(0x0a, 1, 2), 1);
	CHECK_EQ(pkts[0].buttons, PSMOUSE_RIGHT);
	CHECK_EQ(pkts[0].dx, 1);
	CHECK_EQ(pkts[0].dy, 2);
	psmouse_resync(&st);            /* between packets: nothing to drop */
	CHECK_EQ(st.resyncs, 1);
}

int main(void)
{
	return RUN_TESTS();
}
