/* kernel/trace/trace.c - recording events into this CPU's ring (include/irqlab/trace.h).
 *
 * The ring belongs to one CPU and is written with interrupts off, so a record is never
 * torn by an interrupt that records too: on one CPU that is all the locking needed, and
 * on SMP each CPU still writes only its own ring. */
#include <irqlab/irqflags.h>
#include <irqlab/percpu.h>
#include <irqlab/sched.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include <irqlab/trace.h>
#include "arch/x86/cpu.h"

#define TRACE_RING_SIZE 4096            /* records per CPU: a power of two */

struct trace_ring {
	struct trace_record rec[TRACE_RING_SIZE];
	u32 head;                       /* records ever written: the next goes at head % size */
	u32 overwritten;
	u32 dropped;                    /* not written: the ring was full and !overwrite */
	bool overwrite;                 /* full: overwrite the oldest (true) or drop the new */
};

static DEFINE_PER_CPU(struct trace_ring, trace_rings);
bool trace_enabled;

void __trace_event(enum trace_type type, u32 a, u32 b)
{
	struct trace_ring *ring = this_cpu_ptr(&trace_rings);
	struct trace_record *r;
	unsigned long flags;

	if (!tsc_khz)
		return;                 /* no clock to stamp records with (a 486) */
	local_irq_save(flags);
	if (ring->head >= TRACE_RING_SIZE) {
		if (!ring->overwrite) {
			ring->dropped++;
			local_irq_restore(flags);
			return;
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
	local_irq_restore(flags);
}

void trace_start(bool overwrite)
{
	struct trace_ring *ring = this_cpu_ptr(&trace_rings);
	unsigned long flags;

	local_irq_save(flags);
	ring->head = 0;
	ring->overwritten = 0;
	ring->dropped = 0;
	ring->overwrite = overwrite;
	WRITE_ONCE(trace_enabled, true);
	local_irq_restore(flags);
}

void trace_stop(void)
{
	WRITE_ONCE(trace_enabled, false);
}

u32 trace_overwritten(void)
{
	return this_cpu_ptr(&trace_rings)->overwritten;
}

u32 trace_dropped(void)
{
	return this_cpu_ptr(&trace_rings)->dropped;
}

unsigned int trace_snapshot(struct trace_record *out, unsigned int max)
{
	struct trace_ring *ring = this_cpu_ptr(&trace_rings);
	unsigned long flags;
	unsigned int n, first;

	local_irq_save(flags);
	n = MIN(ring->head, (u32)TRACE_RING_SIZE);
	first = ring->head - n;
	if (n > max) {
		first += n - max;
		n = max;
	}
	for (unsigned int i = 0; i < n; i++)
		out[i] = ring->rec[(first + i) % TRACE_RING_SIZE];
	local_irq_restore(flags);
	return n;
}
