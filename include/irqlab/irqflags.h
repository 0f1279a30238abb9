/* include/irqlab/irqflags.h - turning interrupts off and on for this CPU.
 *
 * local_irq_save(flags) / local_irq_restore(flags) nest: restore puts IF back as it
 * was, so code that runs both with and without interrupts enabled stays correct.
 * local_irq_disable()/enable() do not nest. Any context. */
#ifndef IRQLAB_IRQFLAGS_H
#define IRQLAB_IRQFLAGS_H

#include <irqlab/types.h>
#include "arch/x86/cpu.h"

static inline void local_irq_disable(void) { native_irq_disable(); }
static inline void local_irq_enable(void)  { native_irq_enable(); }

static inline unsigned long arch_local_save_flags(void) { return read_eflags(); }
static inline bool irqs_disabled_flags(unsigned long flags) { return !(flags & EFLAGS_IF); }
static inline bool irqs_disabled(void) { return irqs_disabled_flags(arch_local_save_flags()); }

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = arch_local_save_flags();

	native_irq_disable();
	return flags;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	if (!irqs_disabled_flags(flags))
		native_irq_enable();
}

#define local_irq_save(flags)    do { (flags) = arch_local_irq_save(); } while (0)
#define local_irq_restore(flags) arch_local_irq_restore(flags)
#define local_save_flags(flags)  do { (flags) = arch_local_save_flags(); } while (0)

#endif
