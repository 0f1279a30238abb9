/* kernel/softirq.c - entering and leaving hard-IRQ context, softirqs, ksoftirqd.
 *
 * irq_enter()/irq_exit() bracket every hardware interrupt (arch/x86/irq.c: do_IRQ), so
 * preempt_count's hard-IRQ field says "an interrupt handler is running". irq_exit() is
 * where softirqs raised by the handler run: after the hard-IRQ count drops, if we are
 * not nested in another interrupt or softirq, with interrupts enabled again.
 */
#include <irqlab/bench_stamp.h>
#include <irqlab/export.h>
#include <irqlab/init.h>
#include <irqlab/kthread.h>
#include <irqlab/lockdep.h>
#include <irqlab/modleak.h>
#include <irqlab/panic.h>
#include <irqlab/seq_file.h>
#include <irqlab/softirq.h>
#include <irqlab/time.h>
#include <irqlab/trace.h>
#include <irqlab/vsprintf.h>

const char *const softirq_to_name[NR_SOFTIRQS] = {
	"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED",
	"HRTIMER", "RCU",
};
_Static_assert(ARRAY_SIZE(softirq_to_name) == NR_SOFTIRQS, "one name per softirq vector");

static struct softirq_action softirq_vec[NR_SOFTIRQS];

/* Per-CPU: the pending bitmask, what each vector has run, and this CPU's ksoftirqd. */
static DEFINE_PER_CPU(u32, softirq_pending);
static DEFINE_PER_CPU(u32[NR_SOFTIRQS], softirq_counts);
static DEFINE_PER_CPU(struct task_struct *, ksoftirqd);
u32 softirq_restart_limit_hits;

u32 local_softirq_pending(void)
{
	return this_cpu_read(softirq_pending);
}
EXPORT_SYMBOL(local_softirq_pending);

u32 softirq_count_of(unsigned int cpu, unsigned int nr)
{
	return nr < NR_SOFTIRQS ? per_cpu(softirq_counts, cpu)[nr] : 0;
}

struct task_struct *ksoftirqd_task(void)
{
	return this_cpu_read(ksoftirqd);
}

struct task_struct *ksoftirqd_of(unsigned int cpu)
{
	return per_cpu(ksoftirqd, cpu);
}

void open_softirq(int nr, void (*action)(struct softirq_action *))
{
	softirq_vec[nr].action = action;
}

/* A vector whose action is the module's. Opened at boot and never closed: no lock. */
void softirq_scan_module_leaks(struct mod_leak_scan *s)
{
	for (int nr = 0; nr < NR_SOFTIRQS; nr++) {
		void (*action)(struct softirq_action *) = READ_ONCE(softirq_vec[nr].action);
		struct mod_leak *l;

		if (!mod_leak_within(s, action) || !(l = mod_leak_add(s)))
			continue;
		snprintf(l->what, sizeof(l->what), "softirq %d action", nr);
		l->fn = (unsigned long)action;
		snprintf(l->name, sizeof(l->name), "%s", softirq_to_name[nr]);
		snprintf(l->state, sizeof(l->state), "open");
		l->api = "open_softirq";
	}
}

static void wakeup_softirqd(void)
{
	struct task_struct *tsk = this_cpu_read(ksoftirqd);

	if (tsk) {
		trace_event(TRACE_KSOFTIRQD_WAKE, local_softirq_pending(), 0);
		wake_up_process(tsk);
	}
}

void __raise_softirq_irqoff(unsigned int nr)
{
	trace_event(TRACE_SOFTIRQ_RAISE, nr, 0);
	this_cpu_write(softirq_pending, this_cpu_read(softirq_pending) | BIT(nr));
}

void raise_softirq_irqoff(unsigned int nr)
{
	if (lockdep_assert_irqs_disabled())
		return;
	__raise_softirq_irqoff(nr);
	/* In an interrupt, irq_exit() will run it. Anywhere else nothing would, soon:
	 * ksoftirqd will. */
	if (!in_interrupt())
		wakeup_softirqd();
}

void raise_softirq(unsigned int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	raise_softirq_irqoff(nr);
	local_irq_restore(flags);
}

/* Runs the pending softirqs, lowest vector first, with interrupts on. Entered with
 * interrupts off. Restarts while handlers raise more, but not forever: after
 * MAX_SOFTIRQ_RESTART rounds or past MAX_SOFTIRQ_TIME, ksoftirqd takes the rest, so a
 * softirq that keeps raising itself cannot starve the threads. */
static void __do_softirq(void)
{
	unsigned long end = jiffies + MAX_SOFTIRQ_TIME;
	int max_restart = MAX_SOFTIRQ_RESTART;
	u32 pending = local_softirq_pending();

	preempt_count_add(SOFTIRQ_OFFSET);      /* in_serving_softirq() from here */
	/* LAB 4 BEGIN softirq-restart: run them, lowest first; go round again, within limits */
restart:
	this_cpu_write(softirq_pending, 0);     /* handlers may raise again meanwhile */
	local_irq_enable();
	/* Lowest number first (HI_SOFTIRQ before TIMER, TASKLET ...), each found with one
	 * BSF rather than a test per bit, as Linux's ffs() loop. */
	for (; pending; pending &= pending - 1) {
		unsigned int nr = (unsigned int)__builtin_ctz(pending);

		(*this_cpu_ptr(&softirq_counts))[nr]++;
		trace_event(TRACE_SOFTIRQ_ENTRY, nr, 0);
		bench_stamp(BS_SOFTIRQ);
		if (softirq_vec[nr].action)
			softirq_vec[nr].action(&softirq_vec[nr]);
		trace_event(TRACE_SOFTIRQ_EXIT, nr, 0);
		if (WARN(preempt_count() & HARDIRQ_MASK, "softirq %s left hard-IRQ count set\n",
			 softirq_to_name[nr]))
			preempt_count_sub(preempt_count() & HARDIRQ_MASK);
	}
	local_irq_disable();

	pending = local_softirq_pending();
	if (pending) {
		if (time_before(jiffies, end) && !need_resched() && --max_restart)
			goto restart;
		softirq_restart_limit_hits++;
		wakeup_softirqd();
	}
	/* LAB 4 STUB
	(void)end;
	(void)max_restart;
	this_cpu_write(softirq_pending, 0);
	local_irq_enable();
	for (unsigned int nr = 0; nr < NR_SOFTIRQS; nr++)
		if ((pending & BIT(nr)) && softirq_vec[nr].action)
			softirq_vec[nr].action(&softirq_vec[nr]);
	local_irq_disable();
	if (local_softirq_pending())
		wakeup_softirqd();
	LAB 4 END */
	preempt_count_sub(SOFTIRQ_OFFSET);
}

void do_softirq(void)
{
	unsigned long flags;

	if (in_interrupt())
		return;                 /* nested: the outer context runs them on its way out */
	local_irq_save(flags);
	if (local_softirq_pending())
		__do_softirq();
	local_irq_restore(flags);
}

void irq_enter(void)
{
	preempt_count_add(HARDIRQ_OFFSET);
}

/* Interrupts are off here (we are still in the interrupt's exit path). */
void irq_exit(void)
{
	bench_stamp(BS_IRQ_EXIT);
	/* LAB 4 BEGIN irq-exit: leave hard-IRQ context; run pending softirqs unless nested */
	preempt_count_sub(HARDIRQ_OFFSET);
	if (!in_interrupt() && local_softirq_pending())
		__do_softirq();
	/* LAB 4 STUB
	preempt_count_sub(HARDIRQ_OFFSET);
	if (local_softirq_pending())
		wakeup_softirqd();
	LAB 4 END */
}

void local_bh_disable(void)
{
	preempt_count_add(SOFTIRQ_DISABLE_OFFSET);
}
EXPORT_SYMBOL(local_bh_disable);

void local_bh_enable(void)
{
	unsigned long flags;

	WARN_ON_ONCE(in_hardirq());
	/* Drop to one below, run what became runnable, then the last step: a softirq
	 * raised while bottom halves were off runs now, not at some later interrupt. */
	local_irq_save(flags);
	preempt_count_sub(SOFTIRQ_DISABLE_OFFSET - PREEMPT_OFFSET);
	if (!in_interrupt() && local_softirq_pending())
		do_softirq();
	local_irq_restore(flags);
	preempt_enable();
}
EXPORT_SYMBOL(local_bh_enable);

/* ksoftirqd/N: runs softirqs in thread context, at normal priority like Linux's, so that
 * a flood of them shares the CPU with the other threads instead of starving them. */
static int run_ksoftirqd(void *unused)
{
	(void)unused;
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!local_softirq_pending()) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		local_irq_disable();
		if (local_softirq_pending())
			__do_softirq();
		local_irq_enable();
		cond_resched();
	}
	return 0;
}

/* ksoftirqd/cpu, bound to cpu: softirqs raised on a CPU run on that CPU. */
static void spawn_ksoftirqd(unsigned int cpu)
{
	struct task_struct *t = kthread_create_on_cpu(run_ksoftirqd, NULL, cpu, "ksoftirqd/%u");

	if (!t)
		panic("cannot create ksoftirqd/%u", cpu);
	per_cpu(ksoftirqd, cpu) = t;
	wake_up_process(t);
}

/* ksoftirqd/0, before the other CPUs are up. */
void softirq_init(void)
{
	spawn_ksoftirqd(0);
}

/* And one for each other CPU, once smp_init() has brought them up. */
static int spawn_secondary_ksoftirqds(void)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (!per_cpu(ksoftirqd, cpu))
			spawn_ksoftirqd(cpu);
	return 0;
}
device_initcall(spawn_secondary_ksoftirqds);

/* /proc/softirqs, Linux's layout: a CPU header, then one row per vector. */
static int show_softirqs(struct seq_file *m)
{
	unsigned int cpu;

	seq_printf(m, "%20s", "");
	for_each_online_cpu(cpu)
		seq_printf(m, "CPU%-8u", cpu);
	seq_puts(m, "\n");
	for (unsigned int nr = 0; nr < NR_SOFTIRQS; nr++) {
		seq_printf(m, "%12s:", softirq_to_name[nr]);
		for_each_online_cpu(cpu)
			seq_printf(m, " %10u", softirq_count_of(cpu, nr));
		seq_puts(m, "\n");
	}
	return 0;
}
DEFINE_PROC_FILE(softirqs, "/proc/softirqs", show_softirqs);
