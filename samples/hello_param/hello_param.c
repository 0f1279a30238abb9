/* samples/hello_param/hello_param.c - a Linux module, built out of tree:
 * make -C ~/irqlab M=$PWD modules, then insmod /lib/modules/hello_param.ko irq=12 name=abc */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>

static int irq = 1;
static char *name = "world";
static bool verbose;

module_param(irq, int, S_IRUGO);
MODULE_PARM_DESC(irq, "an IRQ number to print");
module_param(name, charp, S_IRUGO);
MODULE_PARM_DESC(name, "who to greet");
module_param(verbose, bool, 0644);
MODULE_PARM_DESC(verbose, "say more");

static int __init hello_param_init(void)
{
	pr_info("hello_param: hello %s, irq=%d%s\n", name, irq, verbose ? " (verbose)" : "");
	return 0;
}

static void __exit hello_param_exit(void)
{
	pr_info("hello_param: goodbye %s, irq=%d\n", name, irq);
}

module_init(hello_param_init);
module_exit(hello_param_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("module_param: an int, a string and a bool");
