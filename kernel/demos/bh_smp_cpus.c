/* kernel/demos/bh_smp_cpus.c - running one function on two CPUs at once, for the
 * bottom-half demos: a kthread bound to each CPU, both released from one start line so
 * that what they do (raise a softirq, schedule a tasklet) happens on both together.
 *
 * Lock: `two` belongs to the caller until the threads are woken, then the threads read
 * it and write only their own arrival (LOCKed); bh_smp_mutex keeps two callers (two
 * shells, a test and a demo) from sharing it. */
#include <irqlab/atomic.h>
#include <irqlab/kthread.h>
#include <irqlab/mutex.h>
#include <irqlab/panic.h>
#include <irqlab/sched.h>
#include "bh_smp.h"

static struct {
	void (*fn)(unsigned int side, void *arg);
	void *arg;
	atomic_t arrived;
} two;
static DEFINE_MUTEX(bh_smp_mutex);

static int side_thread(void *data)
{
	unsigned int side = (unsigned int)(unsigned long)data;

	atomic_inc(&two.arrived);
	while (atomic_read(&two.arrived) < 2)
		cpu_relax();
	two.fn(side, two.arg);
	return 0;
}

bool bh_smp_on_two_cpus(void (*fn)(unsigned int side, void *arg), void *arg,
			unsigned int cpus[2])
{
	struct task_struct *t[2];
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu)
		if (n < 2)
			cpus[n++] = cpu;
	if (n < 2)
		return false;
	mutex_lock(&bh_smp_mutex);
	two.fn = fn;
	two.arg = arg;
	atomic_set(&two.arrived, 0);
	for (unsigned int side = 0; side < 2; side++) {
		t[side] = kthread_create_on_cpu(side_thread, (void *)(unsigned long)side,
						cpus[side], "bh_smp/%u");
		if (!t[side])
			panic("bh_smp: no memory for a thread");
	}
	wake_up_process(t[0]);
	wake_up_process(t[1]);
	kthread_stop(t[0]);             /* each returns on its own: this waits for it */
	kthread_stop(t[1]);
	mutex_unlock(&bh_smp_mutex);
	return true;
}
