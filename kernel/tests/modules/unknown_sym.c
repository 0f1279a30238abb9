/* kernel/tests/modules/unknown_sym.c - calls a function the kernel does not export: its
 * load must be refused, naming it. */
#include <irqlab/module.h>

void no_such_kernel_function(void);

static int unknown_sym_init(void)
{
	no_such_kernel_function();
	return 0;
}

module_init(unknown_sym_init);
MODULE_LICENSE("GPL");
