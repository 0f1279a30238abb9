/* kernel/tests/cpu_work.h - running a test's function on another CPU, for the suites
 * that make two CPUs race on one structure before threads run on every CPU. */
#ifndef KERNEL_TESTS_CPU_WORK_H
#define KERNEL_TESTS_CPU_WORK_H

#include <irqlab/types.h>

/* Hands fn(arg) to cpu's idle loop, which runs it at its next wake-up (at most one tick
 * away), in its idle thread with interrupts on. False when cpu is not online, is the
 * caller's own CPU, or still has work. Process context. */
bool ktest_cpu_work_start(unsigned int cpu, void (*fn)(void *arg), void *arg);
/* Waits until cpu has returned from the function ktest_cpu_work_start() gave it. */
void ktest_cpu_work_wait(unsigned int cpu);
/* The first online CPU other than the caller's, or -1 with one CPU. */
int ktest_other_cpu(void);
/* Runs fn(arg) on this CPU and on another at once, and returns when both have returned;
 * false (nothing run) with one CPU. Process context. */
bool ktest_race(void (*fn)(void *arg), void *arg);
#define KTEST_NEEDS_TWO_CPUS "needs a second CPU (APIC mode, -smp 2 or more)"

#endif
