/* drivers/acpi/tables.c - finding the ACPI tables and handing them out by signature.
 *
 * ACPI Specification (6.x), sections "Finding the RSDP on IA-PC Systems", "Root System
 * Description Pointer (RSDP)", "Root System Description Table (RSDT)", "Extended
 * System Description Table (XSDT)" and, for the DSDT's address, "Fixed ACPI Description
 * Table (FADT)".
 *
 * The BIOS leaves a chain of tables in memory: the RSDP (found by a scan for its
 * signature) points at the RSDT or XSDT, a list of table addresses; the FADT among them
 * points at the DSDT. Every step has a checksum, and a table whose checksum fails is
 * firmware gone wrong: it is reported and not used, never half-trusted. What the tables
 * say is read elsewhere: the MADT by the architecture (arch/x86/madt.c), the FADT and
 * the DSDT by drivers/acpi/sleep.c.
 */
#include <irqlab/acpi.h>
#include <irqlab/errno.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include "arch/x86/paging.h"

#define BDA_EBDA_SEGMENT        0x40e   /* BIOS Data Area: real-mode segment of the EBDA */
#define EBDA_SEARCH_LEN         1024    /* "the first 1 KB of the EBDA" */
#define BIOS_ROM_START          0xe0000 /* "the BIOS read-only memory space between */
#define BIOS_ROM_END            0x100000 /*  0E0000h and 0FFFFFh" */
#define RSDP_ALIGN              16      /* the RSDP starts on a 16-byte boundary */
#define ACPI_RSDP_MAX_LEN       1024    /* sanity bound before trusting `length` */
#define ACPI_TABLE_MAX_LEN      0x100000 /* likewise for a table's; DSDTs reach 100s of KiB */
#define LOW_MEM_END             0xa0000 /* conventional memory ends; the EBDA is below */

#define ACPI_MAX_TABLES         32      /* QEMU lists 5 or 6, real PCs a few dozen */

bool acpi_disabled = true;              /* until acpi_table_init() finds the RSDP */

/* The tables the root table lists, plus the DSDT. Written once at boot, read-only after. */
static struct acpi_table_desc {
	char signature[4];
	u32 address;
} acpi_tables[ACPI_MAX_TABLES];
static unsigned int acpi_nr_tables;

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
 * ioremap_page()'s uncached mapping: slower than needed, harmless for tables read once
 * at boot. */
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

static void acpi_add_table(const struct acpi_table_header *h, u32 phys)
{
	acpi_print_table(h, phys);
	if (acpi_nr_tables == ACPI_MAX_TABLES) {
		pr_warn("ACPI: more than %d tables: %.4s left out\n", ACPI_MAX_TABLES,
			h->signature);
		return;
	}
	memcpy(acpi_tables[acpi_nr_tables].signature, h->signature, 4);
	acpi_tables[acpi_nr_tables++].address = phys;
}

static int acpi_walk_root(const struct acpi_rsdp *rsdp)
{
	const struct acpi_table_header *root = NULL;
	size_t entry_size = sizeof(u32);

	/* ACPI 2.0+ says to prefer the XSDT; an i686 kernel can follow it only when it
	 * lies below 4 GiB. */
	if (rsdp->revision >= 2 && rsdp->xsdt_address && !(rsdp->xsdt_address >> 32)) {
		root = acpi_root_table((u32)rsdp->xsdt_address, ACPI_SIG_XSDT);
		entry_size = sizeof(u64);
	}
	if (!root) {
		root = acpi_root_table(rsdp->rsdt_address, ACPI_SIG_RSDT);
		entry_size = sizeof(u32);
	}
	if (!root)
		return -ENODEV;

	for (size_t off = sizeof(*root); off + entry_size <= root->length; off += entry_size) {
		const struct acpi_table_header *h;
		u64 addr = 0;

		memcpy(&addr, (const u8 *)root + off, entry_size);     /* entries are unaligned */
		if (addr >> 32) {
			pr_info("ACPI: a table above 4 GiB (0x%llx): out of reach\n", addr);
			continue;
		}
		h = acpi_map((u32)addr, sizeof(*h));
		if (h)
			acpi_add_table(h, (u32)addr);
	}
	return 0;
}

u32 acpi_fadt_dsdt(const struct acpi_table_fadt *fadt)
{
	if (fadt->header.length >= offsetof(struct acpi_table_fadt, x_dsdt) + sizeof(u64) &&
	    fadt->x_dsdt && !(fadt->x_dsdt >> 32))
		return (u32)fadt->x_dsdt;
	return fadt->dsdt;
}

/* The DSDT is not in the root table: the FADT points to it. */
static void acpi_add_dsdt(void)
{
	const struct acpi_table_fadt *fadt = (const void *)acpi_get_table(ACPI_SIG_FADT);
	const struct acpi_table_header *h;
	u32 dsdt;

	if (!fadt || fadt->header.length < ACPI_FADT_V1_SIZE)
		return;
	dsdt = acpi_fadt_dsdt(fadt);
	h = dsdt ? acpi_map(dsdt, sizeof(*h)) : NULL;
	if (h)
		acpi_add_table(h, dsdt);
}

const struct acpi_table_header *acpi_get_table(const char *signature)
{
	for (unsigned int i = 0; i < acpi_nr_tables; i++)
		if (memcmp(acpi_tables[i].signature, signature, 4) == 0)
			return acpi_map_table(acpi_tables[i].address);
	return NULL;
}

int acpi_table_init(void)
{
	const struct acpi_rsdp *rsdp = acpi_find_rsdp();

	if (!rsdp) {
		pr_info("ACPI: no valid RSDP in the EBDA or the BIOS area: no ACPI tables\n");
		return -ENODEV;
	}
	pr_info("ACPI: RSDP 0x%08x %06x (v%02u %.6s)\n", (u32)rsdp,
		rsdp->revision >= 2 ? rsdp->length : ACPI_RSDP_V1_SIZE, rsdp->revision,
		rsdp->oem_id);
	acpi_disabled = false;          /* with a bad root table, every lookup fails instead */
	if (acpi_walk_root(rsdp) < 0)
		return -ENODEV;
	acpi_add_dsdt();
	return 0;
}
