/* kernel/locking/spinlock.c - what a misused spinlock reports (include/irqlab/spinlock.h). */
#include <irqlab/kallsyms.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/spinlock.h>

u32 spin_bug_count;

void spin_bug(spinlock_t *lock, const char *msg)
{
	spin_bug_count++;
	pr_err("BUG: spinlock %s on CPU#%u, %s/%d, lock %p (%s)\n", msg, smp_processor_id(),
	       current->comm, current->pid, (void *)lock, lock->name ? lock->name : "?");
	dump_stack();
}
