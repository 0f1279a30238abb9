/* kernel/demos/softirq_smp.c - `demo softirq-smp`: one softirq, two CPUs, at once.
 *
 * A softirq vector has one handler for the whole machine but a pending bit per CPU, and
 * nothing serialises the CPUs: "the same softirq may run on several CPUs at once", which
 * is why a softirq handler keeps its data per-CPU or locks it (docs/labs/lab4, "SMP").
 * Here NET_RX is raised on two CPUs together (each in a thread bound there, with bottom
 * halves off so both raises come first), and each CPU runs the handler at its
 * local_bh_enable(). The handler spins until it sees the other CPU's run begin (bounded,
 * in case it never does), so the two runs overlap by construction if the kernel lets
 * them, and stamps its start and end with the TSC; the demo prints both intervals and
 * whether they overlap. A tasklet, by contrast, never overlaps itself: demo tasklet-smp.
 *
 * Lock: the handler writes only its own side's slots of `res`; `entered` is LOCKed. The
 * demo reads them after both threads have returned. */
#include <irqlab/atomic.h>
#include <irqlab/percpu.h>
#include <irqlab/softirq.h>
#include <irqlab/time.h>
#include "arch/x86/cpu.h"
#include "kernel/shell/shell.h"
#include "bh_smp.h"

#define SMP_SOFTIRQ     NET_RX_SOFTIRQ
#define WAIT_OTHER_MS   5000            /* give up waiting for the other CPU's run */

static struct softirq_smp_result *res;
static atomic_t entered;

static unsigned int side_of(unsigned int cpu)
{
	return cpu == res->cpu[1];
}

static void smp_net_rx_action(struct softirq_action *a)
{
	unsigned int side = side_of(smp_processor_id());

	(void)a;
	res->start[side] = rdtsc();
	atomic_inc(&entered);
	res->saw_other[side] = bh_smp_spin_until(atomic_read(&entered) >= 2, WAIT_OTHER_MS);
	res->end[side] = rdtsc();
}

static void raise_here(unsigned int side, void *arg)
{
	unsigned int cpu = smp_processor_id();

	(void)arg;
	res->net_rx_before[side] = softirq_count_of(cpu, SMP_SOFTIRQ);
	local_bh_disable();
	raise_softirq(SMP_SOFTIRQ);     /* bottom halves off: it waits for the enable */
	local_bh_enable();              /* and runs here, on this CPU */
	res->net_rx_after[side] = softirq_count_of(cpu, SMP_SOFTIRQ);
}

bool softirq_smp_run(struct softirq_smp_result *r)
{
	bool ran;

	*r = (struct softirq_smp_result){ 0 };
	res = r;
	atomic_set(&entered, 0);
	/* Its sides' CPUs are known only inside: the handler looks them up in r->cpu,
	 * which bh_smp_on_two_cpus() fills before it starts the threads. */
	open_softirq(SMP_SOFTIRQ, smp_net_rx_action);
	ran = bh_smp_on_two_cpus(raise_here, NULL, r->cpu);
	open_softirq(SMP_SOFTIRQ, NULL);
	return ran;
}

static int demo_softirq_smp(int argc, char **argv)
{
	struct softirq_smp_result r;
	u64 t0, from, to;

	(void)argv;
	if (argc != 1)
		return shell_usage("demo");
	if (!softirq_smp_run(&r)) {
		kprintf("softirq-smp: needs a second CPU (make run SMP=2, APIC mode): with one "
			"CPU, a softirq can only ever run on that one\n");
		return 0;
	}
	kprintf("softirq-smp: NET_RX raised on CPU%u and CPU%u at once, run at each CPU's "
		"local_bh_enable()\n", r.cpu[0], r.cpu[1]);
	t0 = MIN(r.start[0], r.start[1]);
	for (unsigned int s = 0; s < 2; s++)
		kprintf("  CPU%u: handler ran from TSC +%llu to +%llu (%llu cycles); saw the "
			"other CPU's run begin: %s; /proc/softirqs NET_RX %u -> %u\n", r.cpu[s],
			r.start[s] - t0, r.end[s] - t0, r.end[s] - r.start[s],
			r.saw_other[s] ? "yes" : "no", r.net_rx_before[s], r.net_rx_after[s]);
	from = MAX(r.start[0], r.start[1]);
	to = MIN(r.end[0], r.end[1]);
	if (from < to)
		kprintf("  overlap: yes, %llu cycles (TSC +%llu to +%llu): the same softirq ran "
			"on both CPUs at once; its data must be per-CPU or locked\n",
			to - from, from - t0, to - t0);
	else
		kprintf("  overlap: no: one run ended before the other began\n");
	return 0;
}
SHELL_DEMO(softirq_smp, "softirq-smp", "NET_RX raised on two CPUs at once runs on both at once",
	   demo_softirq_smp);
