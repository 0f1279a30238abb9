/* kernel/sched/might_sleep.c - catching a sleep where sleeping is forbidden.
 *
 * A hard-IRQ handler, a softirq, a tasklet, or code holding a spinlock or running with
 * interrupts off must not sleep: there is no thread to put to sleep (or the thread would
 * sleep holding what others wait for). Every sleeping primitive calls might_sleep(),
 * which reports the caller instead of letting the machine hang or corrupt itself.
 */
#include <irqlab/interrupt.h>
#include <irqlab/kallsyms.h>
#include <irqlab/sched.h>
#include <irqlab/time.h>

u32 might_sleep_reports;

#define REPORT_BURST 10         /* reports printed per second, at most */

void __might_sleep(const char *file, int line)
{
	static unsigned long window_start;
	static unsigned int in_window;

	if (likely(!in_atomic() && !irqs_disabled()))
		return;
	might_sleep_reports++;
	/* Rate-limited, as Linux does, so a bug in a handler that runs a thousand times a
	 * second does not drown the console; every report is still counted. */
	if (time_after(jiffies, window_start + HZ)) {
		window_start = jiffies;
		in_window = 0;
	}
	if (in_window++ >= REPORT_BURST)
		return;
	pr_err("BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	pr_err("in_atomic(): %d, irqs_disabled(): %d, pid: %d, name: %s\n",
	       in_atomic() ? 1 : 0, irqs_disabled() ? 1 : 0, current->pid, current->comm);
	pr_err("preempt_count: 0x%08x (%s)\n", preempt_count(),
	       in_hardirq() ? "hard-IRQ context" :
	       in_serving_softirq() ? "softirq context" :
	       in_softirq() ? "bottom halves disabled" :
	       preempt_count() ? "preemption disabled" : "interrupts disabled");
	dump_stack();
}
