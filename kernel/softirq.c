/* kernel/softirq.c - entering and leaving hard-IRQ context.
 *
 * irq_enter()/irq_exit() bracket every hardware interrupt (arch/x86/irq.c: do_IRQ), so
 * preempt_count's hard-IRQ field says "an interrupt handler is running" and the context
 * predicates (in_hardirq(), in_interrupt(), in_task()) tell the truth. irq_exit() is
 * where deferred work will be picked up on the way out. */
#include <irqlab/interrupt.h>

void irq_enter(void)
{
	preempt_count_add(HARDIRQ_OFFSET);
}

void irq_exit(void)
{
	preempt_count_sub(HARDIRQ_OFFSET);
}
