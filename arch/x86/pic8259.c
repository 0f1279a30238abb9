/* arch/x86/pic8259.c - the cascaded pair of 8259A Programmable Interrupt Controllers.
 *
 * Intel 8259A datasheet, sections "Initialization Command Words" (ICW1-ICW4),
 * "Operation Command Words" (OCW1 mask, OCW2 EOI, OCW3 read ISR/IRR) and
 * "Interrupt Sequence" (why a spurious IRQ 7 happens).
 *
 * The master handles IRQ 0-7, the slave IRQ 8-15 through the master's IR2. After reset
 * the master delivers on vectors 0x08-0x0f, where the CPU's exceptions live, so the
 * first job is to move them (the "remap"): master to 0x20, slave to 0x28.
 */
#include <irqlab/irq.h>
#include <irqlab/seq_file.h>
#include "hardirq.h"
#include "io.h"
#include "irq.h"
#include "irq_vectors.h"
#include "pic8259.h"

#define PIC1_CMD        0x20    /* master: command (ICW1, OCW2, OCW3) */
#define PIC1_DATA       0x21    /* master: data (ICW2-4, OCW1 = mask) */
#define PIC2_CMD        0xa0
#define PIC2_DATA       0xa1

#define ICW1_ICW4       BIT(0)  /* an ICW4 will follow */
#define ICW1_INIT       BIT(4)  /* this is ICW1: start initialisation */
#define ICW4_8086       BIT(0)  /* 8086/88 mode, not MCS-80/85 */
#define OCW2_SPECIFIC_EOI(ir) (0x60 | (ir))     /* end of interrupt for line ir only */
#define OCW3_READ_IRR   0x0a
#define OCW3_READ_ISR   0x0b

#define PIC_SPURIOUS_IR 7       /* a spurious interrupt is reported on IR7 of its chip */

static u16 cached_irq_mask = 0xffff;    /* bit set = line masked; bits 8-15: slave */
u32 i8259_spurious_counts[2];
/* Set while i8259_retrigger() raises a line with INT n: no ISR bit is set for that
 * delivery either, and it must not be taken for a spurious IRQ 7/15. Changed with
 * interrupts off. */
static DEFINE_PER_CPU(bool, i8259_injecting);

static void write_mask(void)
{
	outb(PIC1_DATA, cached_irq_mask & 0xff);
	outb(PIC2_DATA, cached_irq_mask >> 8);
}

u16 i8259_get_mask(void)
{
	return cached_irq_mask;
}

void i8259_init(void)
{
	/* ICW1: start init, edge triggered, cascade mode, ICW4 follows. */
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	io_wait();
	outb(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	io_wait();
	/* ICW2: the vector of IR0; the chip fills in the low three bits. */
	outb(PIC1_DATA, PIC_VECTOR_BASE);
	io_wait();
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	io_wait();
	/* ICW3: master - a slave hangs on IR2 (bit mask); slave - its cascade identity is 2. */
	outb(PIC1_DATA, BIT(PIC_CASCADE_IRQ));
	io_wait();
	outb(PIC2_DATA, PIC_CASCADE_IRQ);
	io_wait();
	/* ICW4: 8086 mode, normal (not automatic) EOI. */
	outb(PIC1_DATA, ICW4_8086);
	io_wait();
	outb(PIC2_DATA, ICW4_8086);
	io_wait();
	/* OCW1: everything masked until a driver asks for its line. */
	cached_irq_mask = 0xffff;
	write_mask();
}

void i8259_mask_all(void)
{
	cached_irq_mask = 0xffff;
	write_mask();
}

static u8 read_ocw3(int chip, u8 ocw3)
{
	u16 port = chip ? PIC2_CMD : PIC1_CMD;

	outb(port, ocw3);
	return inb(port);
}

u8 i8259_read_isr(int chip) { return read_ocw3(chip, OCW3_READ_ISR); }
static u8 i8259_read_irr(int chip) { return read_ocw3(chip, OCW3_READ_IRR); }

/* The IMR as the chips hold it (a read of the data port returns OCW1), not the cache:
 * for tests and debugging. */
u16 i8259_read_imr(void)
{
	return inb(PIC1_DATA) | (u16)inb(PIC2_DATA) << 8;
}

static void i8259_mask(struct irq_data *d)
{
	cached_irq_mask |= BIT(d->hwirq);
	write_mask();
}

static void i8259_unmask(struct irq_data *d)
{
	cached_irq_mask &= ~BIT(d->hwirq);
	/* A slave line needs the cascade line open on the master too. */
	if (d->hwirq >= 8)
		cached_irq_mask &= ~BIT(PIC_CASCADE_IRQ);
	write_mask();
}

/* LAB 2 BEGIN i8259-eoi: end the line on every chip that has it in service */
/* EOI: for a slave line, both chips have it in service (the slave's line, and IR2 on the
 * master), so the slave is told first, then the master. Specific EOIs name the line: a
 * non-specific EOI ends whichever line has the highest priority in service, which is
 * the wrong one when this interrupt was raised in software (irq_inject) while another
 * line was being served; a specific EOI for a line not in service changes nothing. */
static void i8259_send_eoi(struct irq_data *d)
{
	if (d->hwirq >= 8) {
		outb(PIC2_CMD, OCW2_SPECIFIC_EOI(d->hwirq - 8));
		outb(PIC1_CMD, OCW2_SPECIFIC_EOI(PIC_CASCADE_IRQ));
	} else {
		outb(PIC1_CMD, OCW2_SPECIFIC_EOI(d->hwirq));
	}
}
/* LAB 2 STUB
static void i8259_send_eoi(struct irq_data *d)
{
	outb(PIC1_CMD, OCW2_SPECIFIC_EOI(d->hwirq >= 8 ? PIC_CASCADE_IRQ : d->hwirq));
}
LAB 2 END */

/* LAB 2 BEGIN i8259-spurious: tell a spurious IRQ 7/15 from a real one, and what it needs */
/* A spurious interrupt: the line dropped before the CPU's INTA, and the chip reported
 * IR7 with no ISR bit set. It must not be EOIed on that chip (there is nothing in
 * service; a non-specific EOI would end some other line), but a spurious IRQ 15 came
 * through the master's IR2, which IS in service, so the master gets its EOI. */
static bool i8259_irq_is_spurious(unsigned int irq)
{
	int chip;

	if (irq != PIC_SPURIOUS_IR && irq != 8 + PIC_SPURIOUS_IR)
		return false;
	chip = irq >= 8;
	if (i8259_read_isr(chip) & BIT(PIC_SPURIOUS_IR))
		return false;
	if (chip)
		outb(PIC1_CMD, OCW2_SPECIFIC_EOI(PIC_CASCADE_IRQ));
	i8259_spurious_counts[chip]++;
	return true;
}
/* LAB 2 STUB
static bool i8259_irq_is_spurious(unsigned int irq)
{
	(void)irq;
	return false;
}
LAB 2 END */

/* Both acks start here, before they touch the chip: a spurious IRQ 7/15 is counted in
 * SPU and handed back to the flow handler as such (irqd_set_ack_spurious), with its
 * line neither masked nor EOIed. */
static bool i8259_catch_spurious(struct irq_data *d)
{
	if (this_cpu_read(i8259_injecting) || !i8259_irq_is_spurious(d->hwirq))
		return false;
	this_cpu_inc(irq_spurious_count);
	irqd_set_ack_spurious(d);
	return true;
}

static void i8259_ack(struct irq_data *d)
{
	if (!i8259_catch_spurious(d))
		i8259_send_eoi(d);
}

static void i8259_mask_ack(struct irq_data *d)
{
	if (i8259_catch_spurious(d))
		return;
	i8259_mask(d);
	i8259_send_eoi(d);
}

/* The 8259 cannot be told to raise a line, so a line is raised the only other way the
 * CPU knows: INT on its vector, which takes the same gate, stub, do_IRQ and flow handler
 * (whose ack is a specific EOI: harmless for a line that is not in service). */
static int i8259_retrigger(struct irq_data *d)
{
	int vector = irq_to_vector(d->irq);
	unsigned long flags;

	if (vector < 0)
		return -1;
	local_irq_save(flags);
	this_cpu_write(i8259_injecting, true);
	x86_raise_vector((unsigned int)vector);
	this_cpu_write(i8259_injecting, false);
	local_irq_restore(flags);
	return 0;
}

static struct irq_chip i8259_chip = {
	.name           = "XT-PIC",
	.irq_mask       = i8259_mask,
	.irq_unmask     = i8259_unmask,
	.irq_ack        = i8259_ack,
	.irq_mask_ack   = i8259_mask_ack,
	.irq_retrigger  = i8259_retrigger,
};

static irqreturn_t no_action(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	return IRQ_NONE;
}

void i8259_setup_irqs(void)
{
	static int cascade_dev;

	for (unsigned int irq = 0; irq < PIC_NR_IRQS; irq++) {
		irq_set_chip_and_handler_name(irq, &i8259_chip, handle_edge_irq, "edge");
		irq_set_hwirq(irq, irq);
		irq_bind_vector(PIC_VECTOR_BASE + irq, irq);
	}
	if (request_irq(PIC_CASCADE_IRQ, no_action, 0, "cascade", &cascade_dev))
		pr_err("i8259: cannot claim the cascade line\n");
}

/* /proc/i8259: both chips' registers as they report them now (IRR and ISR through OCW3,
 * the IMR read back), to set beside QEMU's `info pic`, and the spurious IRQ 7/15 so
 * far. Interrupts off: an ack between an OCW3 and its read would switch the register
 * the read returns. */
static int show_i8259(struct seq_file *m)
{
	u8 irr[2], isr[2];
	unsigned long flags;
	u16 imr;

	local_irq_save(flags);
	for (int chip = 0; chip < 2; chip++) {
		irr[chip] = i8259_read_irr(chip);
		isr[chip] = i8259_read_isr(chip);
	}
	imr = i8259_read_imr();
	local_irq_restore(flags);
	for (int chip = 0; chip < 2; chip++)
		seq_printf(m, "%-6s IRQ %2d-%-2d  irr=%02x imr=%02x isr=%02x  spurious IRQ %d: %u\n",
			   chip ? "slave" : "master", 8 * chip, 8 * chip + 7, irr[chip],
			   (imr >> (8 * chip)) & 0xff, isr[chip], 8 * chip + PIC_SPURIOUS_IR,
			   i8259_spurious_counts[chip]);
	return 0;
}
DEFINE_PROC_FILE(i8259, "/proc/i8259", show_i8259);
