/* tests/host/test_bitmap.c - cpumasks as /proc/irq shows and takes them (lib/bitmap.c). */
#include <irqlab/bitmap.h>
#include <irqlab/errno.h>
#include "unit.h"

static const char *mask(unsigned long m, unsigned int nbits)
{
	static char buf[40];

	bitmap_print_mask(buf, sizeof(buf), m, nbits);
	return buf;
}

static const char *list(unsigned long m, unsigned int nbits)
{
	static char buf[40];

	bitmap_print_list(buf, sizeof(buf), m, nbits);
	return buf;
}

TEST(mask_has_the_digits_its_bits_need)
{
	CHECK_STR(mask(0x3, 2), "3");
	CHECK_STR(mask(0x1, 1), "1");
	CHECK_STR(mask(0x2, 8), "02");          /* zero-padded, as Linux's %*pb */
	CHECK_STR(mask(0xff, 8), "ff");
	CHECK_STR(mask(0x1f, 5), "1f");
	CHECK_STR(mask(0x38, 32), "00000038");
	CHECK_STR(mask(0xff, 4), "f");          /* bits past nbits are not shown */
}

TEST(list_joins_runs)
{
	CHECK_STR(list(0x3, 2), "0-1");
	CHECK_STR(list(0x2, 8), "1");
	CHECK_STR(list(0x0b, 8), "0-1,3");
	CHECK_STR(list(0x38, 8), "3-5");
	CHECK_STR(list(0, 8), "");
}

TEST(parse_mask)
{
	unsigned long m = 0x55;

	CHECK_EQ(bitmap_parse("2\n", 2, &m, 8), 0);
	CHECK_EQ(m, 2);
	CHECK_EQ(bitmap_parse(" ff ", 4, &m, 8), 0);
	CHECK_EQ(m, 0xff);
	/* The notes' 128-CPU mask: the groups past the first may be written, as zeros. */
	CHECK_EQ(bitmap_parse("00000000,00000000,00000000,00000038", 35, &m, 8), 0);
	CHECK_EQ(m, 0x38);
	CHECK_EQ(bitmap_parse("1,00000000", 10, &m, 8), -EOVERFLOW);
	CHECK_EQ(bitmap_parse(",,", 2, &m, 8), 0);                  /* commas at the ends */
	CHECK_EQ(m, 0);
	CHECK_EQ(bitmap_parse("1,,2", 4, &m, 8), -EINVAL);
	m = 0x55;
	CHECK_EQ(bitmap_parse("100", 3, &m, 8), -EOVERFLOW);         /* CPU 8 of 8 */
	CHECK_EQ(bitmap_parse("000000001", 9, &m, 32), -EOVERFLOW);  /* 9 digits */
	CHECK_EQ(bitmap_parse("xyz", 3, &m, 8), -EINVAL);
	CHECK_EQ(bitmap_parse("1 2", 3, &m, 8), -EINVAL);
	CHECK_EQ(m, 0x55);                      /* untouched on failure */
	CHECK_EQ(bitmap_parse("\n", 1, &m, 8), 0);
	CHECK_EQ(m, 0);
	CHECK_EQ(bitmap_parse("2\ngarbage", 9, &m, 8), 0);          /* up to the newline */
	CHECK_EQ(m, 2);
}

TEST(parse_list)
{
	unsigned long m = 0x55;

	CHECK_EQ(bitmap_parselist("0-1\n", 4, &m, 8), 0);
	CHECK_EQ(m, 3);
	CHECK_EQ(bitmap_parselist("1,3-5", 5, &m, 8), 0);
	CHECK_EQ(m, 0x3a);
	m = 0x55;
	CHECK_EQ(bitmap_parselist("8", 1, &m, 8), -ERANGE);
	CHECK_EQ(bitmap_parselist("3-1", 3, &m, 8), -EINVAL);
	CHECK_EQ(bitmap_parselist("1-", 2, &m, 8), -EINVAL);
	CHECK_EQ(bitmap_parselist("a", 1, &m, 8), -EINVAL);
	CHECK_EQ(m, 0x55);
}

int main(void)
{
	return RUN_TESTS();
}
