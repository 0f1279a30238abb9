#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/slab.h>

MODULE_LICENSE("GPL");

char tasklet_data[] = "linux kernel is very easy";

void is_irq_disabled(void)
{
        if (irqs_disabled())
                pr_info("IRQ Disabled\n");
        else
                pr_info("IRQ Enabled\n");
}

void print_context(void)
{
        if (in_interrupt()) {
                pr_info("Code is running in interrupt context\n");
        } else {
                pr_info("Code is running in process context\n");
        }

        if (in_irq()) {
                pr_info("Code is running in hard irq context\n");
        } else {
                pr_info("Code is not running in hard irq context\n"); // a tasklet should not be running in an hard irq ocntext. ... because a tasklet is based on a softirq. 
        }

        if (in_softirq()) {
                pr_info("Code is running in soft irq context\n");  // a tasklet runs in a soft irq context
        } else {
                pr_info("Code is not running in soft irq context\n");
        }

}  

void tasklet_function(unsigned long data)
{
	pr_info("%s:data:%s\n", __func__, (char *)data);
        pr_info("2- local_softirq_pending:%02x\n", local_softirq_pending());
	is_irq_disabled();
        print_context();
	pr_info("current pid : %d , current process : %s\n",current->pid, current->comm); // in a tasklet this value can be any interrupted process.
        dump_stack();
	return;
}

static struct tasklet_struct *my_tasklet;

static int test_tasklet_init(void)
{
        pr_info("%s: In init\n", __func__);
	my_tasklet = kmalloc(sizeof(struct tasklet_struct), GFP_KERNEL);
	tasklet_init(my_tasklet, tasklet_function, tasklet_data);
        pr_info("1- local_softirq_pending:%02x\n", local_softirq_pending());
	// tasklet_hi_schedule(my_tasklet);
	tasklet_schedule(my_tasklet);
        pr_info("3- local_softirq_pending:%02x\n", local_softirq_pending());
	return 0;
}

static void test_tasklet_exit(void)
{
        pr_info("%s: In exit\n", __func__);
	kfree(my_tasklet);
}

module_init(test_tasklet_init);
module_exit(test_tasklet_exit);
