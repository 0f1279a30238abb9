/* kernel/locking/lockdep.c - the IRQ-safety checker (include/irqlab/lockdep.h).
 *
 * Linux's lockdep also proves lock ordering (A then B here, B then A there); irqlab's
 * checks only the interrupt half of it: the usage bits of each lock class and the
 * "inconsistent lock state" report, in Linux's layout, with the deadlock it predicts:
 *
 *   ================================
 *   WARNING: inconsistent lock state
 *   --------------------------------
 *   inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage.
 *   shell/5 [HC0[0]:SC0[0]:HE1:SE1] takes:
 *   0x0012f000 (demo_lock), at: demo_thread+0x1c/0x40
 *   ...
 *
 * The "once" is per class: the first conflict of a class is the one worth reading, and
 * every later acquisition would repeat it. */
#include <irqlab/export.h>
#include <irqlab/init.h>
#include <irqlab/kallsyms.h>
#include <irqlab/lockdep.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/spinlock.h>

#define MAX_LOCKDEP_KEYS        256     /* lock classes; a power of two (the hash) */

struct lock_class {
	const void *key;                /* the lock_class_key, or the static lock; NULL: free */
	const char *name;
	unsigned int usage_mask;        /* BIT(enum lock_usage_bit) */
	unsigned long usage_ip[LOCK_USAGE_STATES];     /* the first acquisition with each bit */
	bool reported;
};

bool prove_locking;
EXPORT_SYMBOL(prove_locking);
u32 lockdep_reports;
/* The class table: written under lockdep_lock with interrupts off; a class's key and
 * name never change once set, so the lookup in a lock's class_cache needs no lock. */
static arch_spinlock_t lockdep_lock = __ARCH_SPIN_LOCK_UNLOCKED;
static struct lock_class lock_classes[MAX_LOCKDEP_KEYS];
static bool lockdep_full;
/* Set while this CPU is inside the checker: the report's printk may take locks. */
static DEFINE_PER_CPU(bool, lockdep_recursion);
/* Marks a lock with no class (cached so the lookup is not repeated). */
static struct lock_class untracked_class;

extern char __per_cpu_start[], __bss_end[];

static const char *const usage_str[LOCK_USAGE_STATES] = {
	[LOCK_USED_IN_HARDIRQ] = "IN-HARDIRQ-W",
	[LOCK_USED_IN_SOFTIRQ] = "IN-SOFTIRQ-W",
	[LOCK_ENABLED_HARDIRQ] = "HARDIRQ-ON-W",
	[LOCK_ENABLED_SOFTIRQ] = "SOFTIRQ-ON-W",
};
static const char *const usage_site[LOCK_USAGE_STATES] = {
	[LOCK_USED_IN_HARDIRQ] = "first taken in hard-IRQ context",
	[LOCK_USED_IN_SOFTIRQ] = "first taken in softirq context",
	[LOCK_ENABLED_HARDIRQ] = "taken with interrupts enabled",
	[LOCK_ENABLED_SOFTIRQ] = "taken with softirqs enabled",
};

/* Linux's static_obj(): the kernel image's data, where an address names one lock for
 * the whole run. A stack or heap address is reused by other locks. */
static bool static_obj(const void *p)
{
	return (const char *)p >= __per_cpu_start && (const char *)p < __bss_end;
}

static struct lock_class *register_lock_class(struct lockdep_map *map)
{
	const void *key = map->key ? (const void *)map->key : (const void *)map;
	u32 h = ((u32)key >> 2) * 2654435761u;          /* Knuth's multiplicative hash */
	struct lock_class *class = NULL;
	unsigned long flags;

	if (!map->key && !static_obj(map))
		return &untracked_class;
	local_irq_save(flags);
	arch_spin_lock(&lockdep_lock);
	for (u32 i = 0; i < MAX_LOCKDEP_KEYS; i++) {
		struct lock_class *c = &lock_classes[(h + i) & (MAX_LOCKDEP_KEYS - 1)];

		if (c->key == key || !c->key) {
			class = c;
			break;
		}
	}
	if (class && !class->key) {
		class->name = map->name;
		class->key = key;
	}
	arch_spin_unlock(&lockdep_lock);
	local_irq_restore(flags);
	if (!class) {
		if (!lockdep_full)
			pr_warn("lockdep: more than %d lock classes; the others are not checked\n",
				MAX_LOCKDEP_KEYS);
		lockdep_full = true;
		class = &untracked_class;
	}
	WRITE_ONCE(map->class_cache, class);
	return class;
}

/* The usage bits this acquisition gives its class, as Linux's mark_usage(). */
static unsigned int usage_now(void)
{
	unsigned int pc = preempt_count(), mask = 0;

	if (pc & HARDIRQ_MASK)
		mask |= BIT(LOCK_USED_IN_HARDIRQ);
	if (pc & SOFTIRQ_OFFSET)
		mask |= BIT(LOCK_USED_IN_SOFTIRQ);
	if (!irqs_disabled()) {
		mask |= BIT(LOCK_ENABLED_HARDIRQ);
		if (!(pc & SOFTIRQ_MASK))
			mask |= BIT(LOCK_ENABLED_SOFTIRQ);
	}
	return mask;
}

static void print_lock_name(const char *prefix, struct lock_class *class, const char *suffix)
{
	pr_warn("%s(%s)%s\n", prefix, class->name ? class->name : "?", suffix);
}

static void print_site(const char *indent, const char *what, unsigned long ip)
{
	char sym[96];

	sprint_symbol(sym, sizeof(sym), (u32)ip);
	pr_warn("%s%s at %s\n", indent, what, sym);
}

static void print_usage_bug(struct lockdep_map *map, struct lock_class *class,
			    enum lock_usage_bit prev, enum lock_usage_bit new, unsigned long ip)
{
	unsigned int pc = preempt_count();
	char sym[96];

	pr_warn("\n");
	pr_warn("================================\n");
	pr_warn("WARNING: inconsistent lock state\n");
	pr_warn("--------------------------------\n");
	pr_warn("inconsistent {%s} -> {%s} usage.\n", usage_str[prev], usage_str[new]);
	pr_warn("%s/%d [HC%u[%u]:SC%u[%u]:HE%u:SE%u] takes: (CPU#%u)\n",
		current->comm, current->pid, !!(pc & HARDIRQ_MASK),
		(pc & HARDIRQ_MASK) >> HARDIRQ_SHIFT, !!(pc & SOFTIRQ_OFFSET),
		(pc & SOFTIRQ_MASK) >> SOFTIRQ_SHIFT, !irqs_disabled(),
		!irqs_disabled() && !(pc & SOFTIRQ_MASK), smp_processor_id());
	sprint_symbol(sym, sizeof(sym), (u32)ip);
	pr_warn("%p (%s), at: %s\n", (void *)map, class->name ? class->name : "?", sym);
	pr_warn("{%s} state was registered at:\n", usage_str[prev]);
	print_site("  ", usage_site[prev], class->usage_ip[prev]);
	pr_warn("{%s} state was registered at:\n", usage_str[new]);
	print_site("  ", usage_site[new], class->usage_ip[new]);
	pr_warn("\n");
	pr_warn("other info that might help us debug this:\n");
	pr_warn(" Possible unsafe locking scenario:\n");
	pr_warn("\n");
	pr_warn("       CPU0\n");
	pr_warn("       ----\n");
	print_lock_name("  lock", class, ";");
	pr_warn("  <Interrupt>\n");
	print_lock_name("    lock", class, ";");
	pr_warn("\n");
	pr_warn(" *** DEADLOCK ***\n");
	pr_warn("\n");
	pr_warn(" The %s can arrive while this CPU holds the lock, and its handler then spins\n",
		prev == LOCK_USED_IN_HARDIRQ || new == LOCK_USED_IN_HARDIRQ ? "interrupt"
										: "softirq");
	pr_warn(" on it for ever. Fix: take it with %s wherever that can happen.\n",
		prev == LOCK_USED_IN_HARDIRQ || new == LOCK_USED_IN_HARDIRQ
			? "spin_lock_irqsave()" : "spin_lock_bh()");
	pr_warn("\n");
	pr_warn("stack backtrace:\n");
	dump_stack();
}

void lock_acquire(struct lockdep_map *map)
{
	unsigned long ip = (unsigned long)__builtin_return_address(0);
	struct lock_class *class = READ_ONCE(map->class_cache);
	unsigned int usage = usage_now(), fresh, conflict = 0;
	enum lock_usage_bit new = LOCK_USED_IN_HARDIRQ;
	unsigned long flags;

	if (this_cpu_read(lockdep_recursion))
		return;
	if (!class)
		class = register_lock_class(map);
	fresh = usage & ~READ_ONCE(class->usage_mask);
	if (likely(!fresh) || class == &untracked_class)
		return;

	local_irq_save(flags);
	arch_spin_lock(&lockdep_lock);
	fresh = usage & ~class->usage_mask;
	for (int bit = 0; bit < LOCK_USAGE_STATES; bit++) {
		if (!(fresh & BIT(bit)))
			continue;
		class->usage_ip[bit] = ip;
		if ((class->usage_mask & BIT(bit ^ 2)) && !class->reported && !conflict) {
			conflict = BIT(bit);
			new = (enum lock_usage_bit)bit;
		}
	}
	class->usage_mask |= fresh;
	if (conflict)
		class->reported = true;
	arch_spin_unlock(&lockdep_lock);

	if (conflict) {
		this_cpu_write(lockdep_recursion, true);
		lockdep_reports++;
		print_usage_bug(map, class, (enum lock_usage_bit)(new ^ 2), new, ip);
		this_cpu_write(lockdep_recursion, false);
	}
	local_irq_restore(flags);
}
EXPORT_SYMBOL(lock_acquire);

static struct lock_class *class_of(struct lockdep_map *map)
{
	struct lock_class *class = READ_ONCE(map->class_cache);

	return class ? class : register_lock_class(map);
}

unsigned int lockdep_class_usage(struct lockdep_map *map)
{
	return READ_ONCE(class_of(map)->usage_mask);
}

unsigned long lockdep_class_site(struct lockdep_map *map, enum lock_usage_bit bit)
{
	return READ_ONCE(class_of(map)->usage_ip[bit]);
}

static int lockdep_announce(void)
{
	if (prove_locking)
		pr_info("lockdep: IRQ-safety checker on (%d lock classes at most)\n",
			MAX_LOCKDEP_KEYS);
	return 0;
}
device_initcall(lockdep_announce);
