/* kernel/trace/trace.c - recording events into this CPU's ring (include/irqlab/trace.h).
 *
 * Each CPU has its own ring and writes only that one, with interrupts off, so a record
 * is never torn by an interrupt that records too and no CPU ever waits for another to
 * record. The rings are touched from outside only while recording is stopped and
 * quiesced (trace_quiesce()): a function call IPI to every CPU, which each takes only
 * between two records, after which no record is being written. Clearing them at `trace
 * start` is such a call too: each CPU clears its own ring, with interrupts off. */
#include <irqlab/irqflags.h>
#include <irqlab/percpu.h>
#include <irqlab/sched.h>
#include <irqlab/smp.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include <irqlab/trace.h>
#include "arch/x86/cpu.h"

struct trace_ring {
	struct trace_record rec[TRACE_RING_SIZE];
	u32 head;                       /* records ever written: the next goes at head % size */
	u32 overwritten;
	u32 dropped;                    /* not written: the ring was full and !overwrite */
};

/* Per-CPU, written by its own CPU only (see above). */
static DEFINE_PER_CPU(struct trace_ring, trace_rings);
bool trace_enabled;
/* Full rings: overwrite the oldest (true) or drop the new. Written only while stopped. */
static bool trace_overwrite;

void __trace_event(enum trace_type type, u32 a, u32 b)
{
	struct trace_ring *ring = this_cpu_ptr(&trace_rings);
	struct trace_record *r;
	unsigned long flags;

	if (!tsc_khz)
		return;                 /* no clock to stamp records with (a 486) */
	local_irq_save(flags);
	/* Again, with interrupts off: once trace_quiesce()'s IPI has been taken here, a
	 * record that began before trace_stop() cannot still be on its way into the ring. */
	if (unlikely(!READ_ONCE(trace_enabled)))
		goto out;
	if (ring->head >= TRACE_RING_SIZE) {
		if (!trace_overwrite) {
			ring->dropped++;
			goto out;
		}
		ring->overwritten++;
	}
	r = &ring->rec[ring->head % TRACE_RING_SIZE];
	ring->head++;
	r->tsc = rdtsc();
	r->type = (u16)type;
	r->cpu = (u16)smp_processor_id();
	r->a = a;
	r->b = b;
	r->pid = (u32)current->pid;
out:
	local_irq_restore(flags);
}

/* On each CPU, interrupts off: its own ring, emptied. */
static void trace_clear_this_cpu(void *unused)
{
	struct trace_ring *ring = this_cpu_ptr(&trace_rings);

	(void)unused;
	ring->head = 0;
	ring->overwritten = 0;
	ring->dropped = 0;
}

static void trace_nop(void *unused)
{
	(void)unused;
}

void trace_quiesce(void)
{
	trace_stop();
	on_each_cpu(trace_nop, NULL, true);
}

void trace_start(bool overwrite)
{
	trace_quiesce();
	trace_overwrite = overwrite;
	on_each_cpu(trace_clear_this_cpu, NULL, true);
	WRITE_ONCE(trace_enabled, true);
}

void trace_stop(void)
{
	WRITE_ONCE(trace_enabled, false);
}

u32 trace_overwritten(void)
{
	unsigned int cpu;
	u32 sum = 0;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu(trace_rings, cpu).overwritten);
	return sum;
}

u32 trace_dropped(void)
{
	unsigned int cpu;
	u32 sum = 0;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu(trace_rings, cpu).dropped);
	return sum;
}

unsigned int trace_ring_len(unsigned int cpu)
{
	return MIN(per_cpu(trace_rings, cpu).head, (u32)TRACE_RING_SIZE);
}

const struct trace_record *trace_ring_record(unsigned int cpu, unsigned int i)
{
	struct trace_ring *ring = &per_cpu(trace_rings, cpu);

	return &ring->rec[(ring->head - trace_ring_len(cpu) + i) % TRACE_RING_SIZE];
}

/* trace_read_new()'s work, on the ring's own CPU with interrupts off: between two
 * records, so the copy is never torn. */
struct trace_read {
	u32 *pos;
	struct trace_record *rec;
	unsigned int max, n;
	u32 lost;
};

static void trace_read_this_cpu(void *arg)
{
	struct trace_read *rd = arg;
	struct trace_ring *ring = this_cpu_ptr(&trace_rings);
	u32 head = ring->head, pos = *rd->pos;

	if (pos > head)                 /* cleared since (trace start): from the beginning */
		pos = 0;
	if (head - pos > TRACE_RING_SIZE) {     /* overwritten before they were read */
		rd->lost = head - pos - TRACE_RING_SIZE;
		pos = head - TRACE_RING_SIZE;
	}
	for (rd->n = 0; pos != head && rd->n < rd->max; pos++)
		rd->rec[rd->n++] = ring->rec[pos % TRACE_RING_SIZE];
	*rd->pos = pos;
}

unsigned int trace_read_new(unsigned int cpu, u32 *pos, struct trace_record *rec,
			    unsigned int max, u32 *lost)
{
	struct trace_read rd = { .pos = pos, .rec = rec, .max = max };

	if (smp_call_function_single(cpu, trace_read_this_cpu, &rd, true))
		return 0;
	*lost = rd.lost;
	return rd.n;
}
