/* kernel/demos/bh_smp.h - bottom halves on two CPUs at once: the experiments behind
 * `demo softirq-smp` and `demo tasklet-smp`, which the bh_smp KTAP suite runs too and
 * checks by their counts. */
#ifndef KERNEL_DEMOS_BH_SMP_H
#define KERNEL_DEMOS_BH_SMP_H

#include <irqlab/cpumask.h>
#include <irqlab/types.h>

/* Runs fn(side, arg) at once on two CPUs (the first two online), side 0 and 1, each in a
 * kthread bound to its CPU, from a common start line; returns when both have returned,
 * with cpus[side] set. False (nothing run) with one CPU. Process context (sleeps). */
bool bh_smp_on_two_cpus(void (*fn)(unsigned int side, void *arg), void *arg,
			unsigned int cpus[2]);

/* Spins (interrupts as they are) until cond holds, for at most ms of guest time by the
 * TSC: a bound against a lost wake-up, never a timing assumption. True if cond held. */
#define bh_smp_spin_until(cond, ms) ({                                          \
	u64 __give_up = rdtsc() + (u64)tsc_khz * (ms);                          \
	bool __ok;                                                              \
	while (!(__ok = (cond)) && rdtsc() < __give_up)                         \
		cpu_relax();                                                    \
	__ok;                                                                   \
})

/* One NET_RX run on each of two CPUs, raised on both at once. TSC values. */
struct softirq_smp_result {
	unsigned int cpu[2];
	u64 start[2], end[2];           /* the handler's run on each side */
	bool saw_other[2];              /* the handler saw the other side's run begin */
	u32 net_rx_before[2], net_rx_after[2];  /* /proc/softirqs NET_RX of each CPU */
};
/* False with one CPU. Process context. */
bool softirq_smp_run(struct softirq_smp_result *r);

/* A tasklet scheduled on two CPUs at once, rounds times. */
struct tasklet_smp_result {
	unsigned int cpu[2];
	unsigned int rounds;
	u32 scheduled[2];               /* tasklet_schedule() calls from each side */
	u32 runs[2];                    /* runs of its function on each side's CPU */
	u32 runs_atomic;                /* the same, counted with LOCKed adds */
	u32 reruns;                     /* rounds in which it ran again on the other CPU */
	u32 held[2];                    /* RUN found held and the tasklet requeued, per CPU */
	u32 concurrent;                 /* runs that began while another was running */
	u32 requests, served;           /* requests counted before scheduling; taken by runs */
	u64 tasklet_runs[2];            /* the CPUs' own tasklet run counters, over the run */
};
bool tasklet_smp_run(struct tasklet_smp_result *r, unsigned int rounds);

#endif
