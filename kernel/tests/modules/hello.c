/* kernel/tests/modules/hello.c - the smallest module: printk and a counter, with an
 * exit. Loaded by kernel/tests/test_module.c. */
#include <irqlab/module.h>
#include <irqlab/printk.h>
#include "ktest_module.h"

static int counter;

static int hello_init(void)
{
	counter++;
	ktest_module_ptrs[KTEST_HELLO_COUNTER] = &counter;
	pr_info("hello: loaded, counter %d\n", counter);
	return 0;
}

static void hello_exit(void)
{
	ktest_module_exits++;
	pr_info("hello: unloaded\n");
}

module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("irqlab");
MODULE_DESCRIPTION("printk and a counter");
