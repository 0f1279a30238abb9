/* kernel/trace/trace_json.c - `trace dump`: the ring as Chrome trace-event JSON.
 *
 * Lanes (the "tid" of each event) are contexts: 1 hard IRQ, 2 softirq, 3 tasklet, and
 * 100 + pid for each thread, so a viewer shows IRQ 1 -> tasklet -> work item as boxes on
 * separate rows, left to right in time. Softirqs that ksoftirqd runs go in its own lane:
 * a storm's hand-over from irq_exit to the thread shows as a move from lane to lane.
 * Interrupts on a LAPIC vector are named after the vector map (arch/x86/irq_vectors.h).
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

static struct trace_record snap[4096];
static bool first_event;

static void emit(const char *ph, const char *name, u32 lane, u64 ns, const char *args)
{
	kprintf("%s{\"ph\":\"%s\",\"name\":\"%s\",\"pid\":0,\"tid\":%u,\"ts\":%llu.%03llu%s%s%s}\n",
		first_event ? "" : ",", ph, name, lane, ns / 1000, ns % 1000,
		args ? ",\"args\":{" : "", args ? args : "", args ? "}" : "");
	first_event = false;
}

static void emit_lane_name(u32 lane, const char *name)
{
	kprintf("%s{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":0,\"tid\":%u,"
		"\"args\":{\"name\":\"%s\"}}\n", first_event ? "" : ",", lane, name);
	kprintf(",{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":0,\"tid\":%u,"
		"\"args\":{\"sort_index\":%u}}\n", lane, lane);
	first_event = false;
}

static void name_thread_lane(struct task_struct *t, void *arg)
{
	char comm[64], name[80];        /* 64: a kthread's full name, as ps shows it */

	(void)arg;
	get_kthread_comm(comm, sizeof(comm), t);
	snprintf(name, sizeof(name), "%s (pid %d)", comm, t->pid);
	emit_lane_name(LANE_THREAD(t->pid), name);
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

static void symbol_name(char *buf, size_t len, u32 addr)
{
	const char *s = kallsyms_lookup(addr, NULL, NULL);

	snprintf(buf, len, "%s", s ? s : "?");
	if (!s)
		snprintf(buf, len, "0x%08x", addr);
}

static void emit_record(const struct trace_record *r, u64 ns)
{
	char name[64], args[64];

	switch (r->type) {
	case TRACE_IRQ_ENTRY:
	case TRACE_IRQ_EXIT:
		irq_name(name, sizeof(name), r->a, r->b);
		snprintf(args, sizeof(args), "\"vector\":%u", r->b);
		emit(r->type == TRACE_IRQ_ENTRY ? "B" : "E", name, LANE_HARDIRQ, ns, args);
		break;
	case TRACE_SOFTIRQ_ENTRY:
	case TRACE_SOFTIRQ_EXIT:
		emit(r->type == TRACE_SOFTIRQ_ENTRY ? "B" : "E",
		     r->a < NR_SOFTIRQS ? softirq_to_name[r->a] : "?",
		     r->pid == (u32)ksoftirqd_task()->pid ? LANE_THREAD(r->pid) : LANE_SOFTIRQ,
		     ns, NULL);
		break;
	case TRACE_SOFTIRQ_RAISE:
		snprintf(name, sizeof(name), "raise %s", r->a < NR_SOFTIRQS ? softirq_to_name[r->a] : "?");
		emit("i", name, LANE_SOFTIRQ, ns, NULL);
		break;
	case TRACE_TASKLET_ENTRY:
	case TRACE_TASKLET_EXIT:
		symbol_name(name, sizeof(name), r->a);
		snprintf(args, sizeof(args), "\"tasklet\":\"0x%08x\"", r->b);
		emit(r->type == TRACE_TASKLET_ENTRY ? "B" : "E", name, LANE_TASKLET, ns, args);
		break;
	case TRACE_WORK_QUEUE:
		symbol_name(args, sizeof(args), r->a);
		snprintf(name, sizeof(name), "queue_work %s", args);
		emit("i", name, LANE_THREAD(r->pid), ns, NULL);
		break;
	case TRACE_WORK_START:
	case TRACE_WORK_END:
		symbol_name(name, sizeof(name), r->a);
		snprintf(args, sizeof(args), "\"work\":\"0x%08x\"", r->b);
		emit(r->type == TRACE_WORK_START ? "B" : "E", name, LANE_THREAD(r->pid), ns, args);
		break;
	case TRACE_IRQ_THREAD_ENTRY:
	case TRACE_IRQ_THREAD_EXIT:
		symbol_name(name, sizeof(name), r->b);
		emit(r->type == TRACE_IRQ_THREAD_ENTRY ? "B" : "E", name, LANE_THREAD(r->pid), ns, NULL);
		break;
	case TRACE_KSOFTIRQD_WAKE:
		emit("i", "wake ksoftirqd", LANE_SOFTIRQ, ns, NULL);
		break;
	case TRACE_SCHED_SWITCH:
		emit("E", "running", LANE_THREAD(r->a), ns, NULL);
		emit("B", "running", LANE_THREAD(r->b), ns, NULL);
		break;
	case TRACE_EXCEPTION:
		snprintf(name, sizeof(name), "exception %u", r->a);
		snprintf(args, sizeof(args), "\"eip\":\"0x%08x\"", r->b);
		emit("i", name, LANE_THREAD(r->pid), ns, args);
		break;
	default:
		break;
	}
}

void trace_dump(void)
{
	bool was_on = trace_enabled;
	int saved_loglevel = console_loglevel;
	unsigned int n;
	u64 tsc0;

	/* Stop recording while the dump is taken, and keep log lines off the console while
	 * it prints, so nothing lands in the middle of the JSON (dmesg still has them). */
	trace_stop();
	n = trace_snapshot(snap, ARRAY_SIZE(snap));
	console_loglevel = 0;
	kprintf("---8<--- irqlab trace begin: %u records, %u overwritten, %u dropped, "
		"TSC %u kHz ---\n", n, trace_overwritten(), trace_dropped(), tsc_khz);
	kprintf("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
	first_event = true;
	kprintf("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":0,\"args\":{\"name\":\"irqlab CPU0\"}}\n");
	first_event = false;
	emit_lane_name(LANE_HARDIRQ, "hard IRQ");
	emit_lane_name(LANE_SOFTIRQ, "softirq");
	emit_lane_name(LANE_TASKLET, "tasklet");
	for_each_task(name_thread_lane, NULL);
	tsc0 = n ? snap[0].tsc : 0;
	for (unsigned int i = 0; i < n; i++)
		emit_record(&snap[i], ((snap[i].tsc - tsc0) * 1000000ull) / tsc_khz);
	kprintf("]}\n---8<--- irqlab trace end ---\n");
	console_loglevel = saved_loglevel;
	if (was_on)
		WRITE_ONCE(trace_enabled, true);
}
