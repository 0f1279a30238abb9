/* include/irqlab/bench_stamp.h - where one interrupt's cycles go, stage by stage.
 *
 * `make bench BREAKDOWN=1` builds a kernel with CONFIG_BENCH_BREAKDOWN, in which each
 * bench_stamp(BS_X) below reads the TSC into bench_stamps[BS_X]. The benchmarks that
 * raise an interrupt (kernel/bench/bench_irq.c, bench_irq_work.c) then report, beside each path's total,
 * the cycles between one stamp and the next: the ICR write, the entry stub, do_IRQ, the
 * flow handler, the handler, the EOI, irq_exit, the softirq loop, the tasklet, the way
 * back. In every other build bench_stamp() is nothing at all: a stamp costs an rdtsc
 * and a store (tens of cycles under TCG), which the hot paths do not pay for a
 * measurement nobody asked for.
 *
 * The stages are in the order one interrupt passes them; a sample whose stamps are out
 * of order (another interrupt came in between and stamped over them) is left out of the
 * breakdown, which says how many samples each stage kept. */
#ifndef IRQLAB_BENCH_STAMP_H
#define IRQLAB_BENCH_STAMP_H

#include <irqlab/percpu.h>
#include <irqlab/types.h>

enum bench_stage {
	BS_START,               /* the benchmark, just before irq_inject() */
	BS_INJECT,              /* apic_send_IPI_self, just before the ICR write */
	BS_ENTRY,               /* common_entry, after PUSHAD (entry.asm) */
	BS_DO_IRQ,              /* do_IRQ's first line */
	BS_FLOW,                /* generic_handle_irq, calling the flow handler */
	BS_ACTION,              /* handle_irq_event, calling the first action */
	BS_HANDLER,             /* the benchmark's handler (or irq_work function) */
	BS_ACTIONS_DONE,        /* handle_irq_event, the last action returned */
	BS_EOI,                 /* the flow handler, calling the chip's irq_eoi */
	BS_FLOW_DONE,           /* generic_handle_irq, the flow handler returned */
	BS_IRQ_EXIT,            /* irq_exit's first line */
	BS_SOFTIRQ,             /* __do_softirq, calling the pending softirq's action */
	BS_TASKLET,             /* tasklet_action_common's first line */
	BS_DEFERRED,            /* the benchmark's softirq action or tasklet function */
	BS_EXIT,                /* common_entry's way out, before POPAD (entry.asm) */
	BS_RETURNED,            /* the benchmark, irq_inject() returned */
	BS_NR
};

#ifdef CONFIG_BENCH_BREAKDOWN
/* Per-CPU: each CPU's interrupts stamp their own copy, so CPU 1's timer ticks leave the
 * benchmark's stamps on CPU 0 alone. Written by whichever code passes a stamp, read by
 * the benchmark between samples with interrupts on: an interrupt that came in between
 * stamps over some of them, its sample comes out out of order and is left out. */
DECLARE_PER_CPU(u32 [BS_NR], bench_stamps);

static inline void bench_stamp(enum bench_stage s)
{
	__asm__ __volatile__("rdtsc\n\t"
			     "movl %%eax, %%fs:%0"      /* the low half: a stage is short */
			     : : "m"(bench_stamps[s]) : "eax", "edx", "memory");
}
#else
static inline void bench_stamp(enum bench_stage s)
{
	(void)s;
}
#endif

#endif
