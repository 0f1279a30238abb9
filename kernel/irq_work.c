/* kernel/irq_work.c - functions queued to run in hard-IRQ context on a given CPU.
 *
 * Each CPU has a list of raised works, a singly linked stack that any CPU pushes onto
 * with a compare-and-exchange and only the owning CPU empties, with one exchange: no lock,
 * so a CPU with interrupts off, or holding any lock, can queue to another without
 * waiting for it. Whoever makes the list non-empty sends the IPI; works pushed while it
 * is on its way ride on that one. (Linux's irq_work, on its llist.)
 */
#include <irqlab/irq_work.h>
#include <irqlab/percpu.h>
#include <irqlab/smp.h>

/* Per CPU: pushed by any CPU (LOCKed cmpxchg), emptied by its own CPU (xchg). */
static DEFINE_PER_CPU(struct irq_work *, raised_list);

/* PENDING and BUSY, unless already PENDING: then this queueing is not needed. */
static bool irq_work_claim(struct irq_work *work)
{
	unsigned long old = __atomic_fetch_or(&work->flags, IRQ_WORK_PENDING | IRQ_WORK_BUSY,
					      __ATOMIC_SEQ_CST);

	return !(old & IRQ_WORK_PENDING);
}

bool irq_work_queue_on(struct irq_work *work, unsigned int cpu)
{
	struct irq_work **head = per_cpu_ptr(&raised_list, cpu);
	struct irq_work *old = __atomic_load_n(head, __ATOMIC_RELAXED);

	if (!irq_work_claim(work))
		return false;
	do
		work->next = old;
	while (!__atomic_compare_exchange_n(head, &old, work, false, __ATOMIC_SEQ_CST,
					    __ATOMIC_RELAXED));
	if (!old && arch_irq_work_has_interrupt())
		arch_irq_work_raise(cpu);
	return true;
}

bool irq_work_queue(struct irq_work *work)
{
	return irq_work_queue_on(work, smp_processor_id());
}

/* PENDING goes before the call, so the function may queue its own work again; BUSY
 * after, unless that happened. */
static void irq_work_single(struct irq_work *work)
{
	unsigned long flags = __atomic_fetch_and(&work->flags, ~IRQ_WORK_PENDING,
						 __ATOMIC_SEQ_CST) & ~IRQ_WORK_PENDING;

	work->func(work);
	__atomic_compare_exchange_n(&work->flags, &flags, flags & ~IRQ_WORK_BUSY, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

void irq_work_run(void)
{
	struct irq_work *work = __atomic_exchange_n(this_cpu_ptr(&raised_list), NULL,
						    __ATOMIC_SEQ_CST);

	while (work) {
		struct irq_work *next = work->next;

		irq_work_single(work);
		work = next;
	}
}

void irq_work_tick(void)
{
	if (!arch_irq_work_has_interrupt() && __atomic_load_n(this_cpu_ptr(&raised_list),
							       __ATOMIC_RELAXED))
		irq_work_run();
}
