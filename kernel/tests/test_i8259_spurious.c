/* kernel/tests/test_i8259_spurious.c - spurious IRQ 7/15 sent down the real entry path,
 * and what each chip gets for it.
 *
 * A spurious interrupt is the 8259 answering the CPU's INTA with IR7 when no line is in
 * service any more. `int $0x27` / `int $0x2f` reach do_IRQ through the same IDT stub with
 * the same vector, and the ISR bit is clear, which is exactly that situation. To check
 * which chip got an EOI, the software interrupt is raised from inside a real IRQ 8 (the
 * CMOS clock's periodic interrupt) before its flow handler sends any EOI: the slave then
 * has IR0 in service and the master IR2 (the cascade), and a non-specific EOI to either
 * chip would clear that chip's bit.
 */
#include <irqlab/interrupt.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include "arch/x86/hardirq.h"
#include "arch/x86/idt.h"
#include "arch/x86/io.h"
#include "arch/x86/pic8259.h"
#include "kernel/irq/internal.h"
#include "drivers/rtc/rtc_cmos.h"
#include "ktest_irq.h"
#include "kunit.h"

#define MASTER_TEST_IRQ 3       /* COM2's line: no device on it in irqlab's QEMU runs */
#define PIC_MASTER_IR7  7
#define PIC_SLAVE_IR7   15
#define ISR_CASCADE     BIT(PIC_CASCADE_IRQ)    /* master ISR: the slave's request */
#define ISR_IR0         BIT(0)                  /* slave ISR: IRQ 8 */
#define ISR_IR7         BIT(7)


/* INT takes its vector as an immediate: v must be a constant. */
#define soft_irq_vector(v)      __asm__ __volatile__("int %0" :: "i"(v) : "memory")

static int dev_a;
static volatile u32 handler_runs;

static irqreturn_t counting_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	handler_runs++;
	return IRQ_HANDLED;
}

/* The count on /proc/interrupts' "SPU:" row: what a student sees. */
static long proc_spurious_count(void)
{
	const char *p = ktest_proc_line("/proc/interrupts", "SPU:");
	long n = 0;

	if (!p)
		return -1;
	for (p += 4; *p == ' '; p++)
		;
	while (*p >= '0' && *p <= '9')
		n = n * 10 + (*p++ - '0');
	return n;
}

static void wait_ticks(unsigned int n)
{
	unsigned long end = jiffies + n;

	while (time_before(jiffies, end))
		native_halt();          /* interrupts are on in tests: the tick wakes us */
}

/* A software interrupt on a line that is not 7 or 15 does run the handler: the control
 * for the spurious cases below, where the same path must not. */
static void test_soft_int_runs_handler_on_normal_line(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(MASTER_TEST_IRQ);
	long spu = proc_spurious_count();
	u32 runs, kstat;

	if (!ktest_pic_in_use(test))
		return;
	KUNIT_ASSERT_EQ(test, request_irq(MASTER_TEST_IRQ, counting_handler, 0, "test", &dev_a), 0);
	runs = handler_runs;
	kstat = desc->kstat_irqs[0];
	soft_irq_vector(PIC_VECTOR_BASE + MASTER_TEST_IRQ);
	KUNIT_EXPECT_EQ(test, handler_runs, runs + 1);
	KUNIT_EXPECT_EQ(test, desc->kstat_irqs[0], kstat + 1);
	KUNIT_EXPECT_EQ(test, proc_spurious_count(), spu);
	free_irq(MASTER_TEST_IRQ, &dev_a);
}

/* int $0x27 or $0x2f: the vector of IRQ 7 or 15, with no ISR bit set for it. */
static void raise_soft_spurious(unsigned int irq)
{
	if (irq == PIC_MASTER_IR7)
		soft_irq_vector(PIC_VECTOR_BASE + PIC_MASTER_IR7);
	else
		soft_irq_vector(PIC_VECTOR_BASE + PIC_SLAVE_IR7);
}

/* int $0x27 / $0x2f from process context: nothing is in service on either chip. */
static void check_soft_spurious(struct kunit *test, unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	int chip = irq >= 8;
	u32 runs, kstat, chip_count;
	long spu;

	if (!ktest_pic_in_use(test))
		return;
	KUNIT_ASSERT_EQ(test, request_irq(irq, counting_handler, IRQF_SHARED, "test", &dev_a), 0);
	/* A real request already latched on the line (the CD-ROM sits on IRQ 15) arrives
	 * now that it is open; the counts below are taken after it. */
	wait_ticks(2);
	KUNIT_EXPECT_EQ(test, i8259_read_isr(chip) & ISR_IR7, 0);

	runs = handler_runs;
	kstat = desc->kstat_irqs[0];
	chip_count = i8259_spurious_counts[chip];
	spu = proc_spurious_count();
	raise_soft_spurious(irq);

	KUNIT_EXPECT_EQ(test, proc_spurious_count(), spu + 1);
	KUNIT_EXPECT_EQ(test, i8259_spurious_counts[chip], chip_count + 1);
	KUNIT_EXPECT_EQ(test, handler_runs, runs);              /* not delivered to drivers */
	KUNIT_EXPECT_EQ(test, desc->kstat_irqs[0], kstat);      /* nor counted as the line's */
	KUNIT_EXPECT_EQ(test, i8259_read_isr(0), 0);
	KUNIT_EXPECT_EQ(test, i8259_read_isr(1), 0);
	free_irq(irq, &dev_a);
}

static void test_spurious_irq7_counted_not_delivered(struct kunit *test)
{
	check_soft_spurious(test, PIC_MASTER_IR7);
}

static void test_spurious_irq15_counted_not_delivered(struct kunit *test)
{
	check_soft_spurious(test, PIC_SLAVE_IR7);
}

/* irq_inject on IRQ 7/15 also raises the vector with no ISR bit set, yet is a real
 * delivery: it reaches the handler, just after a spurious one on the same line (whose
 * verdict must not outlive it). */
static void check_inject_after_spurious(struct kunit *test, unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	u32 runs, kstat;
	long spu;

	if (!ktest_pic_in_use(test))
		return;
	KUNIT_ASSERT_EQ(test, request_irq(irq, counting_handler, IRQF_SHARED, "test", &dev_a), 0);
	wait_ticks(2);                  /* as above: a request latched on the line first */
	raise_soft_spurious(irq);
	runs = handler_runs;
	kstat = desc->kstat_irqs[0];
	spu = proc_spurious_count();

	KUNIT_EXPECT_EQ(test, irq_inject(irq), 0);
	KUNIT_EXPECT_EQ(test, handler_runs, runs + 1);
	KUNIT_EXPECT_EQ(test, desc->kstat_irqs[0], kstat + 1);
	KUNIT_EXPECT_EQ(test, proc_spurious_count(), spu);
	KUNIT_EXPECT_EQ(test, i8259_read_isr(0), 0);
	KUNIT_EXPECT_EQ(test, i8259_read_isr(1), 0);
	free_irq(irq, &dev_a);
}

static void test_inject_irq7_after_spurious_delivered(struct kunit *test)
{
	check_inject_after_spurious(test, PIC_MASTER_IR7);
}

static void test_inject_irq15_after_spurious_delivered(struct kunit *test)
{
	check_inject_after_spurious(test, PIC_SLAVE_IR7);
}

/* --- a spurious interrupt while IRQ 8 is in service ------------------------------- */

static struct {
	unsigned int spurious_irq;      /* 7 or 15: which vector to raise */
	irq_flow_handler_t flow;        /* IRQ 8's own flow handler, run afterwards */
	volatile bool done;
	u8 isr_before[2], isr_after[2];
	long spu_before, spu_after;
} probe;

static irqreturn_t rtc_test_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	rtc_periodic_ack();
	return IRQ_HANDLED;
}

/* Runs in place of handle_edge_irq for IRQ 8, in hard-IRQ context, before any EOI. */
static void probe_flow(struct irq_desc *desc)
{
	if (!probe.done) {
		probe.isr_before[0] = i8259_read_isr(0);
		probe.isr_before[1] = i8259_read_isr(1);
		probe.spu_before = irq_spurious_count;
		raise_soft_spurious(probe.spurious_irq);
		probe.spu_after = irq_spurious_count;
		probe.isr_after[0] = i8259_read_isr(0);
		probe.isr_after[1] = i8259_read_isr(1);
		probe.done = true;
	}
	probe.flow(desc);               /* the real ack and handler: EOIs both chips */
}

/* Raises the spurious vector from inside one real IRQ 8 and records both ISRs around it. */
static bool run_probe_in_irq8(struct kunit *test, unsigned int spurious_irq)
{
	struct irq_desc *desc = irq_to_desc(RTC_IRQ);
	unsigned long deadline, flags;

	if (!ktest_pic_in_use(test))
		return false;
	if (desc->action) {
		kunit_skip_case(test, "IRQ 8 is in use: no free line to hold in service");
		return false;
	}
	probe.spurious_irq = spurious_irq;
	probe.done = false;
	if (request_irq(RTC_IRQ, rtc_test_interrupt, 0, "test-rtc", &dev_a)) {
		kunit_fail(test, __FILE__, __LINE__, "request_irq(8) failed");
		return false;
	}
	local_irq_save(flags);
	probe.flow = desc->handle_irq;
	desc->handle_irq = probe_flow;
	rtc_periodic_start();           /* the CMOS clock's periodic interrupt on IRQ 8 */
	local_irq_restore(flags);

	deadline = jiffies + msecs_to_jiffies(500);
	while (!probe.done && time_before(jiffies, deadline))
		native_halt();

	local_irq_save(flags);
	rtc_periodic_stop();
	desc->handle_irq = probe.flow;
	local_irq_restore(flags);
	free_irq(RTC_IRQ, &dev_a);

	if (!probe.done) {
		kunit_fail(test, __FILE__, __LINE__, "no IRQ 8 from the CMOS clock within 500 ms");
		return false;
	}
	/* The set-up: IRQ 8 in service on the slave, and the cascade on the master. */
	KUNIT_EXPECT_EQ(test, probe.isr_before[1], ISR_IR0);
	KUNIT_EXPECT_EQ(test, probe.isr_before[0], ISR_CASCADE);
	KUNIT_EXPECT_EQ(test, probe.spu_after, probe.spu_before + 1);
	/* Afterwards IRQ 8's own flow sent its EOIs: nothing is left in service. */
	KUNIT_EXPECT_EQ(test, i8259_read_isr(0), 0);
	KUNIT_EXPECT_EQ(test, i8259_read_isr(1), 0);
	return probe.isr_before[1] == ISR_IR0 && probe.isr_before[0] == ISR_CASCADE;
}

/* Spurious IRQ 7 came from the master alone: no EOI to anyone. A non-specific EOI to
 * the master would have ended the cascade's service (IR2). */
static void test_spurious_irq7_sends_no_eoi(struct kunit *test)
{
	if (!run_probe_in_irq8(test, PIC_MASTER_IR7))
		return;
	KUNIT_EXPECT_EQ(test, probe.isr_after[0], ISR_CASCADE);
	KUNIT_EXPECT_EQ(test, probe.isr_after[1], ISR_IR0);
}

/* Spurious IRQ 15: the slave sent IR7 but has nothing in service, so it gets no EOI (it
 * would end IRQ 8's service); the master really did accept the cascade's request, so it
 * gets one: its IR2 bit is cleared and the slave's IR0 is not. */
static void test_spurious_irq15_eoi_to_master_only(struct kunit *test)
{
	if (!run_probe_in_irq8(test, PIC_SLAVE_IR7))
		return;
	KUNIT_EXPECT_EQ(test, probe.isr_after[0], 0);
	KUNIT_EXPECT_EQ(test, probe.isr_after[1], ISR_IR0);
}

static struct kunit_case i8259_spurious_cases[] = {
	KUNIT_CASE(test_soft_int_runs_handler_on_normal_line),
	KUNIT_CASE(test_spurious_irq7_counted_not_delivered),
	KUNIT_CASE(test_spurious_irq15_counted_not_delivered),
	KUNIT_CASE(test_inject_irq7_after_spurious_delivered),
	KUNIT_CASE(test_inject_irq15_after_spurious_delivered),
	KUNIT_CASE(test_spurious_irq7_sends_no_eoi),
	KUNIT_CASE(test_spurious_irq15_eoi_to_master_only),
	{}
};

kunit_test_suite(i8259_spurious, i8259_spurious_cases);
