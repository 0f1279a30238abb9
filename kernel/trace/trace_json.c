/* kernel/trace/trace_json.c - `trace dump`: the rings as Chrome trace-event JSON.
 *
 * Each CPU is a "process" ("pid" N: irqlab CPUN), and its lanes (the "tid" of each
 * event) are contexts on that CPU: 1 hard IRQ, 2 softirq, 3 tasklet, and 100 + pid for
 * each thread that ran there, so a viewer shows IRQ 1 -> tasklet -> work item as boxes on
 * separate rows, left to right in time, and the CPUs one under the other: one softirq
 * running on two CPUs at once, a tasklet running on one CPU while the other finds it
 * held. Softirqs that ksoftirqd/N runs go in its own lane: a storm's hand-over from
 * irq_exit to the thread shows as a move from lane to lane. The CPUs' rings are merged by
 * TSC (QEMU and SMP PCs keep the CPUs' TSCs in step).
 * Interrupts on a LAPIC vector are named after the vector map (arch/x86/irq_vectors.h).
 * The same objects, one a line, make the viewer stream's events (trace_stream.c).
 * Entry/exit pairs become "B"/"E" events; raises, queueing, wake-ups and exceptions are
 * instants ("i"); a thread's lane shows when it ran (from the context switches). Timestamps are microseconds since the first record.
 */
#include <irqlab/kallsyms.h>
#include <irqlab/kthread.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/softirq.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include <irqlab/trace.h>
#include <irqlab/vsprintf.h>
#include <irqlab/irqdesc.h>
#include "arch/x86/irq_vectors.h"

#define LANE_HARDIRQ    1
#define LANE_SOFTIRQ    2
#define LANE_TASKLET    3
#define LANE_THREAD(pid) (100 + (pid))

/* Where a record's events go: trace_dump()'s console, or the viewer stream. */
struct emitter {
	void (*out)(const char *event, void *arg);
	void *arg;
	unsigned int cpu;               /* the record's CPU: the "pid" of its events */
};

static void emit(const struct emitter *em, const char *ph, const char *name, u32 lane,
		 u64 ns, const char *args)
{
	char event[224];

	snprintf(event, sizeof(event),
		 "{\"ph\":\"%s\",\"name\":\"%s\",\"pid\":%u,\"tid\":%u,\"ts\":%llu.%03llu%s%s%s}",
		 ph, name, em->cpu, lane, ns / 1000, ns % 1000,
		 args ? ",\"args\":{" : "", args ? args : "", args ? "}" : "");
	em->out(event, em->arg);
}

static void emit_lane_name(unsigned int cpu, u32 lane, const char *name)
{
	kprintf(",{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%u,\"tid\":%u,"
		"\"args\":{\"name\":\"%s\"}}\n", cpu, lane, name);
	kprintf(",{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":%u,\"tid\":%u,"
		"\"args\":{\"sort_index\":%u}}\n", cpu, lane, lane);
}

/* Does cpu's ring put anything in pid's thread lane? */
static bool lane_used(unsigned int cpu, u32 pid)
{
	for (unsigned int i = 0; i < trace_ring_len(cpu); i++) {
		const struct trace_record *r = trace_ring_record(cpu, i);

		if (r->type == TRACE_SCHED_SWITCH ? (r->a == pid || r->b == pid) : r->pid == pid)
			return true;
	}
	return false;
}

/* A thread's lane on a CPU, named if the thread shows there. */
static void name_thread_lane(struct task_struct *t, void *arg)
{
	unsigned int cpu = *(unsigned int *)arg;
	char comm[64], name[80];        /* 64: a kthread's full name, as ps shows it */

	/* Every idle thread is pid 0: the lane is this CPU's own. */
	if ((t->pid == 0 && t != idle_task(cpu)) || !lane_used(cpu, (u32)t->pid))
		return;
	get_kthread_comm(comm, sizeof(comm), t);
	snprintf(name, sizeof(name), "%s (pid %d)", comm, t->pid);
	emit_lane_name(cpu, LANE_THREAD(t->pid), name);
}

static bool run_by_ksoftirqd(const struct trace_record *r)
{
	struct task_struct *k = ksoftirqd_of(r->cpu);

	return k && r->pid == (u32)k->pid;
}

/* The LAPIC's own vectors, as /proc/interrupts names their rows (LOC, ERR, SPU). */
static const char *system_vector_name(u32 vector)
{
	switch (vector) {
	case LOCAL_TIMER_VECTOR:
		return " local timer";
	case ERROR_APIC_VECTOR:
		return " APIC error";
	case SPURIOUS_APIC_VECTOR:
		return " spurious";
	}
	return "";
}

static void irq_name(char *buf, size_t len, u32 irq, u32 vector)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if ((s32)irq < 0)
		snprintf(buf, len, "vector 0x%02x%s", vector, system_vector_name(vector));
	else if (desc && desc->action)
		snprintf(buf, len, "IRQ %u %s", irq, desc->action->name);
	else
		snprintf(buf, len, "IRQ %u", irq);
}

/* A kernel function's name, a module's ("hello_interrupt_tasklet"), or the address. */
static void symbol_name(char *buf, size_t len, u32 addr)
{
	const char *s = kallsyms_lookup(addr, NULL, NULL);

	if (s)
		snprintf(buf, len, "%s", s);
	else if (!module_sprint_address(buf, len, addr))
		snprintf(buf, len, "0x%08x", addr);
}

void trace_record_json(const struct trace_record *r, u64 ns,
		       void (*out)(const char *event, void *arg), void *arg)
{
	const struct emitter em = { .out = out, .arg = arg, .cpu = r->cpu };
	const struct emitter *e = &em;
	char name[64], args[64];

	switch (r->type) {
	case TRACE_IRQ_ENTRY:
	case TRACE_IRQ_EXIT:
		irq_name(name, sizeof(name), r->a, r->b);
		snprintf(args, sizeof(args), "\"vector\":%u", r->b);
		emit(e, r->type == TRACE_IRQ_ENTRY ? "B" : "E", name, LANE_HARDIRQ, ns, args);
		break;
	case TRACE_SOFTIRQ_ENTRY:
	case TRACE_SOFTIRQ_EXIT:
		emit(e, r->type == TRACE_SOFTIRQ_ENTRY ? "B" : "E",
		     r->a < NR_SOFTIRQS ? softirq_to_name[r->a] : "?",
		     run_by_ksoftirqd(r) ? LANE_THREAD(r->pid) : LANE_SOFTIRQ,
		     ns, NULL);
		break;
	case TRACE_SOFTIRQ_RAISE:
		snprintf(name, sizeof(name), "raise %s", r->a < NR_SOFTIRQS ? softirq_to_name[r->a] : "?");
		emit(e, "i", name, LANE_SOFTIRQ, ns, NULL);
		break;
	case TRACE_TASKLET_ENTRY:
	case TRACE_TASKLET_EXIT:
		symbol_name(name, sizeof(name), r->a);
		snprintf(args, sizeof(args), "\"tasklet\":\"0x%08x\"", r->b);
		emit(e, r->type == TRACE_TASKLET_ENTRY ? "B" : "E", name, LANE_TASKLET, ns, args);
		break;
	case TRACE_TASKLET_RUN_HELD:
		symbol_name(args, sizeof(args), r->a);
		snprintf(name, sizeof(name), "RUN held: requeue %s", args);
		snprintf(args, sizeof(args), "\"tasklet\":\"0x%08x\"", r->b);
		emit(e, "i", name, LANE_TASKLET, ns, args);
		break;
	case TRACE_WORK_QUEUE:
		symbol_name(args, sizeof(args), r->a);
		snprintf(name, sizeof(name), "queue_work %s", args);
		emit(e, "i", name, LANE_THREAD(r->pid), ns, NULL);
		break;
	case TRACE_WORK_START:
	case TRACE_WORK_END:
		symbol_name(name, sizeof(name), r->a);
		snprintf(args, sizeof(args), "\"work\":\"0x%08x\"", r->b);
		emit(e, r->type == TRACE_WORK_START ? "B" : "E", name, LANE_THREAD(r->pid), ns, args);
		break;
	case TRACE_IRQ_THREAD_ENTRY:
	case TRACE_IRQ_THREAD_EXIT:
		symbol_name(name, sizeof(name), r->b);
		emit(e, r->type == TRACE_IRQ_THREAD_ENTRY ? "B" : "E", name, LANE_THREAD(r->pid), ns, NULL);
		break;
	case TRACE_KSOFTIRQD_WAKE:
		emit(e, "i", "wake ksoftirqd", LANE_SOFTIRQ, ns, NULL);
		break;
	case TRACE_SCHED_SWITCH:
		emit(e, "E", "running", LANE_THREAD(r->a), ns, NULL);
		emit(e, "B", "running", LANE_THREAD(r->b), ns, NULL);
		break;
	case TRACE_EXCEPTION:
		snprintf(name, sizeof(name), "exception %u", r->a);
		snprintf(args, sizeof(args), "\"eip\":\"0x%08x\"", r->b);
		emit(e, "i", name, LANE_THREAD(r->pid), ns, args);
		break;
	default:
		break;
	}
}

/* The CPU whose next record is the oldest of all CPUs' next ones, or -1 when none is
 * left: the rings are each in time order, so this merges them. */
static int next_cpu(const unsigned int *next)
{
	unsigned int cpu;
	int best = -1;

	for_each_online_cpu(cpu) {
		if (next[cpu] >= trace_ring_len(cpu))
			continue;
		if (best < 0 || trace_ring_record(cpu, next[cpu])->tsc <
				trace_ring_record((unsigned int)best, next[best])->tsc)
			best = (int)cpu;
	}
	return best;
}

static void dump_out(const char *event, void *unused)
{
	(void)unused;
	kprintf(",%s\n", event);
}

void trace_dump(void)
{
	bool was_on = trace_enabled;
	int saved_loglevel = console_loglevel;
	unsigned int next[NR_CPUS] = { 0 }, n = 0, cpu;
	u64 tsc0 = ~0ull;
	int c;

	/* Stop recording while the dump is taken, and keep log lines off the console while
	 * it prints, so nothing lands in the middle of the JSON (dmesg still has them). */
	trace_quiesce();
	for_each_online_cpu(cpu) {
		n += trace_ring_len(cpu);
		if (trace_ring_len(cpu))
			tsc0 = MIN(tsc0, trace_ring_record(cpu, 0)->tsc);
	}
	console_loglevel = 0;
	kprintf("---8<--- irqlab trace begin: %u records, %u overwritten, %u dropped, "
		"TSC %u kHz ---\n", n, trace_overwritten(), trace_dropped(), tsc_khz);
	kprintf("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
	kprintf("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":0,\"args\":{\"name\":\"irqlab CPU0\"}}\n");
	for_each_online_cpu(cpu) {
		if (cpu)
			kprintf(",{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%u,"
				"\"args\":{\"name\":\"irqlab CPU%u\"}}\n", cpu, cpu);
		kprintf(",{\"ph\":\"M\",\"name\":\"process_sort_index\",\"pid\":%u,"
			"\"args\":{\"sort_index\":%u}}\n", cpu, cpu);
		emit_lane_name(cpu, LANE_HARDIRQ, "hard IRQ");
		emit_lane_name(cpu, LANE_SOFTIRQ, "softirq");
		emit_lane_name(cpu, LANE_TASKLET, "tasklet");
		for_each_task(name_thread_lane, &cpu);
	}
	while ((c = next_cpu(next)) >= 0) {
		const struct trace_record *r = trace_ring_record((unsigned int)c, next[c]++);

		trace_record_json(r, ((r->tsc - tsc0) * 1000000ull) / tsc_khz, dump_out, NULL);
	}
	kprintf("]}\n---8<--- irqlab trace end ---\n");
	console_loglevel = saved_loglevel;
	if (was_on)
		WRITE_ONCE(trace_enabled, true);
}
