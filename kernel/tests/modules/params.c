/* kernel/tests/modules/params.c - one module_param of each type; its init hands the
 * suite their addresses. Loaded by kernel/tests/test_module.c with insmod-style args. */
#include <irqlab/module.h>
#include <irqlab/printk.h>
#include "ktest_module.h"

static int irq = 5;
static unsigned int count = 1;
static long offset = -1;
static unsigned long mask = 0xf0;
static char *name = "none";
static bool flag;

module_param(irq, int, S_IRUGO);
MODULE_PARM_DESC(irq, "an int");
module_param(count, uint, 0444);
module_param(offset, long, 0444);
module_param(mask, ulong, 0444);
module_param(name, charp, 0444);
module_param(flag, bool, 0644);

static struct ktest_params values;

static int params_init(void)
{
	values = (struct ktest_params){ irq, count, offset, mask, name, flag };
	ktest_module_ptrs[KTEST_PARAMS_VALUES] = &values;
	pr_info("params: irq=%d name=%s\n", irq, name);
	return 0;
}

static void params_exit(void)
{
	ktest_module_exits++;
}

module_init(params_init);
module_exit(params_exit);
MODULE_LICENSE("GPL");
