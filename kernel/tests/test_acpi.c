/* kernel/tests/test_acpi.c - the RSDP and MADT checks and the MADT parser, fed tables
 * built here: good ones, corrupt ones, and ones whose entries do not fit. Pure buffer
 * work, so it runs in either irqchip mode. */
#include <irqlab/errno.h>
#include <irqlab/string.h>
#include "arch/x86/acpi.h"
#include "ktest_acpi.h"
#include "kunit.h"

struct table_builder {
	u8 buf[256] __aligned(4);
	size_t len;
};

static void madt_begin(struct table_builder *b)
{
	struct acpi_table_madt *madt = (void *)b->buf;

	memset(b, 0, sizeof(*b));
	memcpy(madt->header.signature, ACPI_SIG_MADT, 4);
	madt->header.revision = 1;
	memcpy(madt->header.oem_id, "IRQLAB", 6);
	madt->lapic_address = 0xfee00000;
	madt->flags = ACPI_MADT_PCAT_COMPAT;
	b->len = sizeof(*madt);
}

static void madt_add(struct table_builder *b, const void *entry, size_t n)
{
	memcpy(b->buf + b->len, entry, n);
	b->len += n;
}

/* Sets the header's length to what was added and makes the checksum right. */
static void madt_end(struct table_builder *b)
{
	struct acpi_table_madt *madt = (void *)b->buf;

	madt->header.length = b->len;
	fix_checksum(b->buf, b->len, &madt->header.checksum);
}

/* QEMU's pc machine: one CPU, one IOAPIC, IRQ 0 -> GSI 2, IRQ 9 level; plus an
 * active-low edge override that QEMU does not have, to see the polarity bits read. */
static const struct acpi_madt_local_apic cpu0 = {
	{ ACPI_MADT_TYPE_LOCAL_APIC, sizeof(cpu0) }, 0, 0, ACPI_MADT_ENABLED };
static const struct acpi_madt_io_apic ioapic0 = {
	{ ACPI_MADT_TYPE_IO_APIC, sizeof(ioapic0) }, 1, 0, 0xfec00000, 0 };
static const struct acpi_madt_interrupt_override irq0_to_gsi2 = {
	{ ACPI_MADT_TYPE_INTERRUPT_OVERRIDE, sizeof(irq0_to_gsi2) }, 0, 0, 2, 0 };
static const struct acpi_madt_interrupt_override irq9_level = {
	{ ACPI_MADT_TYPE_INTERRUPT_OVERRIDE, sizeof(irq9_level) }, 0, 9, 9,
	ACPI_MADT_POLARITY_ACTIVE_HIGH | ACPI_MADT_TRIGGER_LEVEL };
static const struct acpi_madt_interrupt_override irq7_low_edge = {
	{ ACPI_MADT_TYPE_INTERRUPT_OVERRIDE, sizeof(irq7_low_edge) }, 0, 7, 7,
	ACPI_MADT_POLARITY_ACTIVE_LOW | ACPI_MADT_TRIGGER_EDGE };
static const struct acpi_madt_local_apic_nmi nmi_lint1 = {
	{ ACPI_MADT_TYPE_LOCAL_APIC_NMI, sizeof(nmi_lint1) }, 0xff, 0, 1 };

static void build_good_madt(struct table_builder *b)
{
	madt_begin(b);
	madt_add(b, &cpu0, sizeof(cpu0));
	madt_add(b, &ioapic0, sizeof(ioapic0));
	madt_add(b, &irq0_to_gsi2, sizeof(irq0_to_gsi2));
	madt_add(b, &irq9_level, sizeof(irq9_level));
	madt_add(b, &irq7_low_edge, sizeof(irq7_low_edge));
	madt_add(b, &nmi_lint1, sizeof(nmi_lint1));
	madt_end(b);
}

static struct table_builder tb;
static struct madt_info info;

/* The processor entries' flags: enabled, online-capable (may be started though not
 * enabled, ACPI 6.3), or neither (not there: left alone). */
static void test_madt_cpu_flags(struct kunit *test)
{
	static const struct acpi_madt_local_apic cpus[] = {
		{ { ACPI_MADT_TYPE_LOCAL_APIC, sizeof(cpus[0]) }, 0, 0, ACPI_MADT_ENABLED },
		{ { ACPI_MADT_TYPE_LOCAL_APIC, sizeof(cpus[0]) }, 1, 2, ACPI_MADT_ONLINE_CAPABLE },
		{ { ACPI_MADT_TYPE_LOCAL_APIC, sizeof(cpus[0]) }, 2, 4, 0 },
	};

	madt_begin(&tb);
	for (unsigned int i = 0; i < ARRAY_SIZE(cpus); i++)
		madt_add(&tb, &cpus[i], sizeof(cpus[i]));
	madt_end(&tb);
	KUNIT_ASSERT_EQ(test, acpi_parse_madt(tb.buf, tb.len, &info), 0);
	KUNIT_ASSERT_EQ(test, info.nr_cpus, 3);
	KUNIT_EXPECT_TRUE(test, info.cpu[0].enabled && !info.cpu[0].online_capable);
	KUNIT_EXPECT_TRUE(test, !info.cpu[1].enabled && info.cpu[1].online_capable);
	KUNIT_EXPECT_EQ(test, info.cpu[1].apic_id, 2);
	KUNIT_EXPECT_TRUE(test, !info.cpu[2].enabled && !info.cpu[2].online_capable);
}

static void test_madt_good_table_parsed(struct kunit *test)
{
	build_good_madt(&tb);
	KUNIT_ASSERT_EQ(test, acpi_parse_madt(tb.buf, tb.len, &info), 0);
	KUNIT_EXPECT_EQ(test, info.lapic_address, 0xfee00000);
	KUNIT_EXPECT_TRUE(test, info.flags & ACPI_MADT_PCAT_COMPAT);
	KUNIT_EXPECT_EQ(test, info.nr_cpus, 1);
	KUNIT_EXPECT_TRUE(test, info.cpu[0].enabled);
	KUNIT_EXPECT_EQ(test, info.nr_ioapics, 1);
	KUNIT_EXPECT_EQ(test, info.ioapic[0].id, 1);
	KUNIT_EXPECT_EQ(test, info.ioapic[0].address, 0xfec00000);
	KUNIT_EXPECT_EQ(test, info.ioapic[0].gsi_base, 0);
	KUNIT_EXPECT_EQ(test, info.nr_overrides, 3);
	KUNIT_EXPECT_EQ(test, info.override[0].source_irq, 0);
	KUNIT_EXPECT_EQ(test, info.override[0].gsi, 2);
	KUNIT_EXPECT_EQ(test, info.override[1].inti_flags,
			ACPI_MADT_POLARITY_ACTIVE_HIGH | ACPI_MADT_TRIGGER_LEVEL);
	KUNIT_EXPECT_EQ(test, info.nr_nmis, 1);
	KUNIT_EXPECT_EQ(test, info.nmi[0].processor_uid, 0xff);
	KUNIT_EXPECT_EQ(test, info.nmi[0].lint, 1);
	KUNIT_EXPECT_EQ(test, info.dropped, 0);
}

static void test_madt_bad_checksum_rejected(struct kunit *test)
{
	build_good_madt(&tb);
	tb.buf[sizeof(struct acpi_table_madt) + sizeof(cpu0) + 4]++;    /* the IOAPIC address */
	KUNIT_EXPECT_EQ(test, acpi_parse_madt(tb.buf, tb.len, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, info.nr_ioapics, 0);      /* nothing from it is kept */
	KUNIT_EXPECT_EQ(test, info.nr_overrides, 0);
	KUNIT_EXPECT_EQ(test, info.lapic_address, 0);
}

static void test_madt_wrong_signature_or_length_rejected(struct kunit *test)
{
	build_good_madt(&tb);
	KUNIT_EXPECT_EQ(test, acpi_parse_madt(tb.buf, tb.len - 1, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, acpi_parse_madt(tb.buf, 20, &info), -EINVAL);
	memcpy(tb.buf, "APIX", 4);
	madt_end(&tb);
	KUNIT_EXPECT_EQ(test, acpi_parse_madt(tb.buf, tb.len, &info), -EINVAL);
}

/* Each table below has a correct checksum: only the entry lengths are wrong. */
static void test_madt_truncated_entries_rejected(struct kunit *test)
{
	struct acpi_madt_io_apic io = ioapic0;
	const u8 zero_length[2] = { ACPI_MADT_TYPE_IO_APIC, 0 };
	const u8 one_byte = ACPI_MADT_TYPE_LOCAL_APIC;

	/* Length 0: a parser that trusted it would never move on. */
	madt_begin(&tb);
	madt_add(&tb, &cpu0, sizeof(cpu0));
	madt_add(&tb, zero_length, sizeof(zero_length));
	madt_end(&tb);
	KUNIT_EXPECT_EQ(test, acpi_parse_madt(tb.buf, tb.len, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, info.nr_cpus, 0);

	/* Shorter than an IOAPIC entry, though it fits in the table. */
	io.header.length = 8;
	madt_begin(&tb);
	madt_add(&tb, &io, 8);
	madt_end(&tb);
	KUNIT_EXPECT_EQ(test, acpi_parse_madt(tb.buf, tb.len, &info), -EINVAL);

	/* The last entry claims more bytes than the table has left. */
	io = ioapic0;
	io.header.length = sizeof(io) + 8;
	madt_begin(&tb);
	madt_add(&tb, &irq0_to_gsi2, sizeof(irq0_to_gsi2));
	madt_add(&tb, &io, sizeof(io));
	madt_end(&tb);
	KUNIT_EXPECT_EQ(test, acpi_parse_madt(tb.buf, tb.len, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, info.nr_overrides, 0);

	/* One stray byte at the end: not even an entry header. */
	madt_begin(&tb);
	madt_add(&tb, &ioapic0, sizeof(ioapic0));
	madt_add(&tb, &one_byte, 1);
	madt_end(&tb);
	KUNIT_EXPECT_EQ(test, acpi_parse_madt(tb.buf, tb.len, &info), -EINVAL);
}

static void test_madt_unknown_entries_skipped_and_overflow_counted(struct kunit *test)
{
	const u8 unknown[6] = { 0x7f, 6, 1, 2, 3, 4 };

	madt_begin(&tb);
	madt_add(&tb, unknown, sizeof(unknown));
	for (int i = 0; i < MADT_MAX_IOAPICS + 1; i++)
		madt_add(&tb, &ioapic0, sizeof(ioapic0));
	madt_end(&tb);
	KUNIT_ASSERT_EQ(test, acpi_parse_madt(tb.buf, tb.len, &info), 0);
	KUNIT_EXPECT_EQ(test, info.nr_ioapics, MADT_MAX_IOAPICS);
	KUNIT_EXPECT_EQ(test, info.dropped, 1);
}

static void test_isa_irq_route_applies_overrides(struct kunit *test)
{
	struct irq_route r;

	build_good_madt(&tb);
	KUNIT_ASSERT_EQ(test, acpi_parse_madt(tb.buf, tb.len, &info), 0);

	KUNIT_ASSERT_EQ(test, acpi_isa_irq_route(&info, 0, &r), 0);
	KUNIT_EXPECT_EQ(test, r.gsi, 2);
	KUNIT_EXPECT_FALSE(test, r.level);              /* "conforms" on ISA: edge, high */
	KUNIT_EXPECT_FALSE(test, r.active_low);
	KUNIT_EXPECT_EQ(test, acpi_isa_irq_route(&info, 2, &r), -ENOENT);  /* GSI 2 is IRQ 0's */
	KUNIT_ASSERT_EQ(test, acpi_isa_irq_route(&info, 9, &r), 0);
	KUNIT_EXPECT_EQ(test, r.gsi, 9);
	KUNIT_EXPECT_TRUE(test, r.level);
	KUNIT_EXPECT_FALSE(test, r.active_low);
	KUNIT_ASSERT_EQ(test, acpi_isa_irq_route(&info, 7, &r), 0);
	KUNIT_EXPECT_FALSE(test, r.level);
	KUNIT_EXPECT_TRUE(test, r.active_low);
	KUNIT_ASSERT_EQ(test, acpi_isa_irq_route(&info, 1, &r), 0);    /* no override */
	KUNIT_EXPECT_EQ(test, r.gsi, 1);
	KUNIT_EXPECT_FALSE(test, r.level);
	KUNIT_EXPECT_EQ(test, acpi_isa_irq_route(&info, 16, &r), -EINVAL);
}

static void build_rsdp(struct acpi_rsdp *rsdp, u8 revision)
{
	memset(rsdp, 0, sizeof(*rsdp));
	memcpy(rsdp->signature, ACPI_SIG_RSDP, 8);
	memcpy(rsdp->oem_id, "IRQLAB", 6);
	rsdp->revision = revision;
	rsdp->rsdt_address = 0x07fe1000;
	if (revision >= 2) {
		rsdp->length = sizeof(*rsdp);
		rsdp->xsdt_address = 0x07fe2000;
	}
	/* The extended checksum covers the first one too: it comes last. */
	fix_checksum(rsdp, ACPI_RSDP_V1_SIZE, &rsdp->checksum);
	if (revision >= 2)
		fix_checksum(rsdp, sizeof(*rsdp), &rsdp->extended_checksum);
}

static void test_rsdp_checksums(struct kunit *test)
{
	struct acpi_rsdp rsdp;

	build_rsdp(&rsdp, 0);
	KUNIT_EXPECT_TRUE(test, acpi_rsdp_valid(&rsdp));
	rsdp.rsdt_address++;
	KUNIT_EXPECT_FALSE(test, acpi_rsdp_valid(&rsdp));

	build_rsdp(&rsdp, 2);
	KUNIT_EXPECT_TRUE(test, acpi_rsdp_valid(&rsdp));
	/* The 20-byte checksum still holds; only the extended one catches this. */
	rsdp.xsdt_address++;
	KUNIT_EXPECT_TRUE(test, acpi_checksum_ok(&rsdp, ACPI_RSDP_V1_SIZE));
	KUNIT_EXPECT_FALSE(test, acpi_rsdp_valid(&rsdp));

	build_rsdp(&rsdp, 0);
	rsdp.signature[0] = 'r';
	fix_checksum(&rsdp, ACPI_RSDP_V1_SIZE, &rsdp.checksum);
	KUNIT_EXPECT_FALSE(test, acpi_rsdp_valid(&rsdp));
}

static struct kunit_case acpi_cases[] = {
	KUNIT_CASE(test_madt_good_table_parsed),
	KUNIT_CASE(test_madt_cpu_flags),
	KUNIT_CASE(test_madt_bad_checksum_rejected),
	KUNIT_CASE(test_madt_wrong_signature_or_length_rejected),
	KUNIT_CASE(test_madt_truncated_entries_rejected),
	KUNIT_CASE(test_madt_unknown_entries_skipped_and_overflow_counted),
	KUNIT_CASE(test_isa_irq_route_applies_overrides),
	KUNIT_CASE(test_rsdp_checksums),
	{}
};
kunit_test_suite(acpi, acpi_cases);
