/* kernel/tests/test_apic.c - the LAPIC and IOAPIC as they run: register contents read
 * back from the hardware, the system vectors (LOC, SPU, ERR), and vectors reaching their
 * lines. Skipped when the 8259 delivers (irqchip=pic, or no APIC on this machine). */
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/time.h>
#include "arch/x86/acpi.h"
#include "arch/x86/cpu.h"
#include "arch/x86/hardirq.h"
#include "arch/x86/idt.h"
#include "arch/x86/io.h"
#include "arch/x86/ioapic.h"
#include "arch/x86/lapic.h"
#include "arch/x86/pic8259.h"
#include "kernel/irq/internal.h"
#include "ktest_irq.h"
#include "kunit.h"

/* Lines with no device on QEMU's pc machine under the test harness (-nodefaults):
 * IRQ 10 is level-triggered there (MADT override), IRQ 7 edge. */
#define LEVEL_TEST_IRQ  10
#define EDGE_TEST_IRQ   7
/* How long a wait may take before the case fails: only ever reached when the awaited
 * interrupt never comes, so long enough for a host that stalls QEMU for seconds. */
#define WAIT_MS         10000

static bool apic_mode(struct kunit *test)
{
	if (apic_intr_mode == APIC_SYMMETRIC_IO && tsc_khz)
		return true;
	kunit_skip_case(test, apic_intr_mode == APIC_SYMMETRIC_IO ? "no TSC to time the waits" :
			"irqchip is the 8259 PIC here: no LAPIC/IOAPIC in use");
	return false;
}

static bool line_free(struct kunit *test, unsigned int irq)
{
	if (!irq_to_desc(irq)->action)
		return true;
	kunit_skip_case(test, "the test line already has a driver");
	return false;
}

static u32 entry_vector(u64 e)
{
	return (u32)(e & IOAPIC_RTE_VECTOR_MASK);
}

/* What a handler saw: how often it ran and whether its vector was in service. */
struct probe {
	unsigned int vector;
	u32 runs;
	bool in_service;
	bool in_service_after_spurious;
	bool raise_spurious;
};

static irqreturn_t probe_handler(int irq, void *dev_id)
{
	struct probe *p = dev_id;

	(void)irq;
	p->runs++;
	p->in_service = lapic_vector_in_service(p->vector);
	if (p->raise_spurious) {
		/* The spurious vector's handler runs on top of this one: if it sent an
		 * EOI, it would end this vector, which is in service. */
		__asm__ __volatile__("int %0" :: "i"(SPURIOUS_APIC_VECTOR));
		p->in_service_after_spurious = lapic_vector_in_service(p->vector);
	}
	return IRQ_HANDLED;
}

/* Waits, interrupts on, for an interrupt handler to move *counter to target. */
static bool wait_until(volatile u32 *counter, u32 target)
{
	u64 t0 = rdtsc(), limit = (u64)tsc_khz * WAIT_MS;

	while (*counter < target)
		if (rdtsc() - t0 > limit)
			return false;
	return true;
}

static void test_lapic_enabled_with_spurious_vector(struct kunit *test)
{
	u32 svr;

	if (!apic_mode(test))
		return;
	svr = lapic_read(LAPIC_SVR);
	KUNIT_EXPECT_TRUE(test, svr & LAPIC_SVR_ENABLE);
	KUNIT_EXPECT_EQ(test, svr & LAPIC_SVR_VECTOR_MASK, SPURIOUS_APIC_VECTOR);
	KUNIT_EXPECT_EQ(test, lapic_read(LAPIC_LVT_ERROR),
			LAPIC_DM_FIXED | ERROR_APIC_VECTOR);            /* unmasked */
	KUNIT_EXPECT_TRUE(test, lapic_read(LAPIC_LVT_LINT0) & LAPIC_LVT_MASKED);
	KUNIT_EXPECT_EQ(test, lapic_read(LAPIC_LVT_LINT1) & LAPIC_DM_MASK, LAPIC_DM_NMI);
}

/* The tick's three counters, read together: nothing can tick between the reads. */
struct tick_counts {
	u32 loc;                        /* LAPIC timer interrupts */
	u64 jif;
	u32 irq0;                       /* the PIT's line */
};

static void read_tick_counts(struct tick_counts *c)
{
	unsigned long flags;

	local_irq_save(flags);
	c->loc = per_cpu(apic_timer_irqs, 0);
	c->jif = get_jiffies_64();
	c->irq0 = irq_to_desc(0)->kstat_irqs[0];
	local_irq_restore(flags);
}

/* Events against events, so a host that gives QEMU little time cannot fail it: over ten
 * LAPIC timer interrupts jiffies advance by exactly ten, and IRQ 0 not once. How long a
 * tick lasts is QEMU's to show (tests/test_apic.py reads the timer's registers there). */
static void test_lapic_timer_is_the_periodic_tick(struct kunit *test)
{
	struct tick_counts c0, c1;
	u32 lvtt, ticks = 10;

	if (!apic_mode(test))
		return;
	lvtt = lapic_read(LAPIC_LVT_TIMER);
	KUNIT_EXPECT_EQ(test, lvtt & LAPIC_LVT_TIMER_MODE_MASK, LAPIC_LVT_TIMER_PERIODIC);
	KUNIT_EXPECT_EQ(test, lvtt & LAPIC_LVT_VECTOR_MASK, LOCAL_TIMER_VECTOR);
	KUNIT_EXPECT_FALSE(test, lvtt & LAPIC_LVT_MASKED);
	KUNIT_EXPECT_EQ(test, lapic_read(LAPIC_TIMER_DCR), LAPIC_TDCR_DIV_16);
	KUNIT_EXPECT_NE(test, lapic_timer_period, 0);
	KUNIT_EXPECT_EQ(test, lapic_read(LAPIC_TIMER_ICR), lapic_timer_period);

	/* The PIT's last edge, if QEMU had one scheduled when it stopped, comes within
	 * one PIT period of the switch: before the LAPIC timer's second tick. */
	KUNIT_ASSERT_TRUE(test, wait_until(this_cpu_ptr(&apic_timer_irqs), 2));
	read_tick_counts(&c0);
	KUNIT_ASSERT_TRUE(test, wait_until(this_cpu_ptr(&apic_timer_irqs), c0.loc + ticks));
	read_tick_counts(&c1);
	KUNIT_EXPECT_GE(test, c1.loc - c0.loc, ticks);
	KUNIT_EXPECT_EQ(test, c1.jif - c0.jif, c1.loc - c0.loc);
	KUNIT_EXPECT_EQ(test, c1.irq0, c0.irq0);        /* the PIT is stopped */
}

/* An edge on IRQ 0 after the switch (QEMU's last scheduled one, here raised from
 * software) is counted on its line but is no tick. */
static void test_irq0_after_the_switch_is_no_tick(struct kunit *test)
{
	struct tick_counts c0, c1;

	if (!apic_mode(test))
		return;
	read_tick_counts(&c0);
	KUNIT_ASSERT_EQ(test, irq_inject(0), 0);
	KUNIT_ASSERT_TRUE(test, wait_until(&irq_to_desc(0)->kstat_irqs[0], c0.irq0 + 1));
	read_tick_counts(&c1);
	KUNIT_EXPECT_EQ(test, c1.irq0, c0.irq0 + 1);
	KUNIT_EXPECT_EQ(test, c1.jif - c0.jif, c1.loc - c0.loc);
}

static void test_8259s_fully_masked(struct kunit *test)
{
	if (!apic_mode(test))
		return;
	KUNIT_EXPECT_EQ(test, i8259_get_mask(), 0xffff);
	/* Reading the data port returns the chip's own IMR (OCW1). */
	KUNIT_EXPECT_EQ(test, inb(0x21), 0xff);
	KUNIT_EXPECT_EQ(test, inb(0xa1), 0xff);
}

static void test_irq0_on_the_pin_its_override_names(struct kunit *test)
{
	struct irq_route r;
	u64 e;

	if (!apic_mode(test))
		return;
	KUNIT_ASSERT_EQ(test, acpi_isa_irq_route(&acpi_madt, 0, &r), 0);
	KUNIT_EXPECT_EQ(test, irq_to_desc(0)->irq_data.hwirq, r.gsi - acpi_madt.ioapic[0].gsi_base);
	KUNIT_ASSERT_EQ(test, ioapic_read_irq_entry(0, &e), 0);
	KUNIT_EXPECT_FALSE(test, e & IOAPIC_RTE_MASKED);        /* "timer" is requested */
	if (r.gsi != 2)
		return;
	/* QEMU: IRQ 0 -> GSI 2, so IRQ 2 has no pin, and no line 2 can be requested. */
	KUNIT_EXPECT_EQ(test, ioapic_read_irq_entry(2, &e), -ENOENT);
	KUNIT_EXPECT_EQ(test, request_irq(2, probe_handler, 0, "t", &r), -EINVAL);
}

/* The redirection entry follows the line: as the MADT says, masked exactly when the
 * line is off. */
static void test_ioapic_entry_follows_request_and_disable(struct kunit *test)
{
	static struct probe p;
	struct irq_route r;
	u64 e;

	if (!apic_mode(test) || !line_free(test, LEVEL_TEST_IRQ))
		return;
	KUNIT_ASSERT_EQ(test, acpi_isa_irq_route(&acpi_madt, LEVEL_TEST_IRQ, &r), 0);
	KUNIT_ASSERT_EQ(test, ioapic_read_irq_entry(LEVEL_TEST_IRQ, &e), 0);
	KUNIT_EXPECT_TRUE(test, e & IOAPIC_RTE_MASKED);

	KUNIT_ASSERT_EQ(test, request_irq(LEVEL_TEST_IRQ, probe_handler, 0, "apic-test", &p), 0);
	KUNIT_ASSERT_EQ(test, ioapic_read_irq_entry(LEVEL_TEST_IRQ, &e), 0);
	KUNIT_EXPECT_FALSE(test, e & IOAPIC_RTE_MASKED);
	KUNIT_EXPECT_EQ(test, !!(e & IOAPIC_RTE_LEVEL), r.level);
	KUNIT_EXPECT_EQ(test, !!(e & IOAPIC_RTE_INTPOL_LOW), r.active_low);
	KUNIT_EXPECT_EQ(test, e >> IOAPIC_RTE_DEST_SHIFT, lapic_id());
	KUNIT_EXPECT_EQ(test, e & IOAPIC_RTE_DESTMOD_LOGICAL, 0);
	KUNIT_EXPECT_GE(test, entry_vector(e), IRQ0_VECTOR);
	KUNIT_EXPECT_LT(test, entry_vector(e), FIRST_SYSTEM_VECTOR);
	KUNIT_EXPECT_TRUE(test, irq_to_desc(LEVEL_TEST_IRQ)->handle_irq ==
			  (r.level ? handle_fasteoi_irq : handle_edge_irq));

	disable_irq(LEVEL_TEST_IRQ);
	KUNIT_ASSERT_EQ(test, ioapic_read_irq_entry(LEVEL_TEST_IRQ, &e), 0);
	KUNIT_EXPECT_TRUE(test, e & IOAPIC_RTE_MASKED);
	enable_irq(LEVEL_TEST_IRQ);
	KUNIT_ASSERT_EQ(test, ioapic_read_irq_entry(LEVEL_TEST_IRQ, &e), 0);
	KUNIT_EXPECT_FALSE(test, e & IOAPIC_RTE_MASKED);

	free_irq(LEVEL_TEST_IRQ, &p);
	KUNIT_ASSERT_EQ(test, ioapic_read_irq_entry(LEVEL_TEST_IRQ, &e), 0);
	KUNIT_EXPECT_TRUE(test, e & IOAPIC_RTE_MASKED);
}

/* The vector in the line's redirection entry, raised at the LAPIC, runs that line's
 * handler once (do_IRQ's vector table agrees with the IOAPIC), and the fasteoi flow
 * ends it with an EOI afterwards, not before. Inside the handler, a spurious-vector
 * interrupt is counted in SPU and sends no EOI: the line's vector stays in service. */
static void test_line_vector_and_spurious_without_eoi(struct kunit *test)
{
	static struct probe p;
	struct irq_desc *desc = irq_to_desc(LEVEL_TEST_IRQ);
	u32 spu0 = ktest_spurious_total(), count0;
	u64 e;

	if (!apic_mode(test) || !line_free(test, LEVEL_TEST_IRQ))
		return;
	if (desc->handle_irq != handle_fasteoi_irq) {
		kunit_skip_case(test, "the test line is not level-triggered on this machine");
		return;
	}
	KUNIT_ASSERT_EQ(test, ioapic_read_irq_entry(LEVEL_TEST_IRQ, &e), 0);
	p = (struct probe){ .vector = entry_vector(e), .raise_spurious = true };
	count0 = desc->kstat_irqs[0];
	KUNIT_ASSERT_EQ(test, request_irq(LEVEL_TEST_IRQ, probe_handler, 0, "apic-test", &p), 0);

	apic_send_IPI_self(p.vector);
	KUNIT_EXPECT_TRUE(test, wait_until(&p.runs, 1));
	KUNIT_EXPECT_EQ(test, p.runs, 1);
	KUNIT_EXPECT_EQ(test, desc->kstat_irqs[0], count0 + 1);
	KUNIT_EXPECT_TRUE(test, p.in_service);
	KUNIT_EXPECT_TRUE(test, p.in_service_after_spurious);
	KUNIT_EXPECT_EQ(test, ktest_spurious_total(), spu0 + 1);
	KUNIT_EXPECT_FALSE(test, lapic_vector_in_service(p.vector));    /* the flow's EOI */
	free_irq(LEVEL_TEST_IRQ, &p);
}

/* IRQ 7 through the IOAPIC is a line like any other: the 8259's spurious-IRQ7 rule
 * must not swallow it. The chip's retrigger raises it as the hardware would. */
static void test_edge_line_retrigger_reaches_handler(struct kunit *test)
{
	static struct probe p;
	struct irq_desc *desc = irq_to_desc(EDGE_TEST_IRQ);
	u32 spu0 = ktest_spurious_total();

	if (!apic_mode(test) || !line_free(test, EDGE_TEST_IRQ))
		return;
	p = (struct probe){ .vector = 0 };
	KUNIT_ASSERT_EQ(test, request_irq(EDGE_TEST_IRQ, probe_handler, 0, "apic-test", &p), 0);
	KUNIT_ASSERT_TRUE(test, desc->irq_data.chip->irq_retrigger != NULL);
	KUNIT_EXPECT_EQ(test, desc->irq_data.chip->irq_retrigger(&desc->irq_data), 0);
	KUNIT_EXPECT_TRUE(test, wait_until(&p.runs, 1));
	KUNIT_EXPECT_EQ(test, p.runs, 1);
	KUNIT_EXPECT_EQ(test, ktest_spurious_total(), spu0);
	free_irq(EDGE_TEST_IRQ, &p);
}

/* Raises vector at this LAPIC by IPI and expects what both ERR's sources get: counted
 * once in ERR, and ended with an EOI (its ISR bit clear once the count has moved). */
static void raise_counted_in_err(struct kunit *test, unsigned int vector)
{
	u32 err0 = (u32)atomic_read(&irq_err_count);

	apic_send_IPI_self(vector);
	KUNIT_EXPECT_TRUE(test, wait_until((volatile u32 *)&irq_err_count.counter, err0 + 1));
	KUNIT_EXPECT_EQ(test, atomic_read(&irq_err_count), err0 + 1);
	KUNIT_EXPECT_FALSE(test, lapic_vector_in_service(vector));
}

/* The LAPIC's error vector, raised by IPI (QEMU never raises the error LVT itself). */
static void test_error_vector_counted_and_ended(struct kunit *test)
{
	if (apic_mode(test))
		raise_counted_in_err(test, ERROR_APIC_VECTOR);
}

/* A vector no line is bound to, delivered by the LAPIC (a stray MSI, an IPI meant for
 * no CPU): reported as "No irq handler", counted in ERR, and ended with an EOI. Left in
 * service, it would hold off its priority class and every lower one: all the device
 * lines. The highest device vector: MSI lines take theirs from the bottom up. */
#define UNBOUND_VECTOR  (FIRST_SYSTEM_VECTOR - 1)

static void test_unbound_vector_reported_and_ended(struct kunit *test)
{
	unsigned long flags;

	if (!apic_mode(test))
		return;
	raise_counted_in_err(test, UNBOUND_VECTOR);
	local_irq_save(flags);
	if (lapic_vector_in_service(UNBOUND_VECTOR))
		lapic_eoi();            /* a failed case's leftover, not the next case's */
	local_irq_restore(flags);
}

static struct kunit_case apic_cases[] = {
	KUNIT_CASE(test_lapic_enabled_with_spurious_vector),
	KUNIT_CASE(test_lapic_timer_is_the_periodic_tick),
	KUNIT_CASE(test_irq0_after_the_switch_is_no_tick),
	KUNIT_CASE(test_8259s_fully_masked),
	KUNIT_CASE(test_irq0_on_the_pin_its_override_names),
	KUNIT_CASE(test_ioapic_entry_follows_request_and_disable),
	KUNIT_CASE(test_line_vector_and_spurious_without_eoi),
	KUNIT_CASE(test_edge_line_retrigger_reaches_handler),
	KUNIT_CASE(test_error_vector_counted_and_ended),
	KUNIT_CASE(test_unbound_vector_reported_and_ended),
	{}
};
kunit_test_suite(apic, apic_cases);
