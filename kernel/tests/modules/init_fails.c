/* kernel/tests/modules/init_fails.c - its init fails: the load returns that error and
 * leaves nothing behind. */
#include <irqlab/errno.h>
#include <irqlab/module.h>
#include "ktest_module.h"

static int counter;

static int init_fails_init(void)
{
	counter++;
	ktest_module_ptrs[KTEST_FAILS_COUNTER] = &counter;
	return -ENODEV;
}

static void init_fails_exit(void)
{
	ktest_module_exits++;   /* never runs: a failed init is not undone by exit */
}

module_init(init_fails_init);
module_exit(init_fails_exit);
MODULE_LICENSE("GPL");
