/* include/irqlab/acpi.h - the ACPI tables: finding them, and the FADT's power controls.
 *
 * Layouts from the ACPI Specification (6.x), chapter "ACPI Software Programming Model".
 * drivers/acpi/tables.c finds the tables (RSDP, RSDT/XSDT) and hands them out by
 * signature; drivers/acpi/sleep.c reads the FADT and the DSDT's \_S5 object for
 * power-off. The MADT is the architecture's (arch/x86/acpi.h). The structs are here, not
 * in the .c files, so that the tests can build tables. */
#ifndef IRQLAB_ACPI_H
#define IRQLAB_ACPI_H

#include <irqlab/types.h>

/* "Root System Description Pointer (RSDP) Structure" */
#define ACPI_SIG_RSDP           "RSD PTR "
#define ACPI_RSDP_V1_SIZE       20      /* the ACPI 1.0 part its checksum covers */
struct acpi_rsdp {
	char signature[8];
	u8   checksum;                  /* the first 20 bytes sum to 0 */
	char oem_id[6];
	u8   revision;                  /* 0: ACPI 1.0 (RSDT only); 2 and up: XSDT too */
	u32  rsdt_address;
	/* From revision 2 on. */
	u32  length;                    /* of this whole structure */
	u64  xsdt_address;
	u8   extended_checksum;         /* all `length` bytes sum to 0 */
	u8   reserved[3];
} __packed;
_Static_assert(sizeof(struct acpi_rsdp) == 36, "ACPI 2.0 RSDP is 36 bytes");

/* "System Description Table Header" */
struct acpi_table_header {
	char signature[4];              /* "RSDT", "XSDT", "APIC" (the MADT), "FACP" ... */
	u32  length;                    /* of the table, header included */
	u8   revision;
	u8   checksum;                  /* all `length` bytes sum to 0 */
	char oem_id[6];
	char oem_table_id[8];
	u32  oem_revision;
	char asl_compiler_id[4];
	u32  asl_compiler_revision;
} __packed;
_Static_assert(sizeof(struct acpi_table_header) == 36, "ACPI table header is 36 bytes");

#define ACPI_SIG_RSDT           "RSDT"
#define ACPI_SIG_XSDT           "XSDT"
#define ACPI_SIG_FADT           "FACP"
#define ACPI_SIG_DSDT           "DSDT"

/* "Generic Address Structure (GAS)" */
struct acpi_generic_address {
	u8  space_id;
#define   ACPI_ADR_SPACE_SYSTEM_MEMORY 0
#define   ACPI_ADR_SPACE_SYSTEM_IO     1
	u8  bit_width;
	u8  bit_offset;
	u8  access_width;
	u64 address;
} __packed;
_Static_assert(sizeof(struct acpi_generic_address) == 12, "a GAS is 12 bytes");

/* "Fixed ACPI Description Table (FADT)", up to the fields irqlab reads. Revision 1
 * tables end at `flags` (116 bytes); the X_ fields exist when `length` covers them. */
struct acpi_table_fadt {
	struct acpi_table_header header;
	u32 facs;                       /* FIRMWARE_CTRL */
	u32 dsdt;
	u8  reserved0;
	u8  preferred_profile;
	u16 sci_interrupt;
	u32 smi_command;
	u8  acpi_enable, acpi_disable, s4_bios_request, pstate_control;
	u32 pm1a_event_block, pm1b_event_block;
	u32 pm1a_control_block;         /* PM1a_CNT_BLK: the I/O port of PM1a_CNT */
	u32 pm1b_control_block;         /* PM1b_CNT_BLK: 0 when there is no PM1b */
	u32 pm2_control_block, pm_timer_block, gpe0_block, gpe1_block;
	u8  pm1_event_length;
	u8  pm1_control_length;         /* PM1_CNT_LEN: 2 (bytes) */
	u8  pm2_control_length, pm_timer_length, gpe0_block_length, gpe1_block_length;
	u8  gpe1_base, cst_control;
	u16 c2_latency, c3_latency, flush_size, flush_stride;
	u8  duty_offset, duty_width, day_alarm, month_alarm, century;
	u16 boot_flags;                 /* IAPC_BOOT_ARCH */
	u8  reserved1;
	u32 flags;
	/* ACPI 2.0 and later. */
	struct acpi_generic_address reset_register;
	u8  reset_value;
	u16 arm_boot_flags;
	u8  minor_revision;
	u64 x_facs;
	u64 x_dsdt;                     /* used instead of dsdt when not 0 */
	struct acpi_generic_address x_pm1a_event_block, x_pm1b_event_block;
	struct acpi_generic_address x_pm1a_control_block; /* instead of the 32-bit port */
	struct acpi_generic_address x_pm1b_control_block;
} __packed;
#define ACPI_FADT_V1_SIZE       116
_Static_assert(offsetof(struct acpi_table_fadt, flags) + 4 == ACPI_FADT_V1_SIZE,
	       "a revision 1 FADT ends after flags");
_Static_assert(offsetof(struct acpi_table_fadt, x_dsdt) == 140, "FADT X_DSDT");
_Static_assert(offsetof(struct acpi_table_fadt, x_pm1a_control_block) == 172,
	       "FADT X_PM1a_CNT_BLK");

/* Do len bytes at p sum to 0 (mod 256)? Every ACPI table and the RSDP must. Any context. */
bool acpi_checksum_ok(const void *p, size_t len);

/* Signature, the 20-byte checksum, and for revision 2+ the extended checksum. */
bool acpi_rsdp_valid(const struct acpi_rsdp *rsdp);

/* Finds the RSDP, walks the RSDT (or XSDT) and lists every table on the console, the
 * DSDT (which the FADT points to) included. Boot time, after paging_init (it maps the
 * tables). 0, or -ENODEV: no RSDP (acpi_disabled stays set), or no usable RSDT/XSDT
 * (then no table is found by signature). */
int acpi_table_init(void);
extern bool acpi_disabled;

/* The DSDT's address in a FADT of at least ACPI_FADT_V1_SIZE bytes: X_DSDT when the
 * table has it, set and below 4 GiB, else DSDT; 0 when neither is set. Any context. */
u32 acpi_fadt_dsdt(const struct acpi_table_fadt *fadt);

/* The first table with this 4-character signature, mapped whole (its header's length
 * bounded), or NULL. Its checksum is the caller's to check: each parser works on the
 * table as an untrusted buffer. Boot time or process context. */
const struct acpi_table_header *acpi_get_table(const char *signature);

/* --- S5 soft-off (drivers/acpi/sleep.c) -------------------------------------------------- */

/* PM1 control register ("PM1 Control Registers" in "ACPI Hardware Specification"). */
#define ACPI_PM1_CNT_SLP_TYP_SHIFT 10
#define ACPI_PM1_CNT_SLP_TYP_MASK  (7u << ACPI_PM1_CNT_SLP_TYP_SHIFT)
#define ACPI_PM1_CNT_SLP_EN        BIT(13)      /* write-only: enter the SLP_TYP state */

/* What power-off needs: the PM1 control ports and the S5 sleep types for each. */
struct acpi_s5 {
	u16 pm1a_cnt;                   /* I/O port; 0: none */
	u16 pm1b_cnt;                   /* I/O port; 0: the machine has no PM1b block */
	u8  slp_typa, slp_typb;         /* from the \_S5 package of the DSDT */
};

/* The PM1a/PM1b control ports from the FADT in the len bytes at table: signature,
 * length and checksum checked, X_ fields preferred where present and usable. Fills
 * s5->pm1a_cnt and s5->pm1b_cnt. 0, or -EINVAL (a bad table) or -ENODEV (no PM1a control
 * block in system I/O space). Any context. */
int __must_check acpi_parse_fadt(const void *table, size_t len, struct acpi_s5 *s5);

/* SLP_TYPa and SLP_TYPb of \_S5 from the DSDT in the len bytes at table (header
 * included). 0, -ENOENT (no \_S5_ package found) or -EINVAL (found but not decodable).
 * Any context. */
int __must_check acpi_dsdt_find_s5(const void *table, size_t len, u8 *slp_typa,
				   u8 *slp_typb);

/* Enters S5 (soft-off) through the PM1 control registers, with interrupts off. Returns
 * only when that is impossible (-ENODEV, with acpi_s5_error saying why) or when the
 * machine ignored it (-EIO, after a moment's wait). Process context. */
int acpi_power_off(void);
extern const char *acpi_s5_error;

#endif
