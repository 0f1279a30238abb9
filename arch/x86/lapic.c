/* arch/x86/lapic.c - the local APIC: this CPU's own interrupt controller and timer.
 *
 * Intel SDM Vol. 3A, chapter "Advanced Programmable Interrupt Controller (APIC)":
 * sections "Presence of the Local APIC", "Local APIC Status and Location" (the
 * IA32_APIC_BASE MSR), "Enabling or Disabling the Local APIC", "Local Vector Table",
 * "Error Handling", "APIC Timer", "Interrupt Command Register (ICR)", "Spurious
 * Interrupt" and "Signaling Interrupt Servicing Completion" (the EOI register).
 *
 * In APIC mode every interrupt reaches the CPU through here: device lines come from the
 * IOAPIC as vectors 0x30-0x47 (ioapic.c), and the LAPIC adds its own - the timer, the
 * error interrupt, and the spurious vector - at the top of the vector space (idt.h).
 * Each delivered vector sets its bit in the ISR, which holds off that priority class and
 * everything below until software writes the EOI register.
 */
#include <irqlab/bench_stamp.h>
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/time.h>
#include <irqlab/trace.h>
#include "acpi.h"
#include "cpu.h"
#include "hardirq.h"
#include "io.h"
#include "irq_vectors.h"
#include "lapic.h"
#include "paging.h"
#include "pit.h"

#define ERROR_REPORTS_MAX       10      /* hardware noise is reported rate-limited */

enum apic_intr_mode_id apic_intr_mode = APIC_PIC;
u32 lapic_timer_period;

static uintptr_t lapic_base;
static u32 spurious_reports, error_reports;

u32 lapic_read(u32 reg)
{
	return mmio_read32(lapic_base + reg);
}

void lapic_write(u32 reg, u32 v)
{
	mmio_write32(lapic_base + reg, v);
}

/* The value written does not matter; 0 is what the SDM asks for. The LAPIC clears the
 * highest ISR bit, and if that vector came in level-triggered (its TMR bit is set) it
 * also broadcasts the EOI to the IOAPICs, which lets the line fire again (ioapic.c). */
void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

u8 lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> LAPIC_ID_SHIFT;
}

/* The ESR only changes when written: a write (of 0, the one value x2APIC accepts) moves
 * the errors seen since the last write into it and re-arms the error interrupt; the read
 * right after returns them. So always write, then read, back to back. */
u32 lapic_read_esr(void)
{
	lapic_write(LAPIC_ESR, 0);
	return lapic_read(LAPIC_ESR);
}

bool lapic_vector_in_service(unsigned int vector)
{
	return lapic_read(LAPIC_VECTOR_REG(LAPIC_ISR, vector)) & BIT(vector % 32);
}

bool lapic_icr_idle(void)
{
	return !(lapic_read(LAPIC_ICR_LOW) & LAPIC_ICR_BUSY);
}

void lapic_icr_write(u32 icr_low, u8 apicid)
{
	/* One IPI at a time: a write to the ICR while the previous one is still being sent
	 * would be lost. */
	while (!lapic_icr_idle())
		cpu_relax();
	/* High dword first: writing the low dword sends the IPI. */
	lapic_write(LAPIC_ICR_HIGH, (u32)apicid << LAPIC_ICR_DEST_SHIFT);
	lapic_write(LAPIC_ICR_LOW, icr_low);
}

/* The self shorthand ignores the destination field, so this is the one ICR write, not
 * lapic_icr_write()'s two (an emulated LAPIC write is hundreds of cycles under TCG).
 * Interrupts stay off around it, so the IPI is taken at local_irq_restore(), after the
 * write has completed: with the write made with interrupts on, v86 (the web page's
 * emulator) failed about half its selftest boots, a page fault recursing in its
 * interrupt delivery. */
void apic_send_IPI_self(unsigned int vector)
{
	unsigned long flags;

	local_irq_save(flags);
	while (!lapic_icr_idle())
		cpu_relax();
	bench_stamp(BS_INJECT);
	lapic_write(LAPIC_ICR_LOW, LAPIC_ICR_DEST_SELF | LAPIC_ICR_ASSERT | LAPIC_DM_FIXED |
		    (vector & LAPIC_LVT_VECTOR_MASK));
	local_irq_restore(flags);
}

/* mdelay() may wait in HLT while this CPU's LAPIC timer runs periodic and unmasked: a
 * tick within a period is then certain, and no driver can hold it off with disable_irq()
 * (the PIT's IRQ 0, the 8259-mode tick, could be). Any context; this CPU. */
bool arch_delay_may_halt(void)
{
	u32 lvt;

	if (apic_intr_mode != APIC_SYMMETRIC_IO || !lapic_timer_period)
		return false;
	lvt = lapic_read(LAPIC_LVT_TIMER);
	return !(lvt & LAPIC_LVT_MASKED) && (lvt & LAPIC_LVT_TIMER_PERIODIC) &&
	       lapic_read(LAPIC_TIMER_ICR);
}

int lapic_probe(void)
{
	u64 base;

	if (!boot_cpu_has(X86_FEATURE_APIC | X86_FEATURE_MSR))
		return -ENODEV;
	/* CPUID shows the APIC only while IA32_APIC_BASE's global enable is set, so here
	 * it is; what the MSR adds is where the registers are. */
	base = rdmsr(MSR_IA32_APICBASE);
	if (base & MSR_IA32_APICBASE_EXTD) {
		pr_err("APIC: the firmware left x2APIC mode on; irqlab drives the xAPIC only\n");
		return -ENODEV;
	}
	lapic_base = (u32)base & MSR_IA32_APICBASE_BASE;
	if (acpi_madt.lapic_address && acpi_madt.lapic_address != lapic_base)
		pr_warn("APIC: the MADT says 0x%08x, IA32_APIC_BASE says 0x%08x: using the MSR\n",
			acpi_madt.lapic_address, (u32)lapic_base);
	if (ioremap_page(lapic_base) < 0) {
		pr_err("APIC: cannot map the registers at 0x%08x\n", (u32)lapic_base);
		lapic_base = 0;
		return -ENOMEM;
	}
	pr_info("APIC: local APIC at 0x%08x%s\n", (u32)lapic_base,
		(base & MSR_IA32_APICBASE_BSP) ? " (boot CPU)" : "");
	return 0;
}

/* Masked first, then a count of 0: a timer the firmware left running must not fire on
 * a vector before its handler is ready, nor count while it is being set up. */
static void lapic_timer_stop(void)
{
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	lapic_write(LAPIC_TIMER_ICR, 0);
}

static void lapic_setup_esr(void)
{
	u32 old = lapic_read_esr();             /* whatever the firmware left latched */

	lapic_write(LAPIC_LVT_ERROR, ERROR_APIC_VECTOR);
	/* The SDM: clear the ESR again once the vector is set, so that an error from in
	 * between does not stay latched without ever raising the interrupt. */
	lapic_read_esr();
	if (old)
		pr_info("APIC: ESR was 0x%02x at setup; cleared\n", old);
}

void setup_local_APIC(void)
{
	u32 version = lapic_read(LAPIC_VERSION);

	lapic_timer_stop();
	lapic_write(LAPIC_TPR, 0);              /* accept every priority class */
	/* Software-enable before the LVTs: while the SVR's enable bit is clear, the LVT
	 * mask bits are stuck at 1 and writes to them are ignored. */
	lapic_write(LAPIC_SVR, (lapic_read(LAPIC_SVR) & ~LAPIC_SVR_VECTOR_MASK) |
		    LAPIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
	/* LINT0 carried the 8259s' INTR (virtual wire, as the BIOS set it up). The IOAPIC
	 * delivers the ISA lines now, so LINT0 is masked: nothing reaches the CPU twice. */
	lapic_write(LAPIC_LVT_LINT0, LAPIC_LVT_MASKED | LAPIC_DM_EXTINT);
	/* The MADT's LAPIC_NMI: lint 1. The boot CPU takes it; on the others it stays
	 * masked, as in Linux, so that one NMI is not handled once per CPU. */
	lapic_write(LAPIC_LVT_LINT1, LAPIC_DM_NMI |
		    (smp_processor_id() == 0 ? 0 : LAPIC_LVT_MASKED));
	lapic_setup_esr();
	pr_info("APIC: id %u, version 0x%02x, %u LVT entries; enabled, spurious vector 0x%02x\n",
		lapic_id(), version & LAPIC_VERSION_MASK, LAPIC_MAXLVT(version) + 1,
		SPURIOUS_APIC_VECTOR);
}

/* --- the timer ----------------------------------------------------------------------- */

/* Counts per ms after the /16 divider, as time_init() measured them in the PIT window
 * it timed the TSC in; 0 if it did not (no TSC, or no clean window). Boot CPU, boot. */
static u32 lapic_timer_per_ms;

/* The one-shot count from 0xffffffff, turned into a count up for pit_measure_khz(). */
u64 lapic_timer_elapsed(void)
{
	return 0xffffffffu - lapic_read(LAPIC_TIMER_CCR);
}

void lapic_timer_calibration_start(void)
{
	lapic_write(LAPIC_TIMER_DCR, LAPIC_TDCR_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED | LAPIC_LVT_TIMER_ONESHOT |
		    LOCAL_TIMER_VECTOR);        /* count, but never interrupt */
	lapic_write(LAPIC_TIMER_ICR, 0xffffffff);
}

void lapic_timer_calibration_end(u32 per_ms)
{
	lapic_timer_stop();
	lapic_timer_per_ms = per_ms;
}

/* How fast the LAPIC timer counts after the /16 divider, in counts per ms, measured
 * against the PIT; 0 if no clean measurement came. At 62.5 MHz (QEMU) the 32-bit count
 * lasts over a minute: it cannot run out during the measurement. Only when time_init()
 * could not measure it beside the TSC. */
static u32 lapic_timer_calibrate(void)
{
	static const struct pit_counter lapic_count = { lapic_timer_elapsed };
	unsigned long flags;
	u32 per_ms = 0;

	local_irq_save(flags);
	lapic_timer_calibration_start();
	if (!pit_measure_khz(&lapic_count, 1, &per_ms))
		per_ms = 0;
	lapic_timer_stop();
	local_irq_restore(flags);
	return per_ms;
}

static void lapic_timer_start_periodic(void)
{
	/* The LVT before the count: writing the initial count starts the timer, in
	 * whatever mode the LVT says at that moment. */
	lapic_write(LAPIC_TIMER_DCR, LAPIC_TDCR_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	lapic_write(LAPIC_TIMER_ICR, lapic_timer_period);
}

int setup_boot_APIC_clock(void)
{
	u32 per_ms;

	per_ms = lapic_timer_per_ms ? lapic_timer_per_ms : lapic_timer_calibrate();
	if (per_ms < HZ) {
		pr_err("APIC timer: no clean calibration against the PIT (%u counts/ms); the "
		       "PIT stays the tick\n", per_ms);
		return -EIO;
	}
	lapic_timer_period = (u32)((u64)per_ms * 1000 / HZ);
	pr_info("APIC timer: %u.%03u MHz after the /16 divider (measured against the PIT): "
		"%u counts per tick at HZ=%d\n", per_ms / 1000, per_ms % 1000,
		lapic_timer_period, HZ);

	/* The PIT stops before the LAPIC timer starts: two ticks would both advance
	 * jiffies. IRQ 0 stays registered as "timer", as in Linux. */
	pit_timer_shutdown();
	lapic_timer_start_periodic();
	pr_info("APIC timer: periodic on vector 0x%02x is the tick; the PIT is stopped\n",
		LOCAL_TIMER_VECTOR);
	return 0;
}

/* Every LAPIC timer in a machine counts the same bus clock: one calibration serves all
 * CPUs (the APs have no PIT of their own to measure against at the same time). */
bool setup_secondary_APIC_clock(void)
{
	if (!lapic_timer_period)
		return false;
	lapic_timer_start_periodic();
	return true;
}

/* --- the system vectors -------------------------------------------------------------- */

/* Linux: sysvec_apic_timer_interrupt(). Counted in LOC on every CPU; on the boot CPU it
 * advances jiffies (tick_handle() says what the others do). The EOI comes
 * before irq_exit(): that is where softirqs will run with interrupts on, and an ISR
 * bit still set for 0xec would hold off every device vector below it meanwhile. */
void sysvec_apic_timer_interrupt(struct pt_regs *regs)
{
	(void)regs;
	irq_enter();
	trace_event(TRACE_IRQ_ENTRY, (u32)-1, LOCAL_TIMER_VECTOR);
	this_cpu_inc(apic_timer_irqs);
	tick_handle();
	trace_event(TRACE_IRQ_EXIT, (u32)-1, LOCAL_TIMER_VECTOR);
	lapic_eoi();
	irq_exit();
}

static void report_esr(u32 esr)
{
	static const struct { u32 bit; const char *name; } esr_bits[] = {
		{ LAPIC_ESR_SEND_CS,             "Send CS error" },
		{ LAPIC_ESR_RECV_CS,             "Receive CS error" },
		{ LAPIC_ESR_SEND_ACCEPT,         "Send accept error" },
		{ LAPIC_ESR_RECV_ACCEPT,         "Receive accept error" },
		{ LAPIC_ESR_REDIRECTABLE_IPI,    "Redirectable IPI" },
		{ LAPIC_ESR_SEND_ILLEGAL_VECTOR, "Send illegal vector" },
		{ LAPIC_ESR_RECV_ILLEGAL_VECTOR, "Received illegal vector" },
		{ LAPIC_ESR_ILLEGAL_REGISTER,    "Illegal register address" },
	};

	pr_err("APIC error on CPU%u: ESR 0x%02x\n", smp_processor_id(), esr);
	for (unsigned int i = 0; i < ARRAY_SIZE(esr_bits); i++)
		if (esr & esr_bits[i].bit)
			pr_err("  : %s\n", esr_bits[i].name);
}

/* The LVT error interrupt: counted in ERR, the ESR read and reported (rate-limited),
 * then an EOI like any interrupt the LAPIC delivered. */
void sysvec_error_interrupt(struct pt_regs *regs)
{
	u32 esr;

	(void)regs;
	irq_enter();
	esr = lapic_read_esr();
	atomic_inc(&irq_err_count);
	if (error_reports++ < ERROR_REPORTS_MAX)
		report_esr(esr);
	lapic_eoi();
	irq_exit();
}

/* LAB 3 BEGIN lapic-spurious: what the spurious vector's handler must (not) do, and count */
/* The spurious vector: an interrupt that was withdrawn while the CPU was accepting it
 * (its source masked, or its priority raised, in that instant). The LAPIC sets no ISR
 * bit for it, so there is nothing to end: an EOI here would end some other interrupt
 * that is in service. Counted in SPU, reported rate-limited. */
void sysvec_spurious_apic_interrupt(struct pt_regs *regs)
{
	irq_enter();
	this_cpu_inc(irq_spurious_count);
	if (spurious_reports++ < ERROR_REPORTS_MAX)
		pr_info("spurious APIC interrupt through vector %02x on CPU#%u, "
			"should never happen.\n", regs->vector, smp_processor_id());
	irq_exit();
}
/* LAB 3 STUB
void sysvec_spurious_apic_interrupt(struct pt_regs *regs)
{
	(void)regs;
	(void)spurious_reports;
	irq_enter();
	this_cpu_inc(irq_spurious_count);
	lapic_eoi();
	irq_exit();
}
LAB 3 END */
