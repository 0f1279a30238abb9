/* tests/host/test_fifo.c - the byte ring that carries scancodes and serial input. */
#include <irqlab/fifo.h>
#include "unit.h"

TEST(fifo_starts_empty)
{
	DEFINE_BYTE_FIFO(f, 4);
	u8 b;

	CHECK(fifo_is_empty(&f));
	CHECK(!fifo_pop(&f, &b));
	CHECK_EQ(fifo_len(&f), 0);
}

TEST(fifo_keeps_order)
{
	DEFINE_BYTE_FIFO(f, 8);
	u8 b;

	for (int i = 0; i < 5; i++)
		CHECK(fifo_push(&f, (u8)(0x10 + i)));
	CHECK_EQ(fifo_len(&f), 5);
	for (int i = 0; i < 5; i++) {
		CHECK(fifo_pop(&f, &b));
		CHECK_EQ(b, 0x10 + i);
	}
	CHECK(fifo_is_empty(&f));
}

TEST(fifo_full_refuses_and_counts)
{
	DEFINE_BYTE_FIFO(f, 4);
	u8 b;

	for (int i = 0; i < 4; i++)
		CHECK(fifo_push(&f, (u8)i));
	CHECK(!fifo_push(&f, 99));
	CHECK(!fifo_push(&f, 100));
	CHECK_EQ(f.dropped, 2);
	CHECK_EQ(fifo_len(&f), 4);
	CHECK(fifo_pop(&f, &b));
	CHECK_EQ(b, 0);         /* the oldest byte survives; the newest were refused */
	CHECK(fifo_push(&f, 7));
	CHECK_EQ(fifo_len(&f), 4);
}

TEST(fifo_wraps_index_past_size)
{
	DEFINE_BYTE_FIFO(f, 4);
	u8 b;

	for (int round = 0; round < 1000; round++) {
		CHECK(fifo_push(&f, (u8)round));
		CHECK(fifo_push(&f, (u8)(round + 1)));
		CHECK(fifo_pop(&f, &b));
		CHECK_EQ(b, (u8)round);
		CHECK(fifo_pop(&f, &b));
		CHECK_EQ(b, (u8)(round + 1));
	}
	CHECK_EQ(f.dropped, 0);
}

TEST(fifo_index_wraps_at_u32)
{
	DEFINE_BYTE_FIFO(f, 4);
	u8 b;

	f.in = f.out = 0xfffffffeu;     /* the indices overflow u32 in the middle */
	for (int i = 0; i < 4; i++)
		CHECK(fifo_push(&f, (u8)i));
	CHECK(!fifo_push(&f, 9));
	for (int i = 0; i < 4; i++) {
		CHECK(fifo_pop(&f, &b));
		CHECK_EQ(b, i);
	}
	CHECK(fifo_is_empty(&f));
}

int main(void)
{
	return RUN_TESTS();
}
