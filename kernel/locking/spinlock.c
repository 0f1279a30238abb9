/* kernel/locking/spinlock.c - what a misused or stuck spinlock reports
 * (include/irqlab/spinlock.h), in Linux's spin_dump layout:
 *
 *   BUG: spinlock recursion on CPU#0, shell/5
 *    lock: 0x0012f000 (demo_lock), .magic: dead4ead, .owner: shell/5, .owner_cpu: 0
 *   Call Trace: ...
 *
 * Lockup detection: a CPU that waits for its ticket longer than spin_lockup_ms says so
 * once, with its own backtrace and the owner CPU's, and goes on waiting (as Linux's
 * spinlock debugging did): if the owner was only slow, the kernel goes on. The wait is
 * measured in loops of the wait itself, calibrated once at boot against the TSC (or the
 * tick without one): guest time, and no clock read while spinning, since a CPU spinning
 * with interrupts off would see no tick. */
#include <irqlab/cmdline.h>
#include <irqlab/export.h>
#include <irqlab/init.h>
#include <irqlab/kallsyms.h>
#include <irqlab/nmi.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/spinlock.h>
#include <irqlab/string.h>
#include <irqlab/time.h>

u32 spin_bug_count;
u32 spin_lockup_reports;
/* How long a wait is a suspected lockup; 'spin_lockup_ms=N' on the command line. */
unsigned int spin_lockup_ms = 1000;
/* Loops of spin_wait_loops() per millisecond; 0 until calibrated (no detection). */
static u32 spin_loops_per_ms;

void __spin_lock_init(spinlock_t *l, const char *name, struct lock_class_key *key)
{
	*l = (spinlock_t)__SPIN_LOCK_UNLOCKED(l);
	l->dep_map.name = name;
	l->dep_map.key = key;
}

static void spin_dump(spinlock_t *lock, const char *msg)
{
	struct task_struct *owner = READ_ONCE(lock->owner);

	pr_emerg("BUG: spinlock %s on CPU#%u, %s/%d\n", msg, smp_processor_id(),
		 current->comm, current->pid);
	pr_emerg(" lock: %p (%s), .magic: %08x, .owner: %s/%d, .owner_cpu: %d\n",
		 (void *)lock, lock->dep_map.name ? lock->dep_map.name : "?",
		 READ_ONCE(lock->magic), owner ? owner->comm : "<none>", owner ? owner->pid : -1,
		 READ_ONCE(lock->owner_cpu));
	dump_stack();
}

void spin_bug(spinlock_t *lock, const char *msg)
{
	spin_bug_count++;
	spin_dump(lock, msg);
}
EXPORT_SYMBOL(spin_bug);

static void spin_lockup_report(spinlock_t *lock)
{
	int owner_cpu = READ_ONCE(lock->owner_cpu);

	spin_lockup_reports++;
	spin_dump(lock, "lockup suspected");
	/* The owner's side: an NMI makes its CPU print where it is. An offline or 8259-mode
	 * CPU cannot be asked; say so rather than leave the report half silent. */
	if (owner_cpu != SPINLOCK_OWNER_NONE && owner_cpu != (int)smp_processor_id() &&
	    !trigger_single_cpu_backtrace((unsigned int)owner_cpu))
		pr_emerg("owner CPU backtrace: not available (CPU%d cannot be sent an NMI)\n",
			 owner_cpu);
}

/* Spins until ticket is served or max loops have passed; returns the loops spun. */
static __noinline u32 spin_wait_loops(arch_spinlock_t *lock, u16 ticket, u32 max)
{
	u32 loops = 0;

	while (READ_ONCE(lock->tickets.head) != ticket && loops < max) {
		cpu_relax();
		loops++;
	}
	return loops;
}

void spin_lock_wait(spinlock_t *lock, u16 ticket)
{
	u32 per_ms = READ_ONCE(spin_loops_per_ms), ms = 0;

	if (!per_ms)                    /* before the calibration: not measured */
		per_ms = ~0u;
	/* One millisecond of waiting at a time; reported once, at the limit. */
	while (spin_wait_loops(&lock->raw_lock, ticket, per_ms) == per_ms)
		if (++ms == READ_ONCE(spin_lockup_ms))
			spin_lockup_report(lock);
	barrier();
}
EXPORT_SYMBOL(spin_lock_wait);

/* Runs the wait loop on a ticket that is never served, n loops, and returns the guest
 * time it took in TSC cycles. */
static u64 spin_wait_cycles(u32 n)
{
	arch_spinlock_t never = { .tickets = { .head = 0, .tail = 1 } };
	unsigned long flags;
	u64 t0;

	local_irq_save(flags);
	t0 = rdtsc();
	spin_wait_loops(&never, 1, n);
	t0 = rdtsc() - t0;
	local_irq_restore(flags);
	return t0;
}

/* Loops per tick without a TSC: count until the tick moves (interrupts are on). */
static u32 spin_wait_loops_per_jiffy(void)
{
	arch_spinlock_t never = { .tickets = { .head = 0, .tail = 1 } };
	unsigned long j = jiffies;
	u32 loops = 0;

	while (jiffies == j)
		cpu_relax();
	for (j = jiffies; jiffies == j; loops += 256)
		spin_wait_loops(&never, 1, 256);
	return loops;
}

static int spin_lockup_init(void)
{
	char val[16];
	u32 n = 1024;
	u64 cycles;

	if (cmdline_get(boot_command_line, "spin_lockup_ms", val, sizeof(val)) > 0) {
		spin_lockup_ms = 0;
		for (const char *c = val; *c >= '0' && *c <= '9'; c++)
			spin_lockup_ms = spin_lockup_ms * 10 + (unsigned int)(*c - '0');
	}
	if (tsc_khz) {
		/* Long enough to measure (a millisecond or more), however fast the loop. */
		while ((cycles = spin_wait_cycles(n)) < tsc_khz && n < (1u << 30))
			n <<= 1;
		/* The fastest of several runs: under a loaded host the virtual CPU is now and
		 * then not run at all while the TSC goes on, which makes a run look slow; a
		 * rate measured low would make the limit too short and report lockups that
		 * are only the host's. A run of 0 cycles is no measurement: an emulator's TSC
		 * can stand still across a whole run (v86 in a loaded browser), and the
		 * division below must not see it. */
		for (int i = 0; i < 8; i++) {
			u64 again = spin_wait_cycles(n);

			if (again && again < cycles)
				cycles = again;
		}
		spin_loops_per_ms = (u32)((u64)n * tsc_khz / cycles);
	} else {
		spin_loops_per_ms = spin_wait_loops_per_jiffy() / (1000 / HZ);
	}
	if (!spin_loops_per_ms)
		spin_loops_per_ms = 1;
	pr_info("spinlock: lockup suspected after %u ms (%u wait loops per ms, from the %s)\n",
		spin_lockup_ms, spin_loops_per_ms, tsc_khz ? "TSC" : "tick");
	return 0;
}
device_initcall(spin_lockup_init);
