/* kernel/bench/bench.h - latency benchmarks ('bench' on the kernel command line).
 *
 * A benchmark fills BENCH_SAMPLES samples of one path's latency in TSC cycles; the
 * runner prints "bench: NAME cycles min=A p50=B p99=C n=N" for each and exits QEMU.
 * Register one with DEFINE_BENCH at file scope. A sample is usually the difference of
 * two rdtsc() readings, one where the path starts and one at its first instruction of
 * interest (bench_mark_start / bench_mark_end when the two are in different contexts). */
#ifndef KERNEL_BENCH_BENCH_H
#define KERNEL_BENCH_BENCH_H

#include <irqlab/types.h>
#include <irqlab/bench_stamp.h>
#include "arch/x86/cpu.h"

#define BENCH_SAMPLES   10000

struct bench {
	int order;              /* where its line comes in the report */
	const char *name;
	/* Fills samples[0..n) and returns n (< BENCH_SAMPLES only on failure: reported);
	 * -ENXIO: the path needs a second CPU and there is none, -ENODEV: it needs the
	 * LAPIC and this boot has the 8259 (both reported as skipped). */
	int (*run)(u32 *samples, int n);
};

#define DEFINE_BENCH(ident, order_, name_, fn)                                  \
	static const struct bench __bench_##ident                               \
	__attribute__((used, section("benches"), aligned(4))) = {               \
		.order = (order_), .name = (name_), .run = (fn) }

/* For paths that start in one context and end in another: the start reading, and the
 * end reading taken by the code being measured. */
extern volatile u64 bench_t0, bench_t1;

static inline void bench_mark_end(void)
{
	bench_t1 = rdtsc();
}

/* The tasklet the device-line and the irq_work benchmarks both schedule, from a
 * hard-IRQ context: bench_t0 is read just before tasklet_schedule(), and the tasklet's
 * first line is the sample's end. With cost, *cost gets the call's own cycles (one more
 * TSC read, which the latency samples are spared). */
void bench_schedule_tasklet(u64 *cost);

/* The work item both work-queue benchmarks queue from a hard-IRQ context: bench_t0 is
 * read just before queue_work(), the item's first line ends the sample. Reset before each
 * sample; wait is true once the item ran, false if it did not within a second (a broken
 * path, not a number). */
struct workqueue_struct;
void bench_queue_work(struct workqueue_struct *wq);
void bench_work_reset(void);
bool bench_work_wait(void);

/* make bench BREAKDOWN=1 (include/irqlab/bench_stamp.h): a benchmark that raises an
 * interrupt brackets each sample with these, and the runner prints, after the path's
 * line, the p50 of each stage the stamps saw. Nothing in other builds. */
#ifdef CONFIG_BENCH_BREAKDOWN
void bench_breakdown_begin(void);       /* clears this CPU's stamps, stamps BS_START */
void bench_breakdown_end(void);         /* stamps BS_RETURNED, files the stages */
#else
static inline void bench_breakdown_begin(void) { }
static inline void bench_breakdown_end(void) { }
#endif

/* Runs every benchmark and prints the lines. Returns the number that failed. */
int bench_run_all(void);

#endif
