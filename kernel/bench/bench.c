/* kernel/bench/bench.c - running the benchmarks and summarising their samples. */
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/time.h>
#include <irqlab/errno.h>
#include "bench.h"

extern const struct bench __start_benches[], __stop_benches[];

volatile u64 bench_t0, bench_t1;
static u32 samples[BENCH_SAMPLES];

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

int bench_run_all(void)
{
	int failed = 0;

	if (!tsc_khz) {
		kprintf("bench: this CPU has no TSC; nothing to measure with\n");
		return 1;
	}
	kprintf("bench: TSC at %u kHz, %d samples each\n", tsc_khz, BENCH_SAMPLES);
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
		n = b->run(samples, BENCH_SAMPLES);

		if (n == -ENXIO) {      /* a cross-CPU path on one CPU: nothing to measure */
			kprintf("bench: %s skipped: needs a second CPU\n", b->name);
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
	}
	return failed;
}
