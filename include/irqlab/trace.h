/* include/irqlab/trace.h - the event trace: what ran, in which context, and when.
 *
 * A ring per CPU of fixed-size records, each stamped with the TSC: hard-IRQ entry and
 * exit, softirq raise/entry/exit, tasklet entry/exit (and found running on another CPU),
 * work items queued/started/ended, ksoftirqd wake-ups, context switches and exceptions. `trace start`, `trace stop` and
 * `trace dump` at the shell ('trace' on the command line starts it at boot); the dump is
 * Chrome trace-event JSON, which Perfetto and chrome://tracing open as it is.
 *
 * Cheap enough to leave on: off, a trace point is one load and a branch; on, an rdtsc
 * and a 24-byte store with interrupts held off for those few instructions (measured by
 * 'bench' with and without 'trace'). A full ring overwrites its oldest records (or drops
 * new ones) and counts them, so the dump says how much history was lost. */
#ifndef IRQLAB_TRACE_H
#define IRQLAB_TRACE_H

#include <irqlab/types.h>

enum trace_type {
	TRACE_IRQ_ENTRY = 1,    /* a: line (or -1 for a system vector), b: vector */
	TRACE_IRQ_EXIT,         /* a: line, b: vector */
	TRACE_SOFTIRQ_RAISE,    /* a: softirq vector */
	TRACE_SOFTIRQ_ENTRY,    /* a: softirq vector */
	TRACE_SOFTIRQ_EXIT,     /* a: softirq vector */
	TRACE_TASKLET_ENTRY,    /* a: function address, b: tasklet address */
	TRACE_TASKLET_EXIT,     /* a: function address, b: tasklet address */
	TRACE_WORK_QUEUE,       /* a: function address, b: work item address */
	TRACE_WORK_START,       /* a: function address, b: work item address */
	TRACE_WORK_END,         /* a: function address, b: work item address */
	TRACE_KSOFTIRQD_WAKE,   /* a: pending mask */
	TRACE_SCHED_SWITCH,     /* a: previous pid, b: next pid */
	TRACE_EXCEPTION,        /* a: vector, b: EIP */
	TRACE_IRQ_THREAD_ENTRY, /* a: line, b: thread_fn address */
	TRACE_IRQ_THREAD_EXIT,  /* a: line, b: thread_fn address */
	TRACE_TASKLET_RUN_HELD, /* a: function address, b: tasklet address: found running
				 * on another CPU and requeued */
	NR_TRACE_TYPES
};

struct trace_record {
	u64 tsc;
	u16 type;
	u16 cpu;
	u32 a;
	u32 b;
	u32 pid;                /* the thread that was current (interrupts run on its stack) */
};

extern bool trace_enabled;

void __trace_event(enum trace_type type, u32 a, u32 b);

/* The trace point: nearly free when tracing is off. Any context. */
static inline void trace_event(enum trace_type type, u32 a, u32 b)
{
	if (unlikely(READ_ONCE(trace_enabled)))
		__trace_event(type, a, b);
}

#define TRACE_RING_SIZE 4096            /* records per CPU: a power of two */

/* Clears every CPU's ring and starts recording. A full ring overwrites its oldest records, or
 * with !overwrite keeps them and drops the new ones (Linux's tracefs option "overwrite"):
 * to see how something starts that then floods the ring (demo softirq-storm). */
void trace_start(bool overwrite);
void trace_stop(void);
/* Stops recording and waits until no CPU is writing a record: then every ring may be
 * read. Process context, interrupts on (it sends a function call IPI). */
void trace_quiesce(void);
/* Prints every CPU's ring, merged in time, as Chrome trace-event JSON between two
 * marker lines. Process context. */
void trace_dump(void);

/* After trace_quiesce(): how many records cpu's ring holds, and the i-th oldest. */
unsigned int trace_ring_len(unsigned int cpu);
const struct trace_record *trace_ring_record(unsigned int cpu, unsigned int i);
/* While recording goes on: copies up to max of cpu's records from *pos (the count of
 * its records already read, 0 at first) into rec[], and advances *pos. Records
 * overwritten before they were read are counted in *lost. Process context, interrupts
 * on (the copy is made on cpu, by a function call IPI). */
unsigned int trace_read_new(unsigned int cpu, u32 *pos, struct trace_record *rec,
			    unsigned int max, u32 *lost);
/* A record as one Chrome trace-event JSON object (no separator), for trace_dump() and
 * for the viewer stream (kernel/trace/trace_stream.c); ns: its time since the first.
 * Some records (a context switch) are two events: each goes to out(line, arg). */
void trace_record_json(const struct trace_record *r, u64 ns,
		       void (*out)(const char *event, void *arg), void *arg);
/* Summed over the CPUs. */
u32 trace_overwritten(void);
u32 trace_dropped(void);

#endif
