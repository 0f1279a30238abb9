/* include/irqlab/bottom_half.h - holding off softirqs (and so tasklets and BH work).
 *
 * local_bh_disable() adds to preempt_count's softirq field: no softirq runs on this CPU
 * until the matching local_bh_enable(), which runs what became pending meanwhile. They
 * nest. Process or softirq context; not from a hard-IRQ handler. */
#ifndef IRQLAB_BOTTOM_HALF_H
#define IRQLAB_BOTTOM_HALF_H

void local_bh_disable(void);
void local_bh_enable(void);

#endif
