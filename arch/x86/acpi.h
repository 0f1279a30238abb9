/* arch/x86/acpi.h - the MADT: where the IOAPICs and local APICs are, and how the ISA
 * IRQs reach the IOAPIC's pins (arch/x86/madt.c).
 *
 * Layouts from the ACPI Specification (6.x), section "Multiple APIC Description Table
 * (MADT)". The generic tables (RSDP, header, FADT) are in include/irqlab/acpi.h. The
 * structs are here, not in madt.c, so the tests can build tables. */
#ifndef ARCH_X86_ACPI_H
#define ARCH_X86_ACPI_H

#include <irqlab/acpi.h>

/* "Multiple APIC Description Table (MADT)": this header, then variable-length entries
 * that each start with a type and a length byte. */
#define ACPI_SIG_MADT           "APIC"
struct acpi_table_madt {
	struct acpi_table_header header;
	u32 lapic_address;              /* "Local Interrupt Controller Address" */
	u32 flags;
#define   ACPI_MADT_PCAT_COMPAT BIT(0)  /* the machine also has a pair of 8259s */
} __packed;

struct acpi_subtable_header {
	u8 type;
	u8 length;                      /* of the entry, these two bytes included */
} __packed;

enum acpi_madt_type {
	ACPI_MADT_TYPE_LOCAL_APIC            = 0,
	ACPI_MADT_TYPE_IO_APIC               = 1,
	ACPI_MADT_TYPE_INTERRUPT_OVERRIDE    = 2,
	ACPI_MADT_TYPE_NMI_SOURCE            = 3,
	ACPI_MADT_TYPE_LOCAL_APIC_NMI        = 4,
	ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE   = 5,
};

/* "Processor Local APIC Structure" */
struct acpi_madt_local_apic {
	struct acpi_subtable_header header;
	u8  processor_uid;
	u8  apic_id;
	u32 flags;
#define   ACPI_MADT_ENABLED     BIT(0)  /* usable now */
#define   ACPI_MADT_ONLINE_CAPABLE BIT(1) /* ACPI 6.3: disabled, but may be started */
} __packed;

/* "I/O APIC Structure" */
struct acpi_madt_io_apic {
	struct acpi_subtable_header header;
	u8  id;
	u8  reserved;
	u32 address;                    /* of its IOREGSEL register */
	u32 gsi_base;                   /* the GSI of its pin 0 */
} __packed;

/* "Interrupt Source Override Structure": ISA IRQ source arrives on GSI gsi, wired as
 * inti_flags say, instead of on GSI source, edge, active high. */
struct acpi_madt_interrupt_override {
	struct acpi_subtable_header header;
	u8  bus;                        /* 0: ISA */
	u8  source_irq;
	u32 gsi;
	u16 inti_flags;
} __packed;

/* "Local APIC NMI Structure": which LINT pin of which processor carries the NMI. */
struct acpi_madt_local_apic_nmi {
	struct acpi_subtable_header header;
	u8  processor_uid;              /* 0xff: all processors */
	u16 inti_flags;
	u8  lint;                       /* 0 or 1 */
} __packed;

/* "Local APIC Address Override Structure": a 64-bit LAPIC address. */
struct acpi_madt_local_apic_override {
	struct acpi_subtable_header header;
	u16 reserved;
	u64 address;
} __packed;

/* "MPS INTI Flags", shared by overrides and NMI entries. "Conforms" means: as the bus
 * says, which for ISA is edge-triggered, active high. */
#define ACPI_MADT_POLARITY_MASK         0x3
#define   ACPI_MADT_POLARITY_CONFORMS   0x0
#define   ACPI_MADT_POLARITY_ACTIVE_HIGH 0x1
#define   ACPI_MADT_POLARITY_ACTIVE_LOW 0x3
#define ACPI_MADT_TRIGGER_MASK          0xc
#define   ACPI_MADT_TRIGGER_CONFORMS    0x0
#define   ACPI_MADT_TRIGGER_EDGE        0x4
#define   ACPI_MADT_TRIGGER_LEVEL       0xc

/* What irqlab keeps of the MADT. Entries past an array's room are counted in `dropped`
 * and reported, not stored. */
#define MADT_MAX_CPUS           8
#define MADT_MAX_IOAPICS        4
#define MADT_MAX_OVERRIDES      16
#define MADT_MAX_NMIS           4

struct madt_info {
	u32 lapic_address;
	u32 flags;
	unsigned int nr_cpus;
	struct madt_cpu {
		u8 processor_uid, apic_id;
		bool enabled, online_capable;
	} cpu[MADT_MAX_CPUS];
	unsigned int nr_ioapics;
	struct madt_ioapic { u8 id; u32 address, gsi_base; } ioapic[MADT_MAX_IOAPICS];
	unsigned int nr_overrides;
	struct madt_override {
		u8 bus, source_irq;
		u32 gsi;
		u16 inti_flags;
	} override[MADT_MAX_OVERRIDES];
	unsigned int nr_nmis;
	struct madt_nmi { u8 processor_uid, lint; u16 inti_flags; } nmi[MADT_MAX_NMIS];
	unsigned int dropped;
};

/* Parses the MADT in the len bytes at table into *info. Checks the signature, that the
 * table's own length fits in len, its checksum, and that every entry lies inside the
 * table and is long enough for its type. Returns 0, or -EINVAL after saying on the
 * console what was wrong; *info is then all zero, so nothing from a bad table is used.
 * Any context: it reads only the buffer. */
int __must_check acpi_parse_madt(const void *table, size_t len, struct madt_info *info);

/* How an ISA IRQ reaches the IOAPICs, after the MADT's interrupt source overrides. */
struct irq_route {
	u32  gsi;
	bool level;                     /* level-triggered (else edge) */
	bool active_low;
};

/* ISA IRQ irq (0-15): its GSI, trigger and polarity. Without an override it is GSI irq,
 * edge, active high. -ENOENT when another IRQ's override took its GSI (IRQ 2 on QEMU,
 * whose GSI 2 carries IRQ 0); -EINVAL when irq is not an ISA IRQ. */
int __must_check acpi_isa_irq_route(const struct madt_info *info, unsigned int irq,
				    struct irq_route *route);

/* Parses the machine's MADT into acpi_madt and lists it on the console. Boot time,
 * after acpi_table_init(). 0, or -ENODEV with acpi_error saying why: no ACPI tables, no
 * MADT, a corrupt MADT. */
int acpi_boot_init(void);
extern struct madt_info acpi_madt;
extern const char *acpi_error;

#endif
