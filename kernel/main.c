/* kernel/main.c - start_kernel: from the bootloader's hand-off to the shell.
 *
 * The order matters and each step says why it comes where it does. What is particular
 * to the PC (multiboot, the memory map, the CPU tables, the ACPI tables, the choice of
 * interrupt controller, the clocks) is behind setup_arch(), init_IRQ(), time_init() and
 * late_time_init() (arch/x86/setup.c, irqinit.c, time.c).
 */
#include <irqlab/cmdline.h>
#include <irqlab/console.h>
#include <irqlab/init.h>
#include <irqlab/initramfs.h>
#include <irqlab/interrupt.h>
#include <irqlab/kthread.h>
#include <irqlab/lockdep.h>
#include <irqlab/panic.h>
#include <irqlab/sched.h>
#include <irqlab/smp.h>
#include <irqlab/softirq.h>
#include <irqlab/tasklet.h>
#include <irqlab/timer.h>
#include <irqlab/trace.h>
#include <irqlab/workqueue.h>
#include "drivers/misc/qemu_exit.h"
#include "drivers/tty/uart16550.h"
#include "drivers/tty/vga.h"
#include "kernel/shell/shell.h"
#include "kernel/bench/bench.h"
#include "kernel/tests/kunit.h"

char boot_command_line[COMMAND_LINE_SIZE];
bool selftest_mode;

extern initcall_t __start_initcalls[], __stop_initcalls[];

void parse_early_param(void)
{
	selftest_mode = cmdline_has(boot_command_line, "selftest");
	if (cmdline_has(boot_command_line, "quiet"))
		console_loglevel = CONSOLE_LOGLEVEL_QUIET;
	/* Before the first lock is taken, so the whole boot is checked. */
	prove_locking = cmdline_has(boot_command_line, "lockdep");
}

static void run_initcalls(void)
{
	for (initcall_t *fn = __start_initcalls; fn < __stop_initcalls; fn++) {
		int ret = (*fn)();

		if (ret)
			pr_err("initcall %p returned %d\n", (void *)*fn, ret);
	}
}

/* The suites selftest= names: as long as the command line itself, so no list is cut. */
static char selftest_filter[COMMAND_LINE_SIZE];

static int selftest_thread(void *unused)
{
	char *filter = selftest_filter;
	int failed;

	(void)unused;
	if (cmdline_get(boot_command_line, "selftest", filter, sizeof(selftest_filter)) <= 0)
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

/* The shell (or the test suites, or the benchmarks) runs as a thread; the boot thread
 * becomes idle. */
static __noreturn void rest_init(void)
{
	struct task_struct *first;
	bool on_boot_cpu = true;

	if (cmdline_has(boot_command_line, "bench")) {
		first = kthread_create(bench_thread, NULL, "bench");
	} else if (selftest_mode) {
		first = kthread_create(selftest_thread, NULL, "selftest");
	} else {
		first = kthread_create(shell_thread, NULL, "shell");
		on_boot_cpu = false;
	}
	if (!first)
		panic("cannot create the first thread");
	/* The suites and the benchmarks run on the boot CPU, as a harness pins itself
	 * (taskset): what they inject, time and count is on a CPU they know, and the cases
	 * about other CPUs say which they use. The shell goes where the scheduler puts it. */
	if (on_boot_cpu)
		(void)set_cpus_allowed_ptr(first, BIT(0));
	wake_up_process(first);
	cpu_idle();
}

void start_kernel(void)
{
	/* Output first, so anything that goes wrong from here on can be seen. */
	uart_early_init();
	vga_init();
	setup_arch();                   /* command line, CPU tables, RAM, ACPI tables */
	/* The file table is written here, before any other CPU or thread can read it. */
	initramfs_init();

	/* The boot code becomes pid 0 ("idle"), so 'current' means something before the
	 * first interrupt can ask. */
	sched_init();

	/* Interrupt controllers, then the lines that use them. The deferred-work
	 * machinery (timers, tasklets) must exist before the first tick raises its
	 * softirq. */
	early_irq_init();
	init_IRQ();
	init_timers();
	tasklet_init_softirqs();
	time_init();
	uart_init_irq();

	local_irq_enable();
	if (cmdline_has(boot_command_line, "trace"))
		trace_start(true);      /* from the first interrupts on */
	/* Work queues exist from here (items may be queued; they run once workqueue_init()
	 * has made the kworkers). Not before: the queues are kmalloc(GFP_KERNEL)'d, which
	 * may sleep, so interrupts must be on. */
	workqueue_init_early();
	late_time_init();               /* APIC mode: the LAPIC timer becomes the tick */
	calibrate_delay();
	softirq_init();                 /* ksoftirqd/0 */
	smp_init();                     /* the other CPUs: their ticks need the calibration */
	workqueue_init();               /* the first kworkers, every CPU's; before drivers */
	run_initcalls();
	modules_load_boot();            /* modules_load=: after the drivers they may use */
	rest_init();
}
