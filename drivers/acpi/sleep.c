/* drivers/acpi/sleep.c - ACPI power-off: entering the S5 (soft-off) state.
 *
 * ACPI Specification (6.x): "Fixed ACPI Description Table (FADT)" (PM1a_CNT_BLK,
 * PM1b_CNT_BLK, PM1_CNT_LEN and their X_ forms), "PM1 Control Registers" (SLP_TYPx,
 * SLP_EN), "\_Sx (System States)"; and in "ACPI Machine Language (AML) Specification":
 * "Name Objects Encoding", "Package Length Encoding", "Data Objects Encoding".
 *
 * S5 is entered by writing its sleep type to SLP_TYP and setting SLP_EN in the PM1
 * control registers. The FADT says where those registers are; the sleep type is known
 * only to the firmware's AML, as the \_S5 package whose first two elements are SLP_TYPa
 * and SLP_TYPb.
 *
 * irqlab has no AML interpreter. It finds \_S5 by looking for the bytes "_S5_" right
 * after a NameOp in the DSDT, and decodes the package that follows. A deliberate
 * simplification, which assumes that \_S5 is a plain Name declared in the DSDT (not a
 * Method, not in an SSDT) and that its first elements are constants (Zero, One or a
 * BytePrefix number). That holds on QEMU's pc and q35 and on most PC firmware; anything
 * else is reported at boot, and power-off then falls back to halting.
 */
#include <irqlab/acpi.h>
#include <irqlab/errno.h>
#include <irqlab/init.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include <irqlab/timer.h>
#include "arch/x86/io.h"

#define PM1_CNT_MIN_LEN         2       /* PM1_CNT_LEN: at least 2 bytes */
#define IO_PORT_MAX             0xffff
#define ACPI_S5_WAIT_MS         500     /* QEMU acts at once; real chipsets take a moment */

/* AML opcodes and prefixes ("AML Specification"). */
#define AML_NAME_OP             0x08    /* DefName := NameOp NameString DataRefObject */
#define AML_ROOT_CHAR           '\\'    /* a NameString that starts at the root */
#define AML_PACKAGE_OP          0x12    /* PackageOp PkgLength NumElements PackageElementList */
#define AML_ZERO_OP             0x00
#define AML_ONE_OP              0x01
#define AML_BYTE_PREFIX         0x0a    /* followed by one data byte */
#define AML_PKGLEN_EXTRA(lead)  ((lead) >> 6)  /* PkgLength bytes after the lead byte */
#define ACPI_SLP_TYP_MAX        7       /* SLP_TYP is a 3-bit field */

static struct acpi_s5 acpi_s5;          /* written once by acpi_sleep_init(), then read-only */
const char *acpi_s5_error = "ACPI S5 not probed yet";

/* Prefers the 64-bit X_ field when the table has it and it names a system I/O port. */
static u32 fadt_pm1_port(const struct acpi_table_fadt *fadt, u32 legacy,
			 const struct acpi_generic_address *x)
{
	size_t x_end = (size_t)((const u8 *)(x + 1) - (const u8 *)fadt);

	if (fadt->header.length >= x_end && x->address &&
	    x->space_id == ACPI_ADR_SPACE_SYSTEM_IO && x->address <= IO_PORT_MAX)
		return (u32)x->address;
	return legacy;
}

int acpi_parse_fadt(const void *table, size_t len, struct acpi_s5 *s5)
{
	const struct acpi_table_fadt *fadt = table;
	u32 pm1a, pm1b;

	memset(s5, 0, sizeof(*s5));
	if (len < ACPI_FADT_V1_SIZE || memcmp(fadt->header.signature, ACPI_SIG_FADT, 4) != 0 ||
	    fadt->header.length < ACPI_FADT_V1_SIZE || fadt->header.length > len ||
	    !acpi_checksum_ok(table, fadt->header.length))
		return -EINVAL;
	pm1a = fadt_pm1_port(fadt, fadt->pm1a_control_block, &fadt->x_pm1a_control_block);
	pm1b = fadt_pm1_port(fadt, fadt->pm1b_control_block, &fadt->x_pm1b_control_block);
	if (!pm1a || pm1a > IO_PORT_MAX || pm1b > IO_PORT_MAX ||
	    fadt->pm1_control_length < PM1_CNT_MIN_LEN)
		return -ENODEV;
	s5->pm1a_cnt = (u16)pm1a;
	s5->pm1b_cnt = (u16)pm1b;
	return 0;
}

/* One package element that must be a constant SLP_TYP value. */
static int aml_slp_typ(const u8 **p, const u8 *end, u8 *value)
{
	if (*p >= end)
		return -EINVAL;
	switch (*(*p)++) {
	case AML_ZERO_OP:
		*value = 0;
		return 0;
	case AML_ONE_OP:
		*value = 1;
		return 0;
	case AML_BYTE_PREFIX:
		if (*p >= end || **p > ACPI_SLP_TYP_MAX)
			return -EINVAL;
		*value = *(*p)++;
		return 0;
	default:
		return -EINVAL;                 /* an expression: it needs an interpreter */
	}
}

static bool aml_is_name_decl(const u8 *name, const u8 *body)
{
	return (name - body >= 1 && name[-1] == AML_NAME_OP) ||
	       (name - body >= 2 && name[-2] == AML_NAME_OP && name[-1] == AML_ROOT_CHAR);
}

int acpi_dsdt_find_s5(const void *table, size_t len, u8 *slp_typa, u8 *slp_typb)
{
	const struct acpi_table_header *h = table;
	const u8 *body = (const u8 *)table + sizeof(*h), *end, *p;
	unsigned int elements;

	if (len < sizeof(*h) || h->length < sizeof(*h) || h->length > len)
		return -EINVAL;
	end = (const u8 *)table + h->length;
	for (p = body; p + 4 <= end; p++)
		if (memcmp(p, "_S5_", 4) == 0 && aml_is_name_decl(p, body))
			break;
	if (p + 4 > end)
		return -ENOENT;

	p += 4;
	if (p >= end || *p++ != AML_PACKAGE_OP)
		return -EINVAL;                 /* \_S5 is there, but not as a package */
	if (p >= end)
		return -EINVAL;
	p += 1 + AML_PKGLEN_EXTRA(*p);
	if (p >= end)
		return -EINVAL;
	elements = *p++;
	if (elements == 0 || aml_slp_typ(&p, end, slp_typa) < 0)
		return -EINVAL;
	/* Packages of one element exist in old firmware: then both blocks take that value. */
	if (elements == 1) {
		*slp_typb = *slp_typa;
		return 0;
	}
	return aml_slp_typ(&p, end, slp_typb);
}

/* Reads the FADT and \_S5 once, so that power-off needs nothing but two port writes. */
static int acpi_sleep_init(void)
{
	const struct acpi_table_header *fadt, *dsdt;
	struct acpi_s5 s5;
	int err;

	if (acpi_disabled) {
		acpi_s5_error = "no ACPI tables (no RSDP)";
	} else if (!(fadt = acpi_get_table(ACPI_SIG_FADT))) {
		acpi_s5_error = "no FADT";
	} else if ((err = acpi_parse_fadt(fadt, fadt->length, &s5)) < 0) {
		acpi_s5_error = err == -ENODEV ? "the FADT names no PM1a control port"
					       : "the FADT is corrupt";
	} else if (!(dsdt = acpi_get_table(ACPI_SIG_DSDT)) ||
		   !acpi_checksum_ok(dsdt, dsdt->length)) {
		acpi_s5_error = dsdt ? "the DSDT is corrupt" : "no DSDT";
	} else if ((err = acpi_dsdt_find_s5(dsdt, dsdt->length, &s5.slp_typa,
					    &s5.slp_typb)) < 0) {
		acpi_s5_error = err == -ENOENT ? "no \\_S5 object found in the DSDT"
					       : "the DSDT's \\_S5 is not a package of constants";
	} else {
		acpi_s5 = s5;
		acpi_s5_error = NULL;
		pr_info("ACPI: S5 soft-off: PM1a_CNT 0x%04x SLP_TYPa %u, PM1b_CNT 0x%04x "
			"SLP_TYPb %u\n", s5.pm1a_cnt, s5.slp_typa, s5.pm1b_cnt, s5.slp_typb);
		return 0;
	}
	pr_info("ACPI: no S5 soft-off: %s\n", acpi_s5_error);
	return 0;
}
device_initcall(acpi_sleep_init);

/* The PM1 control value with SLP_TYP set to slp_typ and SLP_EN clear; the other bits
 * (SCI_EN among them) as they are. */
static u16 acpi_pm1_cnt_with_slp_typ(u16 port, u8 slp_typ)
{
	u16 v = inw(port) & ~(ACPI_PM1_CNT_SLP_TYP_MASK | ACPI_PM1_CNT_SLP_EN);

	return v | (u16)(slp_typ << ACPI_PM1_CNT_SLP_TYP_SHIFT);
}

int acpi_power_off(void)
{
	u16 a, b = 0;

	if (acpi_s5_error)
		return -ENODEV;
	a = acpi_pm1_cnt_with_slp_typ(acpi_s5.pm1a_cnt, acpi_s5.slp_typa);
	if (acpi_s5.pm1b_cnt)
		b = acpi_pm1_cnt_with_slp_typ(acpi_s5.pm1b_cnt, acpi_s5.slp_typb);
	/* The types first, SLP_EN in a second round of writes: some chipsets sample
	 * SLP_TYP only when SLP_EN goes high and must see it settled, in both blocks. */
	outw(acpi_s5.pm1a_cnt, a);
	if (acpi_s5.pm1b_cnt)
		outw(acpi_s5.pm1b_cnt, b);
	outw(acpi_s5.pm1a_cnt, a | ACPI_PM1_CNT_SLP_EN);
	if (acpi_s5.pm1b_cnt)
		outw(acpi_s5.pm1b_cnt, b | ACPI_PM1_CNT_SLP_EN);
	mdelay(ACPI_S5_WAIT_MS);
	acpi_s5_error = "the machine did not act on S5";
	return -EIO;
}
