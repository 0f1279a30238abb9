/* kernel/nmi_backtrace.c - every CPU's backtrace on demand, through NMIs (Linux's
 * lib/nmi_backtrace.c; the shell's `bt all`, sysrq-l in Linux).
 *
 * The asking CPU sets a bit per CPU in backtrace_mask and sends the NMIs; each CPU that
 * finds its bit set in its NMI handler prints, then clears the bit; the asker waits for
 * the mask to empty. An NMI cannot be held off by a CPU's interrupts-off section, which
 * is the point: the backtrace shows a CPU stuck with interrupts off where it is stuck.
 */
#include <irqlab/kallsyms.h>
#include <irqlab/nmi.h>
#include <irqlab/preempt.h>
#include <irqlab/printk.h>
#include <irqlab/spinlock.h>
#include <irqlab/timer.h>
#include <irqlab/vsprintf.h>
#include "arch/x86/dumpstack.h"
#include "arch/x86/ipi.h"
#include "arch/x86/lapic.h"

#define BACKTRACE_WAIT_MS       10000   /* for a CPU whose NMI does not come */

/* The CPUs still to print: set by the asker, each bit cleared (locked AND) by its CPU. */
static unsigned long backtrace_mask;
/* Held by a CPU while it prints its block: whole blocks, one after another. Any CPU may
 * take it in NMI context, so nothing that takes it may be interrupted by one (an NMI is
 * never nested in an NMI; the asker's own block runs with interrupts on, but its NMI
 * bit was never sent). */
static arch_spinlock_t backtrace_lock = __ARCH_SPIN_LOCK_UNLOCKED;
/* One trigger at a time: taken with a trylock, never waited for. */
static arch_spinlock_t trigger_lock = __ARCH_SPIN_LOCK_UNLOCKED;

static void cpumask_clear_cpu_atomic(unsigned int cpu, unsigned long *mask)
{
	__asm__ __volatile__("lock; andl %1, %0" : "+m"(*mask) : "r"(~BIT(cpu)) : "memory");
}

bool nmi_cpu_backtrace(struct pt_regs *regs)
{
	unsigned int cpu = smp_processor_id();

	if (!(READ_ONCE(backtrace_mask) & BIT(cpu)))
		return false;
	arch_spin_lock(&backtrace_lock);
	pr_warn("NMI backtrace for cpu %u\n", cpu);
	if (regs) {
		dump_stack_print_info(KERN_WARNING);
		show_regs(KERN_WARNING, regs);
		show_stack(KERN_WARNING, regs->eip, regs->ebp);
	} else {
		dump_stack();
	}
	arch_spin_unlock(&backtrace_lock);
	cpumask_clear_cpu_atomic(cpu, &backtrace_mask);
	return true;
}

/* "1-3,5": the form Linux prints a CPU list in (%*pbl). */
static void sprint_cpulist(char *buf, size_t size, unsigned long mask)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		unsigned int last = cpu;

		if (!(mask & BIT(cpu)))
			continue;
		while (last + 1 < NR_CPUS && (mask & BIT(last + 1)))
			last++;
		n += snprintf(buf + n, size - n, n ? ",%u" : "%u", cpu);
		if (last != cpu)
			n += snprintf(buf + n, size - n, "-%u", last);
		cpu = last;
	}
}

bool trigger_cpumask_backtrace(unsigned long mask)
{
	unsigned int this_cpu;
	unsigned long others;
	char list[3 * NR_CPUS];

	if (!arch_spin_trylock(&trigger_lock))
		return true;                    /* the one in progress prints them */
	preempt_disable();
	this_cpu = smp_processor_id();
	mask &= READ_ONCE(__cpu_online_mask);
	others = apic_intr_mode == APIC_SYMMETRIC_IO ? mask & ~BIT(this_cpu) : 0;
	WRITE_ONCE(backtrace_mask, others | (mask & BIT(this_cpu)));
	if (others) {
		sprint_cpulist(list, sizeof(list), others);
		pr_info("Sending NMI from CPU %u to CPUs %s:\n", this_cpu, list);
	}
	if (mask & BIT(this_cpu))
		nmi_cpu_backtrace(NULL);
	apic_send_nmi_mask(others);
	for (unsigned int ms = 0; READ_ONCE(backtrace_mask) && ms < BACKTRACE_WAIT_MS; ms++)
		mdelay(1);
	if (READ_ONCE(backtrace_mask)) {
		sprint_cpulist(list, sizeof(list), READ_ONCE(backtrace_mask));
		pr_warn("NMI backtrace: no answer from CPUs %s\n", list);
		WRITE_ONCE(backtrace_mask, 0);
	}
	preempt_enable();
	arch_spin_unlock(&trigger_lock);
	return others || (mask & BIT(this_cpu));
}

bool trigger_all_cpu_backtrace(void)
{
	return trigger_cpumask_backtrace(READ_ONCE(__cpu_online_mask));
}

bool trigger_allbutself_cpu_backtrace(void)
{
	unsigned long mask;

	preempt_disable();
	mask = READ_ONCE(__cpu_online_mask) & ~BIT(smp_processor_id());
	preempt_enable();
	return trigger_cpumask_backtrace(mask);
}

bool trigger_single_cpu_backtrace(unsigned int cpu)
{
	return cpu < NR_CPUS && trigger_cpumask_backtrace(BIT(cpu));
}
