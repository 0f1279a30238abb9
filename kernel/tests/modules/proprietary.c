/* kernel/tests/modules/proprietary.c - not GPL-compatible, yet uses an
 * EXPORT_SYMBOL_GPL function: refused as an unknown symbol, as Linux does. */
#include <irqlab/interrupt.h>
#include <irqlab/module.h>

static int proprietary_init(void)
{
	return irq_inject(0) == -12345;
}

module_init(proprietary_init);
MODULE_LICENSE("Proprietary");
