/* arch/x86/irq.c - do_IRQ: where every hardware interrupt enters C.
 *
 * entry.asm calls do_IRQ(regs) for every vector from 0x20 up to the LAPIC's own system
 * vectors (irq_vectors.h), which have handlers of their own in lapic.c. The vector is
 * turned into a line through this CPU's vector_irq[] table, filled by the interrupt
 * controller code when it assigns vectors (irq_bind_vector). A vector with no line is
 * reported, as Linux reports "No irq handler for vector" - the message the course notes
 * end on - and the first report says which vectors the ISA lines are on; if the LAPIC
 * delivered it, it is ended there with an EOI, as Linux does. What the controller must
 * do with a delivery (ack, EOI, or nothing for the 8259's spurious IRQ 7/15) is up to
 * its chip and the line's flow handler.
 */
#include <irqlab/bench_stamp.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/seq_file.h>
#include <irqlab/spinlock.h>
#include <irqlab/errno.h>
#include <irqlab/string.h>
#include <irqlab/trace.h>
#include "cpu.h"
#include "hardirq.h"
#include "irq.h"
#include "irq_vectors.h"
#include "lapic.h"

#define VECTOR_UNUSED   (-1)

static DEFINE_PER_CPU(int[IDT_ENTRIES], vector_irq);
/* The frame of the interrupt being handled: for gdb ($irqlab_per_cpu("irq_regs")). */
static DEFINE_PER_CPU(struct pt_regs *, irq_regs);
static u32 unknown_vector_reports;

/* The architecture's rows of /proc/interrupts (hardirq.h). */
DEFINE_PER_CPU(u32, apic_timer_irqs);
DEFINE_PER_CPU(u32, irq_resched_count);
DEFINE_PER_CPU(u32, irq_spurious_count);
atomic_t irq_err_count;

void irq_bind_vector(unsigned int vector, unsigned int irq)
{
	(*this_cpu_ptr(&vector_irq))[vector] = (int)irq;
	irq_set_vector(irq, vector);
}

/* Device vectors past the IOAPIC's, for lines made at run time (PCI MSI). Like the ISA
 * lines' (setup_vector_irq below), a line's vector is the same on every CPU, so its
 * message can name any CPU (/proc/irq/N/smp_affinity) without a new vector. The
 * vector, or -ENOSPC. Process context; vector_lock keeps two allocations from taking
 * the same vector and an AP's copy of CPU 0's table (setup_vector_irq) from seeing half
 * of one. */
static DEFINE_SPINLOCK(vector_lock);

static void set_vector_everywhere(unsigned int vector, int irq)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		(*per_cpu_ptr(&vector_irq, cpu))[vector] = irq;
}

int irq_alloc_vector(unsigned int irq)
{
	int (*table)[IDT_ENTRIES] = per_cpu_ptr(&vector_irq, 0);
	unsigned long flags;
	int ret = -ENOSPC;

	spin_lock_irqsave(&vector_lock, flags);
	for (unsigned int v = IRQ_VECTOR(NR_GSI_IRQS); v < FIRST_SYSTEM_VECTOR; v++)
		if ((*table)[v] == VECTOR_UNUSED) {
			set_vector_everywhere(v, (int)irq);
			irq_set_vector(irq, v);
			ret = (int)v;
			break;
		}
	spin_unlock_irqrestore(&vector_lock, flags);
	return ret;
}

void irq_free_vector(unsigned int irq, unsigned int vector)
{
	unsigned long flags;

	spin_lock_irqsave(&vector_lock, flags);
	set_vector_everywhere(vector, VECTOR_UNUSED);
	irq_set_vector(irq, 0);
	spin_unlock_irqrestore(&vector_lock, flags);
}

/* An AP coming up, before it turns interrupts on: each line's vector is the same on
 * every CPU (IRQ_VECTOR(irq) for the ISA lines, as Linux's legacy vectors were), so the
 * AP takes the boot CPU's table, and a line moved to it (/proc/irq/N/smp_affinity) finds
 * its handler there. Linux: setup_vector_irq(). */
void setup_vector_irq(unsigned int cpu)
{
	unsigned long flags;

	spin_lock_irqsave(&vector_lock, flags);
	memcpy(per_cpu(vector_irq, cpu), per_cpu(vector_irq, 0), sizeof(per_cpu(vector_irq, 0)));
	spin_unlock_irqrestore(&vector_lock, flags);
}

void arch_early_irq_init(void)
{
	for (unsigned int v = 0; v < IDT_ENTRIES; v++)
		(*this_cpu_ptr(&vector_irq))[v] = VECTOR_UNUSED;
}

void do_IRQ(struct pt_regs *regs)
{
	struct pt_regs *old_regs = this_cpu_read(irq_regs);
	unsigned int vector = regs->vector;
	int irq;

	bench_stamp(BS_DO_IRQ);
	this_cpu_write(irq_regs, regs);
	irq_enter();
	irq = (*this_cpu_ptr(&vector_irq))[vector];
	if (unlikely(irq == VECTOR_UNUSED)) {
		/* Delivered by the LAPIC (its ISR bit is set): end it, or its priority class
		 * and every lower one stay blocked - every device line - for good. Linux
		 * sends the EOI here too. An INT n from software set no ISR bit, and an EOI
		 * then would end whatever interrupt this one came on top of. */
		if (apic_intr_mode == APIC_SYMMETRIC_IO && lapic_vector_in_service(vector))
			lapic_eoi();
		atomic_inc(&irq_err_count);
		if (unknown_vector_reports++ < 10) {    /* hardware noise: rate-limited */
			pr_emerg("do_IRQ: %u.%u No irq handler for vector\n",
				 smp_processor_id(), vector);
			/* Once: where the lines are, for an INT on a guessed vector (the
			 * course notes' module raises IRQ 11 with int $0x3B). */
			if (unknown_vector_reports == 1)
				pr_info("do_IRQ: vector 0x%02x is bound to no line in this CPU's "
					"vector_irq[]; IRQ 0-15 are on vectors 0x%02x-0x%02x here\n",
					vector, irq_to_vector(0), irq_to_vector(0) + 15);
		}
	} else {
		trace_event(TRACE_IRQ_ENTRY, (u32)irq, vector);
		generic_handle_irq((unsigned int)irq);
		trace_event(TRACE_IRQ_EXIT, (u32)irq, vector);
	}
	irq_exit();
	this_cpu_write(irq_regs, old_regs);
}

/* The last step out of every interrupt (entry.asm, after do_IRQ or a system vector such
 * as the LAPIC timer): if the handler, a softirq it ran, or the tick woke a thread that
 * should run instead of the one we interrupted, switch now - but only if that code was
 * preemptible: interrupts were on and it held no preempt_count (no spinlock, no softirq,
 * no outer interrupt). Linux: irqentry_exit() -> preempt_schedule_irq(). */
void irqentry_exit_cond_resched(struct pt_regs *regs)
{
	if (need_resched() && preempt_count() == 0 && (regs->eflags & EFLAGS_IF))
		preempt_schedule_irq();
}

void ack_bad_irq(unsigned int irq)
{
	(void)irq;
	atomic_inc(&irq_err_count);
}

static void show_per_cpu_row(struct seq_file *p, int prec, const char *sym, u32 *count,
			     const char *desc)
{
	unsigned int cpu;

	seq_printf(p, "%*s: ", prec, sym);
	for_each_online_cpu(cpu)
		seq_printf(p, "%10u ", *per_cpu_ptr(count, cpu));
	seq_printf(p, "  %s\n", desc);
}

u64 arch_irq_stat(void)
{
	u64 sum = (u32)atomic_read(&irq_err_count);
	unsigned int cpu;

	/* irq_call_count includes the TLB shootdowns: counted once. */
	for_each_possible_cpu(cpu)
		sum += per_cpu(__nmi_count, cpu) + per_cpu(apic_timer_irqs, cpu) +
		       per_cpu(irq_spurious_count, cpu) + per_cpu(irq_work_count, cpu) +
		       per_cpu(irq_resched_count, cpu) + per_cpu(irq_call_count, cpu);
	return sum;
}

/* The rows after the lines, in Linux's order and with its names. */
void arch_show_interrupts(struct seq_file *p, int prec)
{
	unsigned int cpu;

	show_per_cpu_row(p, prec, "NMI", &__nmi_count, "Non-maskable interrupts");
	show_per_cpu_row(p, prec, "LOC", &apic_timer_irqs, "Local timer interrupts");
	show_per_cpu_row(p, prec, "SPU", &irq_spurious_count, "Spurious interrupts");
	show_per_cpu_row(p, prec, "IWI", &irq_work_count, "IRQ work interrupts");
	show_per_cpu_row(p, prec, "RES", &irq_resched_count, "Rescheduling interrupts");
	/* A shootdown arrives as a function call: counted once, in TLB (hardirq.h). */
	seq_printf(p, "%*s: ", prec, "CAL");
	for_each_online_cpu(cpu)
		seq_printf(p, "%10u ", per_cpu(irq_call_count, cpu) - per_cpu(irq_tlb_count, cpu));
	seq_puts(p, "  Function call interrupts\n");
	show_per_cpu_row(p, prec, "TLB", &irq_tlb_count, "TLB shootdowns");
	seq_printf(p, "%*s: %10d\n", prec, "ERR", atomic_read(&irq_err_count));
}
