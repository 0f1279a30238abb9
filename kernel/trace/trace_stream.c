/* kernel/trace/trace_stream.c - the viewer stream: what a page beside the console shows
 * (the web build's /proc panels and timeline, docs/web.md), on a serial port of its own,
 * so the student's console is never interrupted by it.
 *
 * `stream=ttyS1` on the command line starts tracing and a thread, "stream", that every
 * STREAM_PERIOD_MS writes to COM2, one record a line:
 *
 *   S irqlab-stream 1 cpus N          once, first: the format's version, the CPU count
 *   P /proc/interrupts N              the file changed: its N lines follow, each as
 *   |            CPU0       CPU1        "|" and the line as `cat` prints it
 *   N pid comm                        a thread the events below may name (once each)
 *   T {"ph":"B","name":"IRQ 1 i8042",...}
 *                                     a trace event, the Chrome trace-event object of
 *                                     `trace dump` (kernel/trace/trace_json.c); "ts" in
 *                                     microseconds since the stream started
 *   L cpu n                           n of cpu's records were overwritten unread
 *
 * The thread reads each CPU's ring while recording goes on (trace_read_new()): the cost
 * to the interrupt paths is that of tracing being on, nothing more. Everything here runs
 * in that one thread, so its buffers need no lock. */
#include <irqlab/cmdline.h>
#include <irqlab/errno.h>
#include <irqlab/init.h>
#include <irqlab/kthread.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/seq_file.h>
#include <irqlab/smp.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include <irqlab/trace.h>
#include <irqlab/vsprintf.h>
#include "arch/x86/cpu.h"
#include "drivers/tty/uart16550.h"

#define STREAM_PERIOD_MS        250
#define STREAM_CHUNK            256     /* records read from a ring at a time */
#define STREAM_CHUNKS_MAX       8       /* per ring and period: a flood cannot starve the
					 * /proc panels; what is left waits, or is lost */
#define STREAM_FILE_SIZE        4096

/* The thread's own state: only the stream thread touches any of it. */
static const char *const stream_files[] = { "/proc/interrupts", "/proc/softirqs" };
static char stream_last[ARRAY_SIZE(stream_files)][STREAM_FILE_SIZE];
static char stream_now[STREAM_FILE_SIZE];
static struct trace_record stream_chunk[STREAM_CHUNK];
static u32 stream_pos[NR_CPUS];
static int stream_last_pid;             /* threads up to this pid have been named */
static u64 stream_tsc0;

static void stream_write(const char *s)
{
	uart_port_write(COM2_BASE, s, strlen(s));
}

static void stream_printf(const char *fmt, ...) __printf(1, 2);
static void stream_printf(const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	stream_write(line);
}

static void stream_file(unsigned int i)
{
	const struct proc_file *f = proc_file_find(stream_files[i]);
	struct seq_file m = { .buf = stream_now, .size = sizeof(stream_now) };
	unsigned int lines = 0;
	char *line, *end;

	if (!f)
		return;
	proc_file_show(f, &m);
	stream_now[m.count] = '\0';
	if (strcmp(stream_now, stream_last[i]) == 0)
		return;
	memcpy(stream_last[i], stream_now, m.count + 1);
	for (size_t c = 0; c < m.count; c++)
		lines += stream_now[c] == '\n';
	stream_printf("P %s %u\n", stream_files[i], lines);
	for (line = stream_now; (end = strchr(line, '\n')); line = end + 1) {
		stream_write("|");
		uart_port_write(COM2_BASE, line, end + 1 - line);
	}
}

static void stream_name_thread(struct task_struct *t, void *arg)
{
	int *newest = arg;
	char comm[64];

	if (t->pid <= stream_last_pid)
		return;
	get_kthread_comm(comm, sizeof(comm), t);
	stream_printf("N %d %s\n", t->pid, comm);
	if (t->pid > *newest)
		*newest = t->pid;
}

static void stream_event(const char *event, void *unused)
{
	(void)unused;
	stream_write("T ");
	stream_write(event);
	stream_write("\n");
}

static void stream_events(unsigned int cpu)
{
	unsigned int n, chunks = 0;
	u32 lost;

	do {
		n = trace_read_new(cpu, &stream_pos[cpu], stream_chunk, STREAM_CHUNK, &lost);
		if (lost)
			stream_printf("L %u %u\n", cpu, lost);
		for (unsigned int i = 0; i < n; i++) {
			const struct trace_record *r = &stream_chunk[i];
			u64 ns = r->tsc > stream_tsc0 ? tsc_cycles_to_ns(r->tsc - stream_tsc0) : 0;

			trace_record_json(r, ns, stream_event, NULL);
		}
	} while (n == STREAM_CHUNK && ++chunks < STREAM_CHUNKS_MAX);
}

static int stream_thread(void *unused)
{
	unsigned int cpu;

	(void)unused;
	stream_printf("S irqlab-stream 1 cpus %u\n", num_online_cpus());
	for (;;) {
		int newest = stream_last_pid;

		for (unsigned int i = 0; i < ARRAY_SIZE(stream_files); i++)
			stream_file(i);
		for_each_task(stream_name_thread, &newest);
		stream_last_pid = newest;
		for_each_online_cpu(cpu)
			stream_events(cpu);
		msleep(STREAM_PERIOD_MS);
	}
	return 0;
}

static int stream_init(void)
{
	char port[16];

	if (cmdline_get(boot_command_line, "stream", port, sizeof(port)) < 0)
		return 0;
	if (strcmp(port, "ttyS1") != 0) {
		pr_err("stream: stream=%s: the viewer stream goes to ttyS1 (COM2) only\n", port);
		return -EINVAL;
	}
	if (!uart_port_init_output(COM2_BASE)) {
		pr_err("stream: no UART at COM2 (0x%x): no viewer stream\n", COM2_BASE);
		return -ENODEV;
	}
	if (!tsc_khz) {
		pr_err("stream: no TSC to time events with: no viewer stream\n");
		return -ENODEV;
	}
	stream_tsc0 = rdtsc();
	if (!READ_ONCE(trace_enabled))
		trace_start(true);
	if (!kthread_run(stream_thread, NULL, "stream")) {
		pr_err("stream: cannot start its thread\n");
		return -ENOMEM;
	}
	pr_info("stream: /proc/interrupts, /proc/softirqs and trace events on ttyS1 every "
		"%u ms\n", STREAM_PERIOD_MS);
	return 0;
}
device_initcall(stream_init);
