/* arch/x86/smpboot.c - starting the other processors (APs) the ACPI MADT lists.
 *
 * Intel MultiProcessor Specification 1.4, appendix B "Operating System Programming
 * Guidelines", section "Universal Start-up Algorithm" (INIT, 10 ms, STARTUP, 200 us,
 * STARTUP, 200 us); Intel SDM Vol. 3A, chapter "Multiple-Processor Management", sections
 * "MP Initialization Protocol Algorithm for MP Systems" and "Typical BSP Initialization
 * Sequence" / "Typical AP Initialization Sequence", and chapter "Advanced Programmable
 * Interrupt Controller (APIC)", section "Interrupt Command Register (ICR)" (INIT and
 * Start-Up delivery modes); ACPI Specification, "Processor Local APIC Structure" (which
 * processors exist: enabled, or online-capable).
 *
 * The boot CPU (BSP) starts the APs one at a time. For each it sets up what the AP will
 * need before it can run C - a per-CPU area, a GDT and TSSs, an idle thread with its
 * stack - writes the parameters into the trampoline page (arch/x86/trampoline.asm, copied
 * below 1 MiB), and sends INIT-SIPI-SIPI to the AP's APIC ID. The AP runs the trampoline
 * from real mode to paging, then start_secondary() below, and sets its bit in the online
 * mask as its last step; the BSP waits for that bit, and gives up on an AP that does not
 * set it in time (it is reported, put back into INIT, and left out).
 *
 * Only in APIC mode: the startup IPIs are the LAPIC's, and an AP's tick is its LAPIC timer.
 * In 8259 mode the kernel runs on the boot CPU alone, as Linux does without an IOAPIC.
 */
#include <irqlab/errno.h>
#include <irqlab/mm.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/smp.h>
#include <irqlab/string.h>
#include <irqlab/tasklet.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include "acpi.h"
#include "cpu.h"
#include "idt.h"
#include "irq.h"
#include "lapic.h"
#include "processor.h"
#include "segment.h"
#include "smp.h"

/* The Universal Start-up Algorithm's delays. */
#define INIT_DELAY_MS           10
#define STARTUP_DELAY_US        200
#define NR_STARTUP_IPIS         2
/* How long an AP has to report in (Linux's do_boot_cpu waits as long). */
#define AP_CALLIN_TIMEOUT_MS    10000

/* The trampoline's code and its parameter slots (trampoline.asm). */
extern char trampoline_start[], trampoline_end[];
extern u32 tr_cr0[], tr_cr3[], tr_stack_top[], tr_cpu[], tr_entry[];

DEFINE_PER_CPU(struct cpu_boot_check, cpu_boot_check);
/* The number the next AP gets. Only the boot CPU's process context touches it
 * (smp_init(), the tests), one AP at a time: no lock. */
static unsigned int next_cpu = 1;

void __noreturn start_secondary(unsigned int cpu);

/* Where a trampoline symbol is in the copy below 1 MiB. */
static u32 *trampoline_slot(u32 *sym)
{
	return (u32 *)(real_mode_page + ((char *)sym - trampoline_start));
}

/* What this CPU reads of itself through its own segment, kept for the tests. */
static void record_boot_check(void)
{
	struct cpu_boot_check *check = this_cpu_ptr(&cpu_boot_check);

	check->cpu = smp_processor_id();
	check->this_cpu_off = this_cpu_read_stable(this_cpu_off);
	check->self = check;
	check->apicid = this_cpu_ptr(&cpu_info)->apicid;
}

/* Sends one IPI and waits for the LAPIC to have delivered it. Interrupts off: an
 * interrupt handler's own IPI between the two ICR writes would change the target. */
static bool send_ipi_wait(u32 icr_low, u8 apicid)
{
	unsigned long flags;
	bool delivered = false;

	local_irq_save(flags);
	lapic_icr_write(icr_low, apicid);
	for (int i = 0; i < 1000 && !(delivered = lapic_icr_idle()); i++)
		udelay(1);
	local_irq_restore(flags);
	return delivered;
}

/* The Universal Start-up Algorithm: INIT puts the AP into wait-for-SIPI; each STARTUP
 * starts it at vector << 12 in real mode. The second STARTUP is for processors that
 * miss the first; one that is already running ignores it. */
static int wakeup_secondary_cpu_via_init(u8 apicid, u32 start_page)
{
	u32 esr;

	lapic_read_esr();                       /* start from a clean error status */
	if (!send_ipi_wait(LAPIC_ICR_LEVELTRIG | LAPIC_ICR_ASSERT | LAPIC_DM_INIT, apicid))
		return -EIO;
	mdelay(INIT_DELAY_MS);
	for (int i = 0; i < NR_STARTUP_IPIS; i++) {
		if (!send_ipi_wait(LAPIC_DM_STARTUP | (start_page >> PAGE_SHIFT), apicid))
			return -EIO;
		udelay(STARTUP_DELAY_US);
		esr = lapic_read_esr();
		if (esr) {
			pr_err("smp: APIC ID %u: ESR 0x%02x after the startup IPI\n", apicid, esr);
			return -EIO;
		}
	}
	return 0;
}

static int do_boot_cpu(unsigned int cpu, u8 apicid, unsigned int timeout_ms)
{
	struct task_struct *idle;
	u64 deadline;
	int ret;

	ret = setup_per_cpu_area(cpu);
	if (ret)
		return ret;
	gdt_setup_cpu(cpu);
	idle = idle_thread_create(cpu);
	if (!idle)
		return -ENOMEM;
	*trampoline_slot(tr_cr0) = read_cr0();
	*trampoline_slot(tr_cr3) = read_cr3();
	*trampoline_slot(tr_stack_top) = (u32)idle->stack + THREAD_SIZE;
	*trampoline_slot(tr_cpu) = cpu;
	*trampoline_slot(tr_entry) = (u32)start_secondary;

	ret = wakeup_secondary_cpu_via_init(apicid, real_mode_page);
	deadline = get_jiffies_64() + msecs_to_jiffies(timeout_ms);
	while (!ret && !cpu_online(cpu)) {
		if (get_jiffies_64() > deadline)
			ret = -ETIMEDOUT;
		cpu_relax();
	}
	if (ret) {
		/* Back to wait-for-SIPI: it must not wake up later in a trampoline that has
		 * been set up for the next AP. */
		send_ipi_wait(LAPIC_ICR_LEVELTRIG | LAPIC_ICR_ASSERT | LAPIC_DM_INIT, apicid);
		pr_err("smp: CPU%u (APIC ID %u) did not come online (%d): left out\n",
		       cpu, apicid, ret);
	}
	return ret;
}

/* The AP, on its idle thread's stack, from the trampoline. Until gdt_load_cpu() FS is
 * flat: no per-CPU access before it (this CPU's number comes as the argument). */
void __noreturn start_secondary(unsigned int cpu)
{
	bool ticking;

	gdt_load_cpu(cpu);
	idt_load();
	setup_vector_irq(cpu);
	setup_local_APIC();
	identify_cpu(lapic_id());
	record_boot_check();
	tasklet_init_cpu();
	timers_prepare_cpu(cpu);                /* before anyone may queue a timer here */
	ticking = setup_secondary_APIC_clock();
	pr_info("smp: CPU%u (APIC ID %u) online%s\n", cpu, lapic_id(),
		ticking ? "" : ", without a tick (the LAPIC timer was not calibrated)");
	set_cpu_online(cpu);                    /* the boot CPU goes on from here */
	cpu_idle();                             /* turns interrupts on */
}

int smp_boot_one(u8 apicid, unsigned int timeout_ms)
{
	if (next_cpu == NR_CPUS) {
		pr_warn("smp: NR_CPUS is %d: APIC ID %u left out\n", NR_CPUS, apicid);
		return -ENOSPC;
	}
	/* A number that failed stays used (its area exists): never handed on. */
	return do_boot_cpu(next_cpu++, apicid, timeout_ms);
}

/* The MADT's processors that can be started: enabled or online-capable, not the BSP. */
static void bring_up_aps(void)
{
	u8 boot_apicid = this_cpu_ptr(&cpu_info)->apicid;

	memcpy((void *)real_mode_page, trampoline_start,
	       (size_t)(trampoline_end - trampoline_start));
	for (unsigned int i = 0; i < acpi_madt.nr_cpus; i++) {
		const struct madt_cpu *c = &acpi_madt.cpu[i];

		if ((c->enabled || c->online_capable) && c->apic_id != boot_apicid)
			(void)smp_boot_one(c->apic_id, AP_CALLIN_TIMEOUT_MS);
	}
	if (acpi_madt.dropped)
		pr_warn("smp: the MADT has more entries than irqlab keeps; some CPUs may be "
			"left out\n");
}

void smp_init(void)
{
	bool apic = apic_intr_mode == APIC_SYMMETRIC_IO;
	unsigned int n;

	identify_cpu(apic ? lapic_id() : -1);
	record_boot_check();
	if (!apic)
		pr_info("smp: the 8259 PIC delivers interrupts and no local APIC is in use: "
			"running on one CPU\n");
	else if (!real_mode_page)
		pr_err("smp: no usable page below 1 MiB for the AP trampoline: running on one "
		       "CPU\n");
	else
		bring_up_aps();
	n = num_online_cpus();
	pr_info("smp: Brought up 1 node, %u CPU%s\n", n, n == 1 ? "" : "s");
}
