/* kernel/tests/test_acpi_sleep.c - what power-off reads from the firmware: the FADT's PM1
 * control ports and the \_S5 sleep types in the DSDT's AML, from tables built here (good
 * ones, corrupt ones, and AML the decoder must refuse rather than guess at). Pure buffer
 * work, so it runs in either irqchip mode. */
#include <irqlab/acpi.h>
#include <irqlab/errno.h>
#include <irqlab/string.h>
#include "ktest_acpi.h"
#include "kunit.h"

#define FADT_V3_SIZE            244     /* what QEMU's q35 has: ACPI 2.0+ fields */
#define TEST_PM1A_CNT           0x604   /* QEMU's PIIX4 and ICH9 PM blocks at 0x600 */
#define TEST_DSDT               0x07fe0040

static u8 buf[512] __aligned(4);
static struct acpi_s5 s5;

static struct acpi_table_fadt *fadt_build(size_t size)
{
	struct acpi_table_fadt *f = (void *)buf;

	memset(buf, 0, sizeof(buf));
	memcpy(f->header.signature, ACPI_SIG_FADT, 4);
	memcpy(f->header.oem_id, "IRQLAB", 6);
	f->header.length = size;
	f->header.revision = size > ACPI_FADT_V1_SIZE ? 3 : 1;
	f->dsdt = TEST_DSDT;
	f->pm1a_control_block = TEST_PM1A_CNT;
	f->pm1_control_length = 2;
	return f;
}

static void fadt_seal(struct acpi_table_fadt *f)
{
	fix_checksum(f, f->header.length, &f->header.checksum);
}

static void test_fadt_v1_ports_parsed(struct kunit *test)
{
	struct acpi_table_fadt *f = fadt_build(ACPI_FADT_V1_SIZE);

	fadt_seal(f);
	KUNIT_ASSERT_EQ(test, acpi_parse_fadt(buf, ACPI_FADT_V1_SIZE, &s5), 0);
	KUNIT_EXPECT_EQ(test, s5.pm1a_cnt, TEST_PM1A_CNT);
	KUNIT_EXPECT_EQ(test, s5.pm1b_cnt, 0);
	KUNIT_EXPECT_EQ(test, acpi_fadt_dsdt(f), TEST_DSDT);
}

/* The X_ fields win when they hold a system I/O address; one in memory space is left
 * for the 32-bit port, which irqlab can use. */
static void test_fadt_x_fields_preferred(struct kunit *test)
{
	struct acpi_table_fadt *f = fadt_build(FADT_V3_SIZE);

	f->x_dsdt = 0x07fd0000;
	f->x_pm1a_control_block = (struct acpi_generic_address){
		ACPI_ADR_SPACE_SYSTEM_IO, 16, 0, 2, 0xb004 };
	f->pm1b_control_block = 0x8804;
	f->x_pm1b_control_block = (struct acpi_generic_address){
		ACPI_ADR_SPACE_SYSTEM_MEMORY, 16, 0, 2, 0xfed00000 };
	fadt_seal(f);
	KUNIT_ASSERT_EQ(test, acpi_parse_fadt(buf, FADT_V3_SIZE, &s5), 0);
	KUNIT_EXPECT_EQ(test, s5.pm1a_cnt, 0xb004);
	KUNIT_EXPECT_EQ(test, s5.pm1b_cnt, 0x8804);
	KUNIT_EXPECT_EQ(test, acpi_fadt_dsdt(f), 0x07fd0000);
	f->x_dsdt = 0x100000000ull;     /* out of an i686 kernel's reach: DSDT instead */
	KUNIT_EXPECT_EQ(test, acpi_fadt_dsdt(f), TEST_DSDT);
	f->x_dsdt = 0x07fd0000;

	/* A revision 1 table has no X_ fields, whatever bytes lie past its length. */
	f->header.length = ACPI_FADT_V1_SIZE;
	fadt_seal(f);
	KUNIT_ASSERT_EQ(test, acpi_parse_fadt(buf, FADT_V3_SIZE, &s5), 0);
	KUNIT_EXPECT_EQ(test, s5.pm1a_cnt, TEST_PM1A_CNT);
	KUNIT_EXPECT_EQ(test, acpi_fadt_dsdt(f), TEST_DSDT);
}

static void test_fadt_bad_tables_rejected(struct kunit *test)
{
	struct acpi_table_fadt *f = fadt_build(ACPI_FADT_V1_SIZE);

	fadt_seal(f);
	f->pm1a_control_block++;
	KUNIT_EXPECT_EQ(test, acpi_parse_fadt(buf, ACPI_FADT_V1_SIZE, &s5), -EINVAL);
	KUNIT_EXPECT_EQ(test, s5.pm1a_cnt, 0);          /* nothing from it is kept */

	f = fadt_build(ACPI_FADT_V1_SIZE);
	fadt_seal(f);
	KUNIT_EXPECT_EQ(test, acpi_parse_fadt(buf, ACPI_FADT_V1_SIZE - 1, &s5), -EINVAL);
	f->header.length = ACPI_FADT_V1_SIZE - 4;      /* shorter than ACPI 1.0's FADT */
	fadt_seal(f);
	KUNIT_EXPECT_EQ(test, acpi_parse_fadt(buf, ACPI_FADT_V1_SIZE, &s5), -EINVAL);

	f = fadt_build(ACPI_FADT_V1_SIZE);
	memcpy(f->header.signature, "FACS", 4);
	fadt_seal(f);
	KUNIT_EXPECT_EQ(test, acpi_parse_fadt(buf, ACPI_FADT_V1_SIZE, &s5), -EINVAL);

	f = fadt_build(ACPI_FADT_V1_SIZE);
	f->pm1a_control_block = 0;
	fadt_seal(f);
	KUNIT_EXPECT_EQ(test, acpi_parse_fadt(buf, ACPI_FADT_V1_SIZE, &s5), -ENODEV);
}

/* A DSDT: the header, then aml[] as its whole body. */
static size_t dsdt_build(const u8 *aml, size_t n)
{
	struct acpi_table_header *h = (void *)buf;

	memset(buf, 0, sizeof(buf));
	memcpy(h->signature, ACPI_SIG_DSDT, 4);
	h->length = sizeof(*h) + n;
	memcpy(buf + sizeof(*h), aml, n);
	fix_checksum(buf, h->length, &h->checksum);
	return h->length;
}

#define S5_NAME                 '_', 'S', '5', '_'

static int find_s5(const u8 *aml, size_t n, u8 *a, u8 *b)
{
	*a = *b = 0xee;                 /* neither is a sleep type: must be overwritten */
	return acpi_dsdt_find_s5(buf, dsdt_build(aml, n), a, b);
}

static void test_dsdt_s5_decoded(struct kunit *test)
{
	/* A string holding the same bytes comes first: only a NameOp's name counts.
	 * Then Name (_S5, Package (0x04) { 0x05, One, Zero, Zero }). */
	static const u8 aml[] = {
		0x0d, S5_NAME, 0x00,                            /* "_S5_" as a String */
		0x08, S5_NAME, 0x12, 0x07, 0x04, 0x0a, 0x05, 0x01, 0x00, 0x00,
	};
	u8 a, b;

	KUNIT_ASSERT_EQ(test, find_s5(aml, sizeof(aml), &a, &b), 0);
	KUNIT_EXPECT_EQ(test, a, 5);
	KUNIT_EXPECT_EQ(test, b, 1);
}

/* Name (\_S5, ...) with a two-byte PkgLength, and a one-element package. */
static void test_dsdt_s5_encodings(struct kunit *test)
{
	static const u8 rooted[] = {
		0x08, '\\', S5_NAME, 0x12, 0x48, 0x00, 0x04, 0x00, 0x0a, 0x03, 0x00, 0x00,
	};
	static const u8 one_element[] = { 0x08, S5_NAME, 0x12, 0x04, 0x01, 0x0a, 0x07 };
	u8 a, b;

	KUNIT_ASSERT_EQ(test, find_s5(rooted, sizeof(rooted), &a, &b), 0);
	KUNIT_EXPECT_EQ(test, a, 0);
	KUNIT_EXPECT_EQ(test, b, 3);
	KUNIT_ASSERT_EQ(test, find_s5(one_element, sizeof(one_element), &a, &b), 0);
	KUNIT_EXPECT_EQ(test, a, 7);
	KUNIT_EXPECT_EQ(test, b, 7);
}

static void test_dsdt_s5_refused(struct kunit *test)
{
	static const u8 absent[] = { 0x0d, S5_NAME, 0x00, 0x08, '_', 'S', '4', '_', 0x00 };
	static const u8 not_package[] = { 0x08, S5_NAME, 0x0a, 0x05 };
	static const u8 expression[] = { 0x08, S5_NAME, 0x12, 0x06, 0x02, 0x70, 0x0a, 0x05 };
	static const u8 too_big[] = { 0x08, S5_NAME, 0x12, 0x05, 0x02, 0x0a, 0x09, 0x00 };
	static const u8 truncated[] = { 0x08, S5_NAME, 0x12, 0x07, 0x04, 0x0a };
	u8 a, b;

	KUNIT_EXPECT_EQ(test, find_s5(absent, sizeof(absent), &a, &b), -ENOENT);
	KUNIT_EXPECT_EQ(test, find_s5(not_package, sizeof(not_package), &a, &b), -EINVAL);
	KUNIT_EXPECT_EQ(test, find_s5(expression, sizeof(expression), &a, &b), -EINVAL);
	KUNIT_EXPECT_EQ(test, find_s5(too_big, sizeof(too_big), &a, &b), -EINVAL);
	KUNIT_EXPECT_EQ(test, find_s5(truncated, sizeof(truncated), &a, &b), -EINVAL);
	/* A table that claims more bytes than it was given is not read past its end. */
	KUNIT_EXPECT_EQ(test, acpi_dsdt_find_s5(buf, dsdt_build(absent, sizeof(absent)) - 1,
						&a, &b), -EINVAL);
}

static struct kunit_case acpi_sleep_cases[] = {
	KUNIT_CASE(test_fadt_v1_ports_parsed),
	KUNIT_CASE(test_fadt_x_fields_preferred),
	KUNIT_CASE(test_fadt_bad_tables_rejected),
	KUNIT_CASE(test_dsdt_s5_decoded),
	KUNIT_CASE(test_dsdt_s5_encodings),
	KUNIT_CASE(test_dsdt_s5_refused),
	{}
};
kunit_test_suite(acpi_sleep, acpi_sleep_cases);
