/* kernel/main.c - kernel_main: from the bootloader's hand-off to the shell.
 *
 * The order matters and each step says why it comes where it does.
 */
#include <irqlab/cmdline.h>
#include <irqlab/console.h>
#include <irqlab/init.h>
#include <irqlab/interrupt.h>
#include <irqlab/kthread.h>
#include <irqlab/mm.h>
#include <irqlab/smp.h>
#include <irqlab/softirq.h>
#include <irqlab/tasklet.h>
#include <irqlab/timer.h>
#include <irqlab/trace.h>
#include <irqlab/panic.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include <irqlab/vsprintf.h>
#include <irqlab/workqueue.h>
#include "arch/x86/acpi.h"
#include "arch/x86/cpu.h"
#include "drivers/firmware/qemu_fw_cfg.h"
#include "arch/x86/idt.h"
#include "arch/x86/ioapic.h"
#include "arch/x86/lapic.h"
#include "arch/x86/multiboot.h"
#include "arch/x86/paging.h"
#include "arch/x86/pic8259.h"
#include "arch/x86/pit.h"
#include "drivers/misc/qemu_exit.h"
#include "arch/x86/segment.h"
#include "drivers/tty/uart16550.h"
#include "drivers/tty/vga.h"
#include "kernel/shell/shell.h"
#include "kernel/bench/bench.h"
#include "kernel/tests/kunit.h"

char boot_command_line[COMMAND_LINE_SIZE];
bool selftest_mode;
u32 total_ram_kib;

void early_irq_init(void);
void arch_early_irq_init(void);
void tsc_set_khz(u32 khz, u64 tsc_zero);

extern initcall_t __start_initcalls[], __stop_initcalls[];

/* The bootloader's line, then QEMU's fw_cfg file: later options override earlier ones. */
static void setup_command_line(const struct multiboot_info *mbi)
{
	char extra[COMMAND_LINE_SIZE];
	size_t n;

	if (mbi->flags & MULTIBOOT_INFO_CMDLINE)
		strlcpy(boot_command_line, (const char *)mbi->cmdline, sizeof(boot_command_line));
	if (fw_cfg_read_file("opt/irqlab/cmdline", extra, sizeof(extra)) >= 0) {
		n = strlen(boot_command_line);
		if (n + 1 + strlen(extra) >= sizeof(boot_command_line))
			pr_warn("cmdline: fw_cfg options do not fit; ignoring \"%s\"\n", extra);
		else
			snprintf(boot_command_line + n, sizeof(boot_command_line) - n, " %s", extra);
	}
	pr_info("Command line: %s\n", boot_command_line);
}

/* Returns the end of the RAM block that starts at 1 MiB (the kernel's), the RAM we map. */
static u32 scan_memory_map(const struct multiboot_info *mbi)
{
	u32 top = 0;

	if (mbi->flags & MULTIBOOT_INFO_MEM_MAP) {
		u32 p = mbi->mmap_addr, end = mbi->mmap_addr + mbi->mmap_length;

		pr_info("BIOS-provided physical RAM map:\n");
		while (p < end) {
			const struct multiboot_mmap_entry *e = (const void *)p;

			pr_info(" BIOS-e820: [mem 0x%08llx-0x%08llx] %s\n", e->addr,
				e->addr + e->len - 1,
				e->type == MULTIBOOT_MEMORY_AVAILABLE ? "usable" : "reserved");
			if (e->type == MULTIBOOT_MEMORY_AVAILABLE && e->addr <= 0x100000 &&
			    e->addr + e->len > 0x100000)
				top = (u32)MIN(e->addr + e->len, 0xffffffffull);
			p += e->size + sizeof(e->size);
		}
	}
	if (!top && (mbi->flags & MULTIBOOT_INFO_MEMORY))
		top = 0x100000 + mbi->mem_upper * 1024;
	if (!top)
		panic("no memory information from the bootloader");
	total_ram_kib = top / 1024;
	return top;
}

static void add_reason(char *why, size_t size, const char *reason)
{
	size_t n = strlen(why);

	snprintf(why + n, size - n, "%s%s", n ? "; " : "", reason);
}

/* irqchip=apic|pic: which controller delivers device interrupts. APIC mode (the default)
 * needs a local APIC (CPUID) and an IOAPIC (the ACPI MADT); without them the 8259 pair
 * does it, and the console says why. Drivers never know: they call request_irq(n, ...)
 * after this, whatever the answer. */
static enum apic_intr_mode_id apic_intr_mode_select(void)
{
	char opt[8] = "", why[192] = "";
	bool madt_ok = acpi_boot_init() == 0;  /* in either mode: its lines describe the machine */

	if (cmdline_get(boot_command_line, "irqchip", opt, sizeof(opt)) >= 0 &&
	    strcmp(opt, "apic") != 0 && strcmp(opt, "pic") != 0)
		pr_warn("irqchip=%s: expected apic or pic; choosing as if it were absent\n", opt);
	if (strcmp(opt, "pic") == 0) {
		add_reason(why, sizeof(why), "irqchip=pic on the command line");
	} else {
		if (!boot_cpu_has(X86_FEATURE_APIC))
			add_reason(why, sizeof(why), "no local APIC (CPUID.01h:EDX[9] is 0)");
		if (!madt_ok)
			add_reason(why, sizeof(why), acpi_error);
		else if (!acpi_madt.nr_ioapics)
			add_reason(why, sizeof(why), "the ACPI MADT lists no IOAPIC");
		if (!why[0] && (lapic_probe() < 0 || ioapic_probe() < 0))
			add_reason(why, sizeof(why), "the APIC registers cannot be used");
	}
	if (why[0]) {
		pr_info("irqchip: using the 8259 PIC (XT-PIC): %s\n", why);
		return APIC_PIC;
	}
	pr_info("irqchip: using the IO-APIC and the local APIC\n");
	return APIC_SYMMETRIC_IO;
}

static void run_initcalls(void)
{
	for (initcall_t *fn = __start_initcalls; fn < __stop_initcalls; fn++) {
		int ret = (*fn)();

		if (ret)
			pr_err("initcall %p returned %d\n", (void *)*fn, ret);
	}
}

static int selftest_thread(void *unused)
{
	char filter[128];
	int failed;

	(void)unused;
	if (cmdline_get(boot_command_line, "selftest", filter, sizeof(filter)) <= 0)
		filter[0] = '\0';
	failed = kunit_run_all(filter);
	qemu_exit(failed ? QEMU_EXIT_FAIL : QEMU_EXIT_PASS);
}

static int bench_thread(void *unused)
{
	(void)unused;
	qemu_exit(bench_run_all() ? QEMU_EXIT_FAIL : QEMU_EXIT_PASS);
}

static int shell_thread(void *unused)
{
	(void)unused;
	/* The test harness waits for this line before typing: print it even when 'quiet'. */
	pr_info("irqlab: ready\n");
	if (console_loglevel <= LOGLEVEL_INFO)
		kprintf("irqlab: ready\n");
	shell_run();
}

void kernel_main(u32 magic, const struct multiboot_info *mbi)
{
	struct task_struct *first;

	/* Output first, so anything that goes wrong from here on can be seen. */
	uart_early_init();
	vga_init();
	pr_info("irqlab: booting\n");
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("not started by a multiboot loader (magic 0x%08x)", magic);
	setup_command_line(mbi);
	selftest_mode = cmdline_has(boot_command_line, "selftest");
	if (cmdline_has(boot_command_line, "quiet"))
		console_loglevel = CONSOLE_LOGLEVEL_QUIET;

	/* CPU tables before anything can fault or interrupt; paging needs the RAM size. */
	gdt_init();
	arch_early_irq_init();
	idt_init();
	paging_init(scan_memory_map(mbi));
	mm_init(mbi);                   /* page allocator and kmalloc: RAM must be mapped */

	/* The boot code becomes pid 0 ("idle"), so 'current' means something before the
	 * first interrupt can ask. */
	sched_init();

	/* Interrupt controllers, then the lines that use them. The 8259s are initialised in
	 * both modes: in APIC mode they are left remapped and fully masked. The deferred-
	 * work machinery (timers, tasklets) must exist before the first tick raises its
	 * softirq. */
	early_irq_init();
	i8259_init();
	apic_intr_mode = apic_intr_mode_select();
	if (apic_intr_mode == APIC_SYMMETRIC_IO) {
		setup_local_APIC();
		setup_IO_APIC();
	} else {
		i8259_setup_irqs();
	}
	init_timers();
	tasklet_init_softirqs();

	if (boot_cpu_has(X86_FEATURE_TSC)) {
		tsc_set_khz(pit_calibrate_tsc_khz(), rdtsc());
		pr_info("tsc: %u.%03u MHz\n", tsc_khz / 1000, tsc_khz % 1000);
	} else {
		pr_info("tsc: this CPU has no time-stamp counter; time comes from jiffies\n");
	}
	pit_timer_init();
	uart_init_irq();

	local_irq_enable();
	if (cmdline_has(boot_command_line, "trace"))
		trace_start();          /* from the first interrupts on */
	/* Work queues exist from here (items may be queued; they run once workqueue_init()
	 * has made the kworkers). Not before: the queues are kmalloc(GFP_KERNEL)'d, which
	 * may sleep, so interrupts must be on. */
	workqueue_init_early();
	/* APIC mode: the PIT's ticks through the IOAPIC prove its routing (a failure is
	 * reported), then the LAPIC timer takes the tick over. In PIC mode the PIT stays
	 * the tick. */
	if (apic_intr_mode == APIC_SYMMETRIC_IO) {
		check_timer();
		setup_boot_APIC_clock();
	}
	calibrate_delay();
	softirq_init();                 /* ksoftirqd/0 */
	workqueue_init();               /* the first kworkers, before drivers queue work */
	smp_init();                     /* the other CPUs: their ticks need the calibration */
	run_initcalls();

	/* The shell (or the test suites, or the benchmarks) run as a thread; this boot
	 * thread becomes idle. */
	if (cmdline_has(boot_command_line, "bench"))
		first = kthread_run(bench_thread, NULL, "bench");
	else if (selftest_mode)
		first = kthread_run(selftest_thread, NULL, "selftest");
	else
		first = kthread_run(shell_thread, NULL, "shell");
	if (!first)
		panic("cannot create the first thread");
	cpu_idle();
}
