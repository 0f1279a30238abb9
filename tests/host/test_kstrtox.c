/* tests/host/test_kstrtox.c - numbers from strings as Linux's kstrto*() read them
 * (lib/kstrtox.c): what module parameters and `echo N > FILE` rely on. */
#include <irqlab/errno.h>
#include <irqlab/kstrtox.h>
#include "unit.h"

TEST(int_bases_and_signs)
{
	int v = 7;

	CHECK_EQ(kstrtoint("12", 0, &v), 0);
	CHECK_EQ(v, 12);
	CHECK_EQ(kstrtoint("-12", 10, &v), 0);
	CHECK_EQ(v, -12);
	CHECK_EQ(kstrtoint("+0x1f", 0, &v), 0);
	CHECK_EQ(v, 31);
	CHECK_EQ(kstrtoint("017", 0, &v), 0);   /* octal, as C */
	CHECK_EQ(v, 15);
	CHECK_EQ(kstrtoint("0", 0, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(kstrtoint("ff", 16, &v), 0);
	CHECK_EQ(v, 255);
}

TEST(one_trailing_newline_is_what_echo_writes)
{
	int v = 0;

	CHECK_EQ(kstrtoint("5\n", 0, &v), 0);
	CHECK_EQ(v, 5);
	CHECK_EQ(kstrtoint("5\n\n", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoint("\n", 0, &v), -EINVAL);
	CHECK_EQ(v, 5);                         /* a refusal leaves the result alone */
}

TEST(anything_else_is_invalid)
{
	int v = 3;
	unsigned int u = 3;

	CHECK_EQ(kstrtoint("", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoint("12x", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoint(" 1", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoint("-", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoint("0x", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoint("08", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoint("12", 8, &v), 0);
	CHECK_EQ(v, 10);
	CHECK_EQ(kstrtouint("-1", 0, &u), -EINVAL);
	CHECK_EQ(u, 3);
}

TEST(out_of_range_is_erange)
{
	int v = 0;
	unsigned int u = 0;

	CHECK_EQ(kstrtoint("2147483647", 0, &v), 0);
	CHECK_EQ(v, 2147483647);
	CHECK_EQ(kstrtoint("-2147483648", 0, &v), 0);
	CHECK_EQ(v, -2147483647 - 1);
	CHECK_EQ(kstrtoint("2147483648", 0, &v), -ERANGE);
	CHECK_EQ(kstrtoint("-2147483649", 0, &v), -ERANGE);
	CHECK_EQ(kstrtouint("4294967295", 0, &u), 0);
	CHECK_EQ(u, 4294967295u);
	CHECK_EQ(kstrtouint("4294967296", 0, &u), -ERANGE);
	CHECK_EQ(kstrtouint("99999999999999999999999", 0, &u), -ERANGE);
}

int main(void)
{
	return RUN_TESTS();
}
