/* arch/x86/acpi.c - finding the MADT, the table that says where the IOAPICs are.
 *
 * ACPI Specification (6.x), sections "Finding the RSDP on IA-PC Systems", "Root System
 * Description Pointer (RSDP)", "Root System Description Table (RSDT)" and "Extended
 * System Description Table (XSDT)". Reading the MADT itself is arch/x86/madt.c.
 *
 * The BIOS leaves a chain of tables in memory: the RSDP (found by a scan for its
 * signature) points at the RSDT or XSDT, a list of table addresses; the one signed "APIC"
 * is the MADT. Every step has a checksum, and a table whose checksum fails is firmware
 * gone wrong: it is reported and not used, never half-trusted.
 */
#include <irqlab/errno.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include "acpi.h"
#include "paging.h"

#define BDA_EBDA_SEGMENT        0x40e   /* BIOS Data Area: real-mode segment of the EBDA */
#define EBDA_SEARCH_LEN         1024    /* "the first 1 KB of the EBDA" */
#define BIOS_ROM_START          0xe0000 /* "the BIOS read-only memory space between */
#define BIOS_ROM_END            0x100000 /*  0E0000h and 0FFFFFh" */
#define RSDP_ALIGN              16      /* the RSDP starts on a 16-byte boundary */
#define ACPI_RSDP_MAX_LEN       1024    /* sanity bound before trusting `length` */
#define ACPI_TABLE_MAX_LEN      0x10000 /* likewise for a table's header */
#define LOW_MEM_END             0xa0000 /* conventional memory ends; the EBDA is below */

struct madt_info acpi_madt;
const char *acpi_error = "ACPI not probed yet";

bool acpi_checksum_ok(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

bool acpi_rsdp_valid(const struct acpi_rsdp *rsdp)
{
	if (memcmp(rsdp->signature, ACPI_SIG_RSDP, sizeof(rsdp->signature)) != 0)
		return false;
	if (!acpi_checksum_ok(rsdp, ACPI_RSDP_V1_SIZE))
		return false;
	if (rsdp->revision < 2)
		return true;
	if (rsdp->length < sizeof(*rsdp) || rsdp->length > ACPI_RSDP_MAX_LEN)
		return false;
	return acpi_checksum_ok(rsdp, rsdp->length);
}

/* --- finding and mapping the tables ---------------------------------------------------- */

/* Maps [phys, phys + len) if it is not mapped yet. ACPI tables on a PC sit in RAM the
 * firmware reserved at the top of memory, above what paging_init() maps. They get
 * ioremap_page()'s uncached mapping: slower than needed, harmless for a few hundred
 * bytes read once. */
static const void *acpi_map(u32 phys, u32 len)
{
	u32 last;

	if (phys < PAGE_SIZE || len == 0 || phys + len - 1 < phys)
		return NULL;
	last = ALIGN_DOWN(phys + len - 1, PAGE_SIZE);
	for (u32 page = ALIGN_DOWN(phys, PAGE_SIZE);; page += PAGE_SIZE) {
		if (!kern_addr_mapped(page) && ioremap_page(page) < 0)
			return NULL;
		if (page == last)
			break;
	}
	return (const void *)phys;
}

/* A table's header first, to learn its length; then all of it. */
static const struct acpi_table_header *acpi_map_table(u32 phys)
{
	const struct acpi_table_header *h = acpi_map(phys, sizeof(*h));

	if (!h)
		return NULL;
	if (h->length < sizeof(*h) || h->length > ACPI_TABLE_MAX_LEN)
		return NULL;
	return acpi_map(phys, h->length);
}

static void acpi_print_table(const struct acpi_table_header *h, u32 phys)
{
	pr_info("ACPI: %.4s 0x%08x %06x (v%02u %.6s %.8s %08x %.4s %08x)\n", h->signature,
		phys, h->length, h->revision, h->oem_id, h->oem_table_id, h->oem_revision,
		h->asl_compiler_id, h->asl_compiler_revision);
}

/* The BIOS Data Area is in page 0, which irqlab leaves unmapped so that NULL
 * dereferences fault: map it for this one read, then take it away again. */
static u32 bios_ebda_start(void)
{
	volatile const u16 *segp;
	u16 seg;

	if (ioremap_page(0) < 0)
		return 0;
	segp = (volatile const u16 *)(uintptr_t)BDA_EBDA_SEGMENT;
	/* gcc takes a constant address below 4 KiB for an offset from NULL and rejects
	 * the read (-Warray-bounds); an empty asm hides the value from it. */
	__asm__("" : "+r"(segp));
	seg = *segp;
	set_guard_page(0);
	return (u32)seg << 4;
}

static const struct acpi_rsdp *rsdp_scan(u32 start, u32 len)
{
	for (u32 p = start; p + ACPI_RSDP_V1_SIZE <= start + len; p += RSDP_ALIGN) {
		const struct acpi_rsdp *rsdp = (const void *)p;

		if (memcmp(rsdp->signature, ACPI_SIG_RSDP, sizeof(rsdp->signature)) != 0)
			continue;
		if (acpi_rsdp_valid(rsdp))
			return rsdp;
		pr_err("ACPI: RSDP at 0x%08x has a bad checksum: ignored\n", p);
	}
	return NULL;
}

static const struct acpi_rsdp *acpi_find_rsdp(void)
{
	const struct acpi_rsdp *rsdp = NULL;
	u32 ebda = bios_ebda_start();

	if (ebda >= PAGE_SIZE && ebda + EBDA_SEARCH_LEN <= LOW_MEM_END)
		rsdp = rsdp_scan(ebda, EBDA_SEARCH_LEN);
	if (!rsdp)
		rsdp = rsdp_scan(BIOS_ROM_START, BIOS_ROM_END - BIOS_ROM_START);
	return rsdp;
}

/* The RSDT lists 32-bit addresses, the XSDT 64-bit ones. */
static const struct acpi_table_header *acpi_root_table(u32 phys, const char *sig)
{
	const struct acpi_table_header *root = acpi_map_table(phys);

	if (!root || memcmp(root->signature, sig, 4) != 0) {
		pr_err("ACPI: no %s at 0x%08x\n", sig, phys);
		return NULL;
	}
	acpi_print_table(root, phys);
	if (!acpi_checksum_ok(root, root->length)) {
		pr_err("ACPI: %s at 0x%08x has a bad checksum: not used\n", sig, phys);
		return NULL;
	}
	return root;
}

static u32 acpi_find_madt(const struct acpi_rsdp *rsdp)
{
	const struct acpi_table_header *root = NULL;
	size_t entry_size = sizeof(u32);
	u32 madt = 0;

	/* ACPI 2.0+ says to prefer the XSDT; an i686 kernel can follow it only when it
	 * lies below 4 GiB. */
	if (rsdp->revision >= 2 && rsdp->xsdt_address && !(rsdp->xsdt_address >> 32)) {
		root = acpi_root_table((u32)rsdp->xsdt_address, "XSDT");
		entry_size = sizeof(u64);
	}
	if (!root) {
		root = acpi_root_table(rsdp->rsdt_address, "RSDT");
		entry_size = sizeof(u32);
	}
	if (!root)
		return 0;

	for (size_t off = sizeof(*root); off + entry_size <= root->length; off += entry_size) {
		const struct acpi_table_header *h;
		u64 addr = 0;

		memcpy(&addr, (const u8 *)root + off, entry_size);     /* entries are unaligned */
		if (addr >> 32) {
			pr_info("ACPI: a table above 4 GiB (0x%llx): out of reach\n", addr);
			continue;
		}
		h = acpi_map((u32)addr, sizeof(*h));
		if (!h)
			continue;
		acpi_print_table(h, (u32)addr);
		if (!madt && memcmp(h->signature, ACPI_SIG_MADT, 4) == 0)
			madt = (u32)addr;
	}
	return madt;
}

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
	const struct acpi_rsdp *rsdp = acpi_find_rsdp();
	const struct acpi_table_header *madt;
	u32 madt_phys;

	if (!rsdp) {
		pr_info("ACPI: no valid RSDP in the EBDA or the BIOS area: no ACPI tables\n");
		acpi_error = "no ACPI tables (no RSDP)";
		return -ENODEV;
	}
	pr_info("ACPI: RSDP 0x%08x %06x (v%02u %.6s)\n", (u32)rsdp,
		rsdp->revision >= 2 ? rsdp->length : ACPI_RSDP_V1_SIZE, rsdp->revision,
		rsdp->oem_id);
	madt_phys = acpi_find_madt(rsdp);
	if (!madt_phys) {
		acpi_error = "no ACPI MADT";
		pr_info("ACPI: no MADT (\"APIC\" table)\n");
		return -ENODEV;
	}
	madt = acpi_map_table(madt_phys);
	if (!madt || acpi_parse_madt(madt, madt->length, &acpi_madt) < 0) {
		acpi_error = "the ACPI MADT is corrupt";
		return -ENODEV;
	}
	madt_report(&acpi_madt);
	acpi_error = NULL;
	return 0;
}
