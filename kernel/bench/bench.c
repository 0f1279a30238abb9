/* kernel/bench/bench.c - running the benchmarks and summarising their samples. */
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/time.h>
#include <irqlab/errno.h>
#include <irqlab/string.h>
#include <irqlab/tasklet.h>
#include <irqlab/workqueue.h>
#include "bench.h"

extern const struct bench __start_benches[], __stop_benches[];

volatile u64 bench_t0, bench_t1;
static u32 samples[BENCH_SAMPLES];

static void bench_tasklet_fn(struct tasklet_struct *t)
{
	(void)t;
	bench_mark_end();
	bench_stamp(BS_DEFERRED);
}

static DECLARE_TASKLET(bench_tasklet, bench_tasklet_fn);

void bench_schedule_tasklet(u64 *cost)
{
	bench_t0 = rdtsc();
	tasklet_schedule(&bench_tasklet);
	if (cost)
		*cost = rdtsc() - bench_t0;
}

static DECLARE_COMPLETION(bench_work_ran);

static void bench_work_fn(struct work_struct *w)
{
	(void)w;
	bench_mark_end();
	complete(&bench_work_ran);
}

static DECLARE_WORK(bench_work, bench_work_fn);

void bench_queue_work(struct workqueue_struct *wq)
{
	bench_t0 = rdtsc();
	queue_work(wq, &bench_work);
}

void bench_work_reset(void)
{
	reinit_completion(&bench_work_ran);
}

bool bench_work_wait(void)
{
	return wait_for_completion_timeout(&bench_work_ran, HZ) > 0;
}

/* Heap sort: 10,000 samples in O(n log n), without recursion or allocation. */
static void sift_down(u32 *a, int start, int end)
{
	int root = start;

	while (2 * root + 1 <= end) {
		int child = 2 * root + 1, swap = root;
		u32 t;

		if (a[swap] < a[child])
			swap = child;
		if (child + 1 <= end && a[swap] < a[child + 1])
			swap = child + 1;
		if (swap == root)
			return;
		t = a[root];
		a[root] = a[swap];
		a[swap] = t;
		root = swap;
	}
}

static void sort_samples(u32 *a, int n)
{
	for (int start = (n - 2) / 2; start >= 0; start--)
		sift_down(a, start, n - 1);
	for (int end = n - 1; end > 0; end--) {
		u32 t = a[0];

		a[0] = a[end];
		a[end] = t;
		sift_down(a, 0, end - 1);
	}
}

#ifdef CONFIG_BENCH_BREAKDOWN
DEFINE_PER_CPU(u32 [BS_NR], bench_stamps);

/* Each stage is named after the stamp that ends it: "eoi" is from the stamp before
 * (actions_done) to the chip's irq_eoi call. */
static const char *const stage_names[BS_NR] = {
	[BS_START] = "start", [BS_INJECT] = "inject", [BS_ENTRY] = "entry",
	[BS_DO_IRQ] = "do_IRQ", [BS_FLOW] = "flow", [BS_ACTION] = "action",
	[BS_HANDLER] = "handler", [BS_ACTIONS_DONE] = "actions_done", [BS_EOI] = "eoi",
	[BS_FLOW_DONE] = "flow_done", [BS_IRQ_EXIT] = "irq_exit", [BS_SOFTIRQ] = "softirq",
	[BS_TASKLET] = "tasklet", [BS_DEFERRED] = "deferred", [BS_EXIT] = "exit",
	[BS_RETURNED] = "returned",
};

/* One benchmark's stages, sample by sample; a stage is short, so 16 bits (a longer one,
 * a host hiccup, is clamped, which moves no median). Benchmark context, CPU 0. */
static u16 stage_samples[BS_NR][BENCH_SAMPLES];
static int stage_n[BS_NR];
static int breakdown_dropped;   /* samples whose stamps were out of order */
extern const u32 bench_stamp_asm_stages[2];     /* entry.asm's BS_ENTRY, BS_EXIT */

void bench_breakdown_begin(void)
{
	u32 *st = *this_cpu_ptr(&bench_stamps);

	memset(st, 0, sizeof(u32) * BS_NR);
	bench_stamp(BS_START);
}

void bench_breakdown_end(void)
{
	u32 *st = *this_cpu_ptr(&bench_stamps);
	u32 prev = st[BS_START];

	bench_stamp(BS_RETURNED);
	/* In order, or another interrupt stamped over this one's stages: then none of its
	 * stages is filed, rather than a wrong one. A stamp still 0 was not passed. */
	for (int s = BS_START + 1; s < BS_NR; s++) {
		if (!st[s])
			continue;
		if ((s32)(st[s] - prev) < 0) {
			breakdown_dropped++;
			return;
		}
		prev = st[s];
	}
	prev = st[BS_START];
	for (int s = BS_START + 1; s < BS_NR; s++) {
		u32 d;

		if (!st[s] || stage_n[s] >= BENCH_SAMPLES)
			continue;
		d = st[s] - prev;
		stage_samples[s][stage_n[s]++] = d > 0xffff ? 0xffff : (u16)d;
		prev = st[s];
	}
}

static void breakdown_reset(void)
{
	memset(stage_n, 0, sizeof(stage_n));
	breakdown_dropped = 0;
}

/* After a path's line, its stages' medians; samples[] is free again by then. */
static void breakdown_report(const char *name)
{
	for (int s = BS_START + 1; s < BS_NR; s++) {
		int n = stage_n[s];

		if (!n)
			continue;
		for (int i = 0; i < n; i++)
			samples[i] = stage_samples[s][i];
		sort_samples(samples, n);
		kprintf("bench: %s stage %s p50=%u n=%d\n", name, stage_names[s], samples[n / 2], n);
	}
	if (breakdown_dropped)
		kprintf("bench: %s stages: %d samples out of order, left out\n", name,
			breakdown_dropped);
}

/* What one stamp itself costs: from BS_START to BS_RETURNED with nothing between. Each
 * stage in a breakdown carries about this much beyond its own work. */
static int bench_stamp_cost(u32 *s, int n)
{
	const u32 *st = *this_cpu_ptr(&bench_stamps);

	for (int i = 0; i < n; i++) {
		bench_breakdown_begin();
		bench_breakdown_end();
		s[i] = st[BS_RETURNED] - st[BS_START];
	}
	return n;
}
DEFINE_BENCH(bench_stamp_cost, 5, "bench_stamp", bench_stamp_cost);
#else
static void breakdown_reset(void) { }
static void breakdown_report(const char *name) { (void)name; }
#endif

int bench_run_all(void)
{
	int failed = 0;

	if (!tsc_khz) {
		kprintf("bench: this CPU has no TSC; nothing to measure with\n");
		return 1;
	}
	kprintf("bench: TSC at %u kHz, %d samples each\n", tsc_khz, BENCH_SAMPLES);
#ifdef CONFIG_BENCH_BREAKDOWN
	if (bench_stamp_asm_stages[0] != BS_ENTRY || bench_stamp_asm_stages[1] != BS_EXIT) {
		kprintf("bench: entry.asm's stage numbers do not match bench_stamp.h\n");
		return 1;
	}
	kprintf("bench: stage stamps on (make bench BREAKDOWN=1)\n");
#endif
	/* In 'order', without sorting the (read-only) table: the next larger each time. */
	for (int last = -1;;) {
		const struct bench *b = NULL;
		int n;

		for (const struct bench *c = __start_benches; c < __stop_benches; c++)
			if (c->order > last && (!b || c->order < b->order))
				b = c;
		if (!b)
			break;
		last = b->order;
		breakdown_reset();
		n = b->run(samples, BENCH_SAMPLES);

		if (n == -ENXIO) {      /* a cross-CPU path on one CPU: nothing to measure */
			kprintf("bench: %s skipped: needs a second CPU\n", b->name);
			continue;
		}
		if (n == -ENODEV) {     /* an IPI path booted with the 8259 */
			kprintf("bench: %s skipped: needs the LAPIC\n", b->name);
			continue;
		}
		if (n <= 0) {
			kprintf("bench: %s FAILED (%d)\n", b->name, n);
			failed++;
			continue;
		}
		sort_samples(samples, n);
		kprintf("bench: %s cycles min=%u p50=%u p99=%u n=%d\n", b->name, samples[0],
			samples[n / 2], samples[(n * 99) / 100], n);
		breakdown_report(b->name);
	}
	return failed;
}
