/* arch/x86/madt.c - reading the MADT: the IOAPICs, the local APICs, and how ISA IRQs
 * reach the IOAPIC's pins.
 *
 * ACPI Specification (6.x), section "Multiple APIC Description Table (MADT)" and its
 * entries: "Processor Local APIC Structure", "I/O APIC Structure", "Interrupt Source
 * Override Structure", "Local APIC NMI Structure".
 *
 * The parser works on a buffer, so the in-kernel tests can hand it crafted tables: every
 * entry's length is checked against the table and against the minimum for its type, and
 * a table that fails any check is rejected whole. acpi_boot_init() takes the real one
 * from the ACPI tables code (drivers/acpi/tables.c), which knows nothing of the MADT.
 */
#include <irqlab/acpi.h>
#include <irqlab/errno.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include "acpi.h"

struct madt_info acpi_madt;
const char *acpi_error = "ACPI not probed yet";

/* --- the MADT, from a buffer ----------------------------------------------------------- */

static size_t madt_entry_min_len(u8 type)
{
	switch (type) {
	case ACPI_MADT_TYPE_LOCAL_APIC:         return sizeof(struct acpi_madt_local_apic);
	case ACPI_MADT_TYPE_IO_APIC:            return sizeof(struct acpi_madt_io_apic);
	case ACPI_MADT_TYPE_INTERRUPT_OVERRIDE: return sizeof(struct acpi_madt_interrupt_override);
	case ACPI_MADT_TYPE_LOCAL_APIC_NMI:     return sizeof(struct acpi_madt_local_apic_nmi);
	case ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE:
		return sizeof(struct acpi_madt_local_apic_override);
	default:                                return sizeof(struct acpi_subtable_header);
	}
}

/* Stores one entry that is known to lie inside the table and to be long enough. */
static void madt_store_entry(const struct acpi_subtable_header *e, struct madt_info *info)
{
	switch (e->type) {
	case ACPI_MADT_TYPE_LOCAL_APIC: {
		const struct acpi_madt_local_apic *l = (const void *)e;

		if (info->nr_cpus == MADT_MAX_CPUS)
			break;
		info->cpu[info->nr_cpus++] = (struct madt_cpu){ l->processor_uid, l->apic_id,
			l->flags & ACPI_MADT_ENABLED, l->flags & ACPI_MADT_ONLINE_CAPABLE };
		return;
	}
	case ACPI_MADT_TYPE_IO_APIC: {
		const struct acpi_madt_io_apic *io = (const void *)e;

		if (info->nr_ioapics == MADT_MAX_IOAPICS)
			break;
		info->ioapic[info->nr_ioapics++] = (struct madt_ioapic){ io->id, io->address,
			io->gsi_base };
		return;
	}
	case ACPI_MADT_TYPE_INTERRUPT_OVERRIDE: {
		const struct acpi_madt_interrupt_override *o = (const void *)e;

		if (info->nr_overrides == MADT_MAX_OVERRIDES)
			break;
		info->override[info->nr_overrides++] = (struct madt_override){ o->bus,
			o->source_irq, o->gsi, o->inti_flags };
		return;
	}
	case ACPI_MADT_TYPE_LOCAL_APIC_NMI: {
		const struct acpi_madt_local_apic_nmi *n = (const void *)e;

		if (info->nr_nmis == MADT_MAX_NMIS)
			break;
		info->nmi[info->nr_nmis++] = (struct madt_nmi){ n->processor_uid, n->lint,
			n->inti_flags };
		return;
	}
	case ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE: {
		const struct acpi_madt_local_apic_override *a = (const void *)e;

		if (a->address >> 32)
			break;                  /* out of a 32-bit kernel's reach */
		info->lapic_address = (u32)a->address;
		return;
	}
	default:
		return;                         /* x2APIC, GIC...: not for an i686 kernel */
	}
	info->dropped++;
}

int acpi_parse_madt(const void *table, size_t len, struct madt_info *info)
{
	const struct acpi_table_madt *madt = table;
	const u8 *p, *end;

	memset(info, 0, sizeof(*info));
	if (len < sizeof(*madt) ||
	    memcmp(madt->header.signature, ACPI_SIG_MADT, 4) != 0 ||
	    madt->header.length < sizeof(*madt) || madt->header.length > len) {
		pr_err("ACPI: MADT: not a MADT, or shorter than its own header says: ignored\n");
		return -EINVAL;
	}
	if (!acpi_checksum_ok(table, madt->header.length)) {
		pr_err("ACPI: MADT: bad checksum: the table is corrupt and is not used\n");
		return -EINVAL;
	}
	info->lapic_address = madt->lapic_address;
	info->flags = madt->flags;

	end = (const u8 *)table + madt->header.length;
	for (p = (const u8 *)(madt + 1); p < end;) {
		const struct acpi_subtable_header *e = (const void *)p;
		size_t room = (size_t)(end - p);

		/* A length of 0 or 1 would never move on; one past the end would read
		 * beyond the table: the table is corrupt from here, so none of it is used. */
		if (room < sizeof(*e) || e->length < madt_entry_min_len(e->type) ||
		    e->length > room) {
			pr_err("ACPI: MADT: entry at offset %u (type %u, length %u) does not fit: "
			       "the table is corrupt and is not used\n",
			       (unsigned)(p - (const u8 *)table), room < sizeof(*e) ? 0 : e->type,
			       room < sizeof(*e) ? 0 : e->length);
			memset(info, 0, sizeof(*info));
			return -EINVAL;
		}
		madt_store_entry(e, info);
		p += e->length;
	}
	return 0;
}

/* --- the machine's MADT ---------------------------------------------------------------- */

static const char *const polarity_names[] = { "dfl", "high", "res", "low" };
static const char *const trigger_names[] = { "dfl", "edge", "res", "level" };
#define INTI_POLARITY(f)        polarity_names[(f) & ACPI_MADT_POLARITY_MASK]
#define INTI_TRIGGER(f)         trigger_names[((f) & ACPI_MADT_TRIGGER_MASK) >> 2]

static void madt_report(const struct madt_info *m)
{
	pr_info("ACPI: Local APIC address 0x%08x%s\n", m->lapic_address,
		(m->flags & ACPI_MADT_PCAT_COMPAT) ? ", PC-AT 8259s present" : "");
	for (unsigned int i = 0; i < m->nr_cpus; i++)
		pr_info("ACPI: LAPIC (acpi_id[0x%02x] lapic_id[0x%02x] %s)\n",
			m->cpu[i].processor_uid, m->cpu[i].apic_id,
			m->cpu[i].enabled ? "enabled" : "disabled");
	for (unsigned int i = 0; i < m->nr_ioapics; i++)
		pr_info("ACPI: IOAPIC (id[0x%02x] address[0x%08x] gsi_base[%u])\n",
			m->ioapic[i].id, m->ioapic[i].address, m->ioapic[i].gsi_base);
	for (unsigned int i = 0; i < m->nr_overrides; i++) {
		const struct madt_override *o = &m->override[i];

		pr_info("ACPI: INT_SRC_OVR (bus %u bus_irq %u global_irq %u %s %s)\n", o->bus,
			o->source_irq, o->gsi, INTI_POLARITY(o->inti_flags),
			INTI_TRIGGER(o->inti_flags));
	}
	for (unsigned int i = 0; i < m->nr_nmis; i++)
		pr_info("ACPI: LAPIC_NMI (acpi_id[0x%02x] %s %s lint[0x%x])\n",
			m->nmi[i].processor_uid, INTI_POLARITY(m->nmi[i].inti_flags),
			INTI_TRIGGER(m->nmi[i].inti_flags), m->nmi[i].lint);
	if (m->dropped)
		pr_warn("ACPI: MADT: %u entries beyond irqlab's tables were left out\n",
			m->dropped);
}

int acpi_boot_init(void)
{
	const struct acpi_table_header *madt;

	if (acpi_disabled) {
		acpi_error = "no ACPI tables (no RSDP)";
		return -ENODEV;
	}
	madt = acpi_get_table(ACPI_SIG_MADT);
	if (!madt) {
		acpi_error = "no ACPI MADT";
		pr_info("ACPI: no MADT (\"APIC\" table)\n");
		return -ENODEV;
	}
	if (acpi_parse_madt(madt, madt->length, &acpi_madt) < 0) {
		acpi_error = "the ACPI MADT is corrupt";
		return -ENODEV;
	}
	madt_report(&acpi_madt);
	acpi_error = NULL;
	return 0;
}

/* LAB 3 BEGIN madt-override: an ISA IRQ's GSI, trigger and polarity, overrides applied */
static void route_apply_flags(struct irq_route *route, u16 flags)
{
	route->active_low = (flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_ACTIVE_LOW;
	route->level = (flags & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL;
}

int acpi_isa_irq_route(const struct madt_info *info, unsigned int irq, struct irq_route *route)
{
	const unsigned int isa_bus = 0, nr_isa_irqs = 16;

	if (irq >= nr_isa_irqs)
		return -EINVAL;
	*route = (struct irq_route){ .gsi = irq, .level = false, .active_low = false };
	for (unsigned int i = 0; i < info->nr_overrides; i++) {
		const struct madt_override *o = &info->override[i];

		if (o->bus == isa_bus && o->source_irq == irq) {
			route->gsi = o->gsi;
			route_apply_flags(route, o->inti_flags);
			return 0;
		}
	}
	for (unsigned int i = 0; i < info->nr_overrides; i++)
		if (info->override[i].gsi == irq)
			return -ENOENT;
	return 0;
}
/* LAB 3 STUB
int acpi_isa_irq_route(const struct madt_info *info, unsigned int irq, struct irq_route *route)
{
	(void)info;
	if (irq >= 16)
		return -EINVAL;
	*route = (struct irq_route){ .gsi = irq, .level = false, .active_low = false };
	return 0;
}
LAB 3 END */
