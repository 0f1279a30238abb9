/* tests/host/test_cmdline.c - finding options on the kernel command line. */
#include <irqlab/cmdline.h>
#include "unit.h"

TEST(bare_flags_anywhere)
{
	/* QEMU's -kernel loader puts the image path first; GRUB does not. */
	const char *line = "/boot/irqlab.elf quiet selftest";

	CHECK(cmdline_has(line, "selftest"));
	CHECK(cmdline_has(line, "quiet"));
	CHECK(!cmdline_has(line, "self"));      /* no prefix matches */
	CHECK(!cmdline_has(line, "selftests"));
	CHECK(!cmdline_has("", "selftest"));
	CHECK(!cmdline_has(NULL, "selftest"));
}

TEST(key_value)
{
	char val[16];

	CHECK_EQ(cmdline_get("irqchip=pic hz=100", "irqchip", val, sizeof(val)), 3);
	CHECK_STR(val, "pic");
	CHECK_EQ(cmdline_get("irqchip=pic hz=100", "hz", val, sizeof(val)), 3);
	CHECK_STR(val, "100");
	CHECK_EQ(cmdline_get("irqchip=pic", "hz", val, sizeof(val)), -1);
	CHECK_EQ(cmdline_get("selftest", "selftest", val, sizeof(val)), 0);
	CHECK_STR(val, "");
	CHECK_EQ(cmdline_get("selftest=", "selftest", val, sizeof(val)), 0);
}

TEST(last_occurrence_wins)
{
	char val[16];

	/* fw_cfg options are appended after GRUB's, so they override them. */
	CHECK_EQ(cmdline_get("irqchip=apic x irqchip=pic", "irqchip", val, sizeof(val)), 3);
	CHECK_STR(val, "pic");
}

TEST(quoted_values_and_whitespace)
{
	char val[32];

	CHECK_EQ(cmdline_get("  a=\"one two\"\tb=3\n", "a", val, sizeof(val)), 7);
	CHECK_STR(val, "one two");
	CHECK_EQ(cmdline_get("  a=\"one two\"\tb=3\n", "b", val, sizeof(val)), 1);
	CHECK_STR(val, "3");
	CHECK_EQ(cmdline_get("a=\"unterminated", "a", val, sizeof(val)), 12);
	CHECK_STR(val, "unterminated");
}

TEST(long_value_is_cut_and_reported)
{
	char val[4];
	int n = cmdline_get("selftest=irq_core,printk", "selftest", val, sizeof(val));

	CHECK_EQ(n, 15);        /* the full length: the caller can tell it was cut */
	CHECK_STR(val, "irq");
}

int main(void)
{
	return RUN_TESTS();
}
