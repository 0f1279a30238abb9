/* tests/host/test_vsprintf.c - printk's formatter against the C library's own printf,
 * which defines what each conversion must print. */
#include <stdarg.h>
#include <stdio.h>
#include <irqlab/vsprintf.h>
#include "unit.h"

/* Formats with both and compares the text and the returned length. */
#define SAME(fmt, ...) do {                                                     \
	char ours[128], libc[128];                                              \
	int n1 = irqlab_snprintf(ours, sizeof(ours), fmt, __VA_ARGS__);         \
	int n2 = snprintf(libc, sizeof(libc), fmt, __VA_ARGS__);                \
	CHECK_STR(ours, libc);                                                  \
	CHECK_EQ(n1, n2);                                                       \
} while (0)

TEST(integers_like_libc)
{
	SAME("%d %i %u", 42, -7, 3000000000u);
	SAME("%d", -2147483647 - 1);
	SAME("%x %X %o", 0xdeadbeefu, 0xabcu, 8u);
	SAME("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42);
	SAME("[%05d] [%+05d] [%-+5d]", -42, 42, 7);
	SAME("[%.3d] [%8.3d] [%-8.3x]", 5, 5, 0xa);
	SAME("[%.0d] [%.0u]", 0, 0u);
	SAME("%*d|%-*d|%.*d", 6, 1, 6, 2, 4, 3);
}

TEST(length_modifiers_like_libc)
{
	SAME("%lld %llu %llx", -123456789012345ll, 18446744073709551615ull, 0x123456789abcull);
	SAME("%ld %lu %lx", -5l, 5ul, 0xfful);
	SAME("%hd %hu %hhd %hhu", (short)-3, (unsigned short)65535, (signed char)-1, (unsigned char)255);
	SAME("%zu %zd", (size_t)12345, (ssize_t)-12);
	SAME("%08llx", 0x1ull);
}

TEST(strings_and_chars_like_libc)
{
	SAME("[%s] [%10s] [%-10s] [%.2s]", "irq", "irq", "irq", "irq");
	SAME("[%c] [%3c] [%-3c]", 'a', 'b', 'c');
	SAME("100%% %s", "done");
}

TEST(null_string_is_marked)
{
	char buf[32];

	irqlab_snprintf(buf, sizeof(buf), "%s", (const char *)NULL);
	CHECK_STR(buf, "(null)");
}

TEST(pointer_is_zero_padded_hex)
{
	char buf[32];

	irqlab_snprintf(buf, sizeof(buf), "%p", (void *)0x1234);
	CHECK_STR(buf, sizeof(void *) == 8 ? "0x0000000000001234" : "0x00001234");
}

TEST(truncation_reports_full_length_and_terminates)
{
	char buf[8];
	int n = irqlab_snprintf(buf, sizeof(buf), "%s-%d", "interrupt", 12345);

	CHECK_EQ(n, 15);
	CHECK_STR(buf, "interru");
	CHECK_EQ(irqlab_snprintf(NULL, 0, "%d", 123), 3);
}

TEST(unknown_conversion_is_shown_not_eaten)
{
	char buf[32];

	irqlab_snprintf(buf, sizeof(buf), "a%qb");
	CHECK_STR(buf, "a%qb");
	irqlab_snprintf(buf, sizeof(buf), "end%");
	CHECK_STR(buf, "end");
}

int main(void)
{
	return RUN_TESTS();
}
