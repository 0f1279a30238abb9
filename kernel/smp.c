/* kernel/smp.c - function call IPIs: running a function on another CPU.
 *
 * Each CPU has a call_single_queue: a lock-free singly linked list of call_single_data
 * (csd) that other CPUs push onto with a compare-and-swap, and that the CPU takes whole
 * with one exchange in its IPI handler. A sender raises the IPI only when its push found
 * the queue empty: a non-empty queue already has an IPI on its way (or its handler has
 * not yet taken the list), which will run the new call too. Linux's kernel/smp.c, with
 * its llist written out here.
 *
 * A csd is locked (CSD_FLAG_LOCK) from queueing until its function has run; the sender
 * waits on that flag for wait=true, and before reusing one of its own per-CPU csds for
 * wait=false (the previous call through it may still be queued).
 */
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/irqflags.h>
#include <irqlab/panic.h>
#include <irqlab/percpu.h>
#include <irqlab/preempt.h>
#include <irqlab/sched.h>
#include <irqlab/smp.h>
#include "arch/x86/cpu.h"
#include "arch/x86/ipi.h"

#define CSD_FLAG_LOCK   BIT(0)          /* queued, func not yet run */
#define CSD_TYPE_SYNC   BIT(1)          /* the sender waits: unlock only after func */

struct call_single_data {
	struct call_single_data *next;  /* in the target's call_single_queue */
	smp_call_func_t func;
	void *info;
	u32 flags;
};

/* Per-CPU, lock-free: pushed by any CPU (cmpxchg), emptied only by its own CPU (xchg). */
static DEFINE_PER_CPU(struct call_single_data *, call_single_queue);
/* This CPU's csds for calls it does not wait for: one for _single, one per target for
 * _many. Per-CPU, used with preemption off; a csd is reused only once unlocked. */
static DEFINE_PER_CPU(struct call_single_data, csd_data);
static DEFINE_PER_CPU(struct call_single_data[NR_CPUS], cfd_data);

static inline struct call_single_data *cmpxchg_ptr(struct call_single_data **p,
						    struct call_single_data *old,
						    struct call_single_data *new)
{
	struct call_single_data *prev;

	__asm__ __volatile__("lock; cmpxchgl %2, %1"
			     : "=a"(prev), "+m"(*p) : "r"(new), "0"(old) : "memory");
	return prev;
}

static inline struct call_single_data *xchg_ptr(struct call_single_data **p,
						 struct call_single_data *new)
{
	/* xchg with memory is locked by itself (no LOCK prefix needed). */
	__asm__ __volatile__("xchgl %0, %1" : "+r"(new), "+m"(*p) :: "memory");
	return new;
}

/* True if the queue was empty: then the caller must raise the IPI. */
static bool llist_add(struct call_single_data *csd, struct call_single_data **head)
{
	struct call_single_data *first = READ_ONCE(*head), *seen;

	for (;;) {
		csd->next = first;
		seen = cmpxchg_ptr(head, first, csd);
		if (seen == first)
			return first == NULL;
		first = seen;
	}
}

static void csd_lock_wait(struct call_single_data *csd)
{
	while (READ_ONCE(csd->flags) & CSD_FLAG_LOCK)
		cpu_relax();
	barrier();                      /* func's stores are seen after the flag */
}

static void csd_lock(struct call_single_data *csd)
{
	csd_lock_wait(csd);
	csd->flags = CSD_FLAG_LOCK;
}

static void csd_unlock(struct call_single_data *csd)
{
	barrier();                      /* x86 keeps stores in order: release for free */
	WRITE_ONCE(csd->flags, 0);
}

/* Queues csd (locked, func and info set) for cpu; true if it needs an IPI. */
static bool csd_queue(unsigned int cpu, struct call_single_data *csd, smp_call_func_t func,
		      void *info, bool wait)
{
	csd->func = func;
	csd->info = info;
	if (wait)
		csd->flags |= CSD_TYPE_SYNC;
	return llist_add(csd, &per_cpu(call_single_queue, cpu));
}

unsigned int generic_smp_call_function_single_interrupt(void)
{
	struct call_single_data *csd = xchg_ptr(this_cpu_ptr(&call_single_queue), NULL);
	struct call_single_data *prev = NULL, *next;
	unsigned int ran = 0;

	/* The list is newest first: turn it round to run the calls in the order queued. */
	while (csd) {
		next = csd->next;
		csd->next = prev;
		prev = csd;
		csd = next;
	}
	for (csd = prev; csd; csd = next) {
		smp_call_func_t func = csd->func;
		void *info = csd->info;

		next = csd->next;
		/* LAB 6 BEGIN csd-unlock: unlock the csd: after func if its sender waits on it */
		if (csd->flags & CSD_TYPE_SYNC) {
			func(info);
			csd_unlock(csd);        /* the sender may return (and free csd) now */
		} else {
			csd_unlock(csd);        /* func and info are copied: the csd may go */
			func(info);
		}
		/* LAB 6 STUB
		csd_unlock(csd);
		func(info);
		LAB 6 END */
		ran++;
	}
	return ran;
}

/* A call with interrupts off could wait for a CPU that waits for this one: refused with
 * a WARN, where Linux WARNs once and goes on. */
static bool smp_call_irqs_disabled(void)
{
	return WARN(irqs_disabled(), "smp_call_function with interrupts disabled: refused\n");
}

int smp_call_function_single(unsigned int cpu, smp_call_func_t func, void *info, bool wait)
{
	struct call_single_data on_stack = { 0 }, *csd = &on_stack;
	unsigned long flags;

	if (smp_call_irqs_disabled())
		return -EINVAL;
	preempt_disable();
	if (cpu == smp_processor_id()) {
		local_irq_save(flags);
		func(info);
		local_irq_restore(flags);
		preempt_enable();
		return 0;
	}
	if (!cpu_online(cpu)) {
		preempt_enable();
		return -ENXIO;
	}
	if (!wait)
		csd = this_cpu_ptr(&csd_data);
	csd_lock(csd);
	if (csd_queue(cpu, csd, func, info, wait))
		arch_send_call_function_single_ipi(cpu);
	if (wait)
		csd_lock_wait(csd);
	preempt_enable();
	return 0;
}
EXPORT_SYMBOL(smp_call_function_single);

void smp_call_function_many(const unsigned long *mask, smp_call_func_t func, void *info,
			    bool wait)
{
	struct call_single_data *cfd;
	unsigned long ipi_mask = 0;
	unsigned int this_cpu, cpu;

	if (smp_call_irqs_disabled())
		return;
	preempt_disable();
	this_cpu = smp_processor_id();
	cfd = *this_cpu_ptr(&cfd_data);
	for_each_online_cpu(cpu) {
		if (cpu == this_cpu || !(READ_ONCE(*mask) & BIT(cpu)))
			continue;
		csd_lock(&cfd[cpu]);
		if (csd_queue(cpu, &cfd[cpu], func, info, wait))
			ipi_mask |= BIT(cpu);
	}
	if (ipi_mask)
		arch_send_call_function_ipi_mask(ipi_mask);
	if (wait) {
		for_each_online_cpu(cpu)
			if (cpu != this_cpu && (READ_ONCE(*mask) & BIT(cpu)))
				csd_lock_wait(&cfd[cpu]);
	}
	preempt_enable();
}
EXPORT_SYMBOL_GPL(smp_call_function_many);

void smp_call_function(smp_call_func_t func, void *info, bool wait)
{
	smp_call_function_many(&__cpu_online_mask, func, info, wait);
}
EXPORT_SYMBOL(smp_call_function);

void on_each_cpu(smp_call_func_t func, void *info, bool wait)
{
	unsigned long flags;

	if (smp_call_irqs_disabled())
		return;
	preempt_disable();
	smp_call_function_many(&__cpu_online_mask, func, info, wait);
	local_irq_save(flags);
	func(info);
	local_irq_restore(flags);
	preempt_enable();
}
EXPORT_SYMBOL(on_each_cpu);
