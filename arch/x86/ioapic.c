/* arch/x86/ioapic.c - the I/O APIC: device lines to vectors, in APIC mode.
 *
 * Intel 82093AA I/O Advanced Programmable Interrupt Controller (IOAPIC) datasheet,
 * section "Register Description": IOREGSEL, IOWIN, IOAPICID, IOAPICVER and
 * "IOREDTBL[23:0]-I/O Redirection Table Registers" (the Remote IRR bit of a level line).
 *
 * Each pin has a redirection entry: which vector to send, to which LAPIC, edge or level,
 * active high or low, masked or not. Which pin an ISA IRQ arrives on, and how, comes from
 * the ACPI MADT (acpi.c): on QEMU, IRQ 0 (the PIT) is wired to pin 2, and IRQs 5, 9, 10
 * and 11 are level-triggered, active high.
 *
 * Intel SDM Vol. 3A, chapter "Advanced Programmable Interrupt Controller (APIC)",
 * section "Determining IPI Destination" ("Physical Destination Mode", "Logical
 * Destination Mode"), which an IOAPIC message follows as an IPI does; 82093AA, IOREDTBL
 * "Destination Mode" and "Destination Field". In physical mode (DESTMOD 0, irqlab's) the destination field is one LAPIC's
 * APIC ID: the entry names exactly one CPU. In logical mode (DESTMOD 1) it is an 8-bit
 * set matched against each LAPIC's Logical Destination Register (flat model: one bit per
 * CPU, up to 8), so one entry can name several CPUs and, with lowest-priority delivery,
 * let the chipset pick one - which QEMU and many chipsets do not really balance. Linux
 * uses physical mode with one CPU per line, and so does irqlab: the requested affinity
 * is a set, the effective one a single CPU, the first online CPU of the set. The first,
 * not a spread over the set: every line starts on the boot CPU, where its driver's
 * bottom halves run, until someone asks for another.
 *
 * The irq_chip "IO-APIC" masks and unmasks a pin; the end of an interrupt is the LAPIC's
 * EOI. Edge lines use handle_edge_irq (ack = EOI, before the handler), level lines
 * handle_fasteoi_irq (EOI after the handler), as Linux does, so /proc/interrupts reads
 * "1-edge" and "9-fasteoi" there and here.
 *
 * /proc/ioapic, the redirection tables read back from the chips, is ioapic_proc.c.
 */
#include <irqlab/errno.h>
#include <irqlab/irq.h>
#include <irqlab/spinlock.h>
#include <irqlab/time.h>
#include "acpi.h"
#include "cpu.h"
#include "io.h"
#include "ioapic.h"
#include "ioapic_internal.h"
#include "irq.h"
#include "irq_vectors.h"
#include "lapic.h"
#include "paging.h"
#include "pic8259.h"
#include "processor.h"

#define IOAPIC_IOREGSEL         0x00    /* which register IOWIN reaches */
#define IOAPIC_IOWIN            0x10    /* the selected register's data */
#define IOAPIC_ID               0x00
#define   IOAPIC_ID_SHIFT       24
#define IOAPIC_VER              0x01
#define   IOAPIC_VER_VERSION(v) ((v) & 0xff)
#define   IOAPIC_VER_MAX_REDIR(v) (((v) >> 16) & 0xff)    /* number of pins - 1 */
#define IOAPIC_REDTBL_LOW(pin)  (0x10 + 2 * (pin))
#define IOAPIC_REDTBL_HIGH(pin) (0x11 + 2 * (pin))

#define NR_ISA_IRQS             16
#define PIT_IRQ                 0
#define CHECK_TIMER_MS          100

/* The IOAPICs and their lines; ioapic_internal.h says who writes them when, and
 * ioapic_proc.c reads them for /proc/ioapic. */
struct ioapic ioapics[MADT_MAX_IOAPICS];
unsigned int nr_ioapics;
struct ioapic_line ioapic_lines[NR_IRQS];

/* IOREGSEL then IOWIN is two accesses: another CPU programming another line, or an
 * interrupt handler on this one that masks its line, in between would move IOREGSEL
 * under us. Lock: ioapic_lock, across the pair, with interrupts off; the lines' own
 * desc->lock cannot cover it, the window is every line's (Linux: ioapic_lock). Taken
 * inside desc->lock, never around it. */
static DEFINE_SPINLOCK(ioapic_lock);

static u32 io_apic_read(const struct ioapic *a, u8 reg)
{
	unsigned long flags;
	u32 v;

	spin_lock_irqsave(&ioapic_lock, flags);
	mmio_write32(a->base + IOAPIC_IOREGSEL, reg);
	v = mmio_read32(a->base + IOAPIC_IOWIN);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return v;
}

static void io_apic_write(const struct ioapic *a, u8 reg, u32 v)
{
	unsigned long flags;

	spin_lock_irqsave(&ioapic_lock, flags);
	mmio_write32(a->base + IOAPIC_IOREGSEL, reg);
	mmio_write32(a->base + IOAPIC_IOWIN, v);
	spin_unlock_irqrestore(&ioapic_lock, flags);
}

u64 ioapic_read_entry(const struct ioapic *a, unsigned int pin)
{
	return ((u64)io_apic_read(a, IOAPIC_REDTBL_HIGH(pin)) << 32) |
	       io_apic_read(a, IOAPIC_REDTBL_LOW(pin));
}

/* LAB 3 BEGIN ioapic-rte: a redirection entry from a line, and how to write one safely */
static void ioapic_write_entry(const struct ioapic *a, unsigned int pin, u64 e)
{
	/* High dword (the destination) first: the low dword holds the mask bit, and an
	 * entry unmasked by that write must not be live for a moment with the old
	 * destination. */
	io_apic_write(a, IOAPIC_REDTBL_HIGH(pin), (u32)(e >> 32));
	io_apic_write(a, IOAPIC_REDTBL_LOW(pin), (u32)e);
}

static u64 line_entry(const struct ioapic_line *l, bool masked)
{
	return ((u64)l->dest << IOAPIC_RTE_DEST_SHIFT) | IOAPIC_RTE_DELMOD_FIXED |
	       (l->active_low ? IOAPIC_RTE_INTPOL_LOW : 0) | (l->level ? IOAPIC_RTE_LEVEL : 0) |
	       (masked ? IOAPIC_RTE_MASKED : 0) | l->vector;
}
/* LAB 3 STUB
static void ioapic_write_entry(const struct ioapic *a, unsigned int pin, u64 e)
{
	io_apic_write(a, IOAPIC_REDTBL_LOW(pin), (u32)e);
}

static u64 line_entry(const struct ioapic_line *l, bool masked)
{
	return (masked ? IOAPIC_RTE_MASKED : 0) | l->vector;
}
LAB 3 END */

/* Mask and unmask rewrite the low dword only: the destination is written by itself, in
 * ioapic_set_affinity(). */
static void ioapic_mask(struct irq_data *d)
{
	const struct ioapic_line *l = d->chip_data;

	io_apic_write(l->apic, IOAPIC_REDTBL_LOW(l->pin), (u32)line_entry(l, true));
	/* Read it back: a write can linger in a chipset buffer, and the caller relies on
	 * the pin being masked once this returns. */
	(void)io_apic_read(l->apic, IOAPIC_REDTBL_LOW(l->pin));
}

static void ioapic_unmask(struct irq_data *d)
{
	const struct ioapic_line *l = d->chip_data;

	io_apic_write(l->apic, IOAPIC_REDTBL_LOW(l->pin), (u32)line_entry(l, false));
}

/* Edge lines: the LAPIC's EOI, before the handler (handle_edge_irq), so a new edge
 * during the handler is taken into the IRR and not lost. A pending move is made first,
 * while the device that raised this edge still holds its line up (kernel/irq/affinity.c
 * says why that is the safe moment); Linux: apic_ack_irq. */
static void ioapic_ack_edge(struct irq_data *d)
{
	irq_move_irq(d);
	lapic_eoi();
}

/* Level lines: the LAPIC's EOI, after the handler (handle_fasteoi_irq). The vector came
 * in level-triggered (its TMR bit is set), so the LAPIC broadcasts the EOI to the
 * IOAPICs, which clears the pin's Remote IRR: until then the pin sends nothing more,
 * which is what keeps a still-asserted line from re-firing during its handler. The
 * broadcast is on because the SVR's EOI-suppress bit stays clear; QEMU's IOAPIC
 * (version 0x20) also has a directed-EOI register, which irqlab does not need. */
static void ioapic_ack_level(struct irq_data *d)
{
	const struct ioapic_line *l = d->chip_data;
	bool masked;

	if (likely(!irqd_is_setaffinity_pending(d))) {
		lapic_eoi();
		return;
	}
	/* A move: masked before the EOI, so that the line cannot fire between the EOI and
	 * the rewrite (Linux: ioapic_prepare_move); a line the flow holds masked stays so. */
	masked = io_apic_read(l->apic, IOAPIC_REDTBL_LOW(l->pin)) & IOAPIC_RTE_MASKED;
	if (!masked)
		ioapic_mask(d);
	lapic_eoi();
	/* Only once the EOI has cleared Remote IRR: an entry reprogrammed while the IOAPIC
	 * still waits for an EOI can stay stuck. Otherwise the move waits for the next
	 * interrupt. */
	if (!(io_apic_read(l->apic, IOAPIC_REDTBL_LOW(l->pin)) & IOAPIC_RTE_REMOTE_IRR))
		irq_move_masked_irq(d);
	if (!masked)
		ioapic_unmask(d);
}

/* An interrupt the hardware will not send again (an edge that came while the line was
 * masked): raise the line's vector on this CPU with a self-IPI. The LAPIC takes it as if
 * the IOAPIC had sent it (Linux: apic_retrigger_irq). */
static int ioapic_retrigger(struct irq_data *d)
{
	const struct ioapic_line *l = d->chip_data;

	apic_send_IPI_self(l->vector);
	return 0;
}

static struct irq_chip ioapic_chip;

/* A driver's IRQF_TRIGGER_* for its line: rising/falling is edge, high/low is level,
 * and the polarity bit follows. The flow handler changes with it, as the /proc row
 * shows ("10-edge" instead of "10-fasteoi"). The line is masked here (request_irq()
 * calls this before the first action unmasks it), so the entry is written masked.
 * request_irq() holds the line's desc->lock here: hence the _locked form. */
static int ioapic_set_type(struct irq_data *d, unsigned int type)
{
	struct ioapic_line *l = d->chip_data;

	l->level = type & (IRQF_TRIGGER_HIGH | IRQF_TRIGGER_LOW);
	l->active_low = type & (IRQF_TRIGGER_FALLING | IRQF_TRIGGER_LOW);
	io_apic_write(l->apic, IOAPIC_REDTBL_LOW(l->pin), (u32)line_entry(l, true));
	irq_set_chip_handler_name_locked(d, &ioapic_chip,
					 l->level ? handle_fasteoi_irq : handle_edge_irq,
					 l->level ? "fasteoi" : "edge");
	return 0;
}

/* The first online CPU of mask, in physical destination mode (see the top of the file).
 * Only the high dword changes; the line is quiet here (irq_move_irq). */
static int ioapic_set_affinity(struct irq_data *d, unsigned long mask)
{
	struct ioapic_line *l = d->chip_data;
	/* LAB 6 BEGIN ioapic-set-affinity: send the pin to one CPU of mask; say which one */
	unsigned int cpu = cpumask_first(mask);

	if (cpu >= NR_CPUS || !cpu_online(cpu))
		return -EINVAL;
	l->dest = per_cpu(cpu_info, cpu).apicid;
	io_apic_write(l->apic, IOAPIC_REDTBL_HIGH(l->pin), (u32)(line_entry(l, false) >> 32));
	d->effective_affinity = BIT(cpu);
	return 0;
	/* LAB 6 STUB
	(void)l;
	d->effective_affinity = mask;
	return 0;
	LAB 6 END */
}

static struct irq_chip ioapic_chip = {
	.name           = "IO-APIC",
	.irq_mask       = ioapic_mask,
	.irq_unmask     = ioapic_unmask,
	.irq_ack        = ioapic_ack_edge,
	.irq_eoi        = ioapic_ack_level,
	.irq_retrigger  = ioapic_retrigger,
	.irq_set_type   = ioapic_set_type,
	.irq_set_affinity = ioapic_set_affinity,
};

int ioapic_probe(void)
{
	for (unsigned int i = 0; i < acpi_madt.nr_ioapics; i++) {
		const struct madt_ioapic *m = &acpi_madt.ioapic[i];
		struct ioapic *a = &ioapics[i];
		u32 ver;

		if (ioremap_page(m->address) < 0) {
			pr_err("IOAPIC[%u]: cannot map the registers at 0x%08x\n", i, m->address);
			nr_ioapics = 0;
			return -ENOMEM;
		}
		a->base = m->address;
		a->gsi_base = m->gsi_base;
		a->id = io_apic_read(a, IOAPIC_ID) >> IOAPIC_ID_SHIFT;
		ver = io_apic_read(a, IOAPIC_VER);
		a->version = IOAPIC_VER_VERSION(ver);
		a->nr_pins = IOAPIC_VER_MAX_REDIR(ver) + 1;
		pr_info("IOAPIC[%u]: apic_id %u, version 0x%02x, address 0x%08x, GSI %u-%u\n", i,
			a->id, a->version, m->address, a->gsi_base, a->gsi_base + a->nr_pins - 1);
	}
	nr_ioapics = acpi_madt.nr_ioapics;
	return 0;
}

static struct ioapic *ioapic_for_gsi(u32 gsi)
{
	for (unsigned int i = 0; i < nr_ioapics; i++)
		if (gsi >= ioapics[i].gsi_base && gsi < ioapics[i].gsi_base + ioapics[i].nr_pins)
			return &ioapics[i];
	return NULL;
}

/* Only the ISA lines 0-15 are set up here. GSIs 16-23 are PCI interrupt links, whose
 * polarity the DSDT's _PRT (AML) gives; irqlab does not run AML, and the PCI code sets
 * up the ones its devices use (ioapic_setup_pci_gsi). Until then they stay masked with
 * no chip, and request_irq() refuses them. */
void setup_IO_APIC(void)
{
	u8 dest = lapic_id();

	/* Mask every pin first: the firmware may have left some programmed. */
	for (unsigned int i = 0; i < nr_ioapics; i++)
		for (unsigned int pin = 0; pin < ioapics[i].nr_pins; pin++)
			ioapic_write_entry(&ioapics[i], pin, IOAPIC_RTE_MASKED);

	for (unsigned int irq = 0; irq < NR_ISA_IRQS && irq < NR_IRQS; irq++) {
		struct ioapic_line *l = &ioapic_lines[irq];
		struct irq_route r;
		struct ioapic *a;

		if (acpi_isa_irq_route(&acpi_madt, irq, &r) < 0)
			continue;               /* its GSI carries another IRQ (IRQ 2) */
		a = ioapic_for_gsi(r.gsi);
		if (!a) {
			pr_warn("IOAPIC: IRQ %u -> GSI %u: no IOAPIC has that GSI\n", irq, r.gsi);
			continue;
		}
		*l = (struct ioapic_line){ .apic = a, .pin = r.gsi - a->gsi_base,
			.vector = IRQ_VECTOR(irq), .dest = dest, .level = r.level,
			.active_low = r.active_low };
		ioapic_write_entry(a, l->pin, line_entry(l, true));
		irq_set_chip_and_handler_name(irq, &ioapic_chip,
					      l->level ? handle_fasteoi_irq : handle_edge_irq,
					      l->level ? "fasteoi" : "edge");
		irq_set_chip_data(irq, l);
		irq_set_hwirq(irq, l->pin);     /* /proc/interrupts shows the pin: "2-edge" */
		irq_bind_vector(l->vector, irq);
		if (irq != r.gsi || l->level)
			pr_info("IOAPIC: IRQ %u -> pin %u, vector 0x%02x, %s, active %s\n", irq,
				l->pin, l->vector, l->level ? "level" : "edge",
				l->active_low ? "low" : "high");
	}
	/* The IOAPIC has the ISA lines now; the 8259s must not raise them a second time. */
	i8259_mask_all();
	pr_info("APIC: switched to symmetric I/O mode: ISA IRQs on vectors 0x%02x-0x%02x, "
		"8259s masked\n", IRQ_VECTOR(0), IRQ_VECTOR(NR_ISA_IRQS - 1));
}

/* A PCI interrupt link's GSI (16-23 on q35): level, active low, as INTx# wires are. Its
 * IRQ number is the GSI, as in Linux. 0 (also when already set up), or -ENOENT. Boot or
 * process context, before request_irq() on the line. */
int ioapic_setup_pci_gsi(unsigned int gsi)
{
	struct ioapic_line *l = gsi < NR_IRQS ? &ioapic_lines[gsi] : NULL;
	struct ioapic *a = ioapic_for_gsi(gsi);

	if (!l || !a || gsi < NR_ISA_IRQS || gsi >= NR_GSI_IRQS)
		return -ENOENT;
	if (l->apic)
		return 0;
	*l = (struct ioapic_line){ .apic = a, .pin = gsi - a->gsi_base, .vector = IRQ_VECTOR(gsi),
		.dest = ioapic_lines[PIT_IRQ].dest, .level = true, .active_low = true };
	ioapic_write_entry(a, l->pin, line_entry(l, true));
	irq_set_chip_data(gsi, l);
	irq_set_chip_and_handler_name(gsi, &ioapic_chip, handle_fasteoi_irq, "fasteoi");
	irq_set_hwirq(gsi, l->pin);
	irq_bind_vector(l->vector, gsi);
	return 0;
}

/* Linux's check_timer(): the PIT's IRQ 0 is the one ISA line every PC has, and the one
 * whose MADT override (to pin 2) is easiest to get wrong. Seeing it tick through the
 * IOAPIC proves routing, vector and polarity before the kernel relies on them. */
int check_timer(void)
{
	const struct ioapic_line *l = &ioapic_lines[PIT_IRQ];
	u64 j0, t0, wait = (u64)tsc_khz * CHECK_TIMER_MS;

	if (!l->apic || !tsc_khz)
		return 0;                       /* nothing to check, or no clock to wait by */
	j0 = get_jiffies_64();
	t0 = rdtsc();
	while (get_jiffies_64() == j0) {
		if (rdtsc() - t0 > wait) {
			pr_err("..TIMER: no IRQ 0 through IOAPIC pin %u in %u ms: check the MADT "
			       "overrides\n", l->pin, CHECK_TIMER_MS);
			return -ETIMEDOUT;
		}
	}
	pr_info("..TIMER: vector=0x%02x apic1=%u pin1=%u apic2=-1 pin2=-1: IRQ 0 arrives\n",
		l->vector, (unsigned)(l->apic - ioapics), l->pin);
	return 0;
}

int ioapic_read_irq_entry(unsigned int irq, u64 *entry)
{
	if (irq >= NR_IRQS || !ioapic_lines[irq].apic)
		return -ENOENT;
	*entry = ioapic_read_entry(ioapic_lines[irq].apic, ioapic_lines[irq].pin);
	return 0;
}
