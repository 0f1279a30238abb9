/* kernel/tests/modules/noexit.c - no module_exit: it can never be removed. */
#include <irqlab/module.h>
#include "ktest_module.h"

static int counter;

static int noexit_init(void)
{
	counter++;
	ktest_module_ptrs[KTEST_NOEXIT_COUNTER] = &counter;
	return 0;
}

module_init(noexit_init);
MODULE_LICENSE("GPL");
