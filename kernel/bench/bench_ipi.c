/* kernel/bench/bench_ipi.c - a function call IPI, from the sending CPU to the function
 * running on another:
 *
 *   ipi_call_to_remote_func  from just before smp_call_function_single(wait=true) on
 *                          this CPU to the first line of the function on the other:
 *                          queueing the csd, the ICR write, the emulated delivery to
 *                          the other vCPU (woken from HLT), its entry stub, irq_enter,
 *                          the EOI and the queue taken.
 *
 * Both readings are TSCs of different CPUs: QEMU's are one clock (it derives every
 * vCPU's from the host's), so the difference means what it says. Needs a second CPU
 * (tools/bench.py boots two); with one it fails with -ENXIO rather than print a number
 * for a local call.
 */
#include <irqlab/errno.h>
#include <irqlab/sched.h>
#include <irqlab/smp.h>
#include "bench.h"

static void bench_ipi_func(void *info)
{
	(void)info;
	bench_mark_end();
}

static int bench_ipi_call_to_remote_func(u32 *s, int n)
{
	unsigned int other;
	int ret = n;

	preempt_disable();
	other = smp_processor_id() == 0 ? 1 : 0;
	if (!cpu_online(other))
		ret = -ENXIO;
	for (int i = 0; i < n && ret == n; i++) {
		bench_t1 = 0;
		bench_t0 = rdtsc();
		smp_call_function_single(other, bench_ipi_func, NULL, true);
		if (!bench_t1)
			ret = -EIO;     /* the function never ran: a broken path, not a number */
		s[i] = (u32)(bench_t1 - bench_t0);
	}
	preempt_enable();
	return ret;
}
DEFINE_BENCH(ipi_call_to_remote_func, 35, "ipi_call_to_remote_func",
	     bench_ipi_call_to_remote_func);
