/* kernel/irq/manage.c - request_threaded_irq, free_irq, and disabling and enabling a
 * line. request_irq() is request_threaded_irq() without a thread (interrupt.h); the
 * threads themselves live in thread.c. */
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/modleak.h>
#include <irqlab/panic.h>
#include <irqlab/sched.h>
#include <irqlab/spinlock.h>
#include <irqlab/vsprintf.h>
#include "internal.h"

/* Actions come from a small static pool: irqlab has no allocator on this path, and a
 * full pool is a clear -ENOMEM, not a corruption. A slot is taken while its handler is
 * set. Lock: action_pool_lock, for taking a slot (another CPU, or another thread while
 * this one sleeps creating its irq thread, may be looking for one); a slot is given
 * back by one store. */
#define NR_IRQ_ACTIONS 64
static struct irqaction action_pool[NR_IRQ_ACTIONS];
static DEFINE_SPINLOCK(action_pool_lock);

static struct irqaction *action_alloc(irq_handler_t handler)
{
	struct irqaction *action = NULL;
	unsigned long flags;

	spin_lock_irqsave(&action_pool_lock, flags);
	for (unsigned int i = 0; i < NR_IRQ_ACTIONS; i++) {
		if (!action_pool[i].handler) {
			action = &action_pool[i];
			*action = (struct irqaction){ .handler = handler };
			break;
		}
	}
	spin_unlock_irqrestore(&action_pool_lock, flags);
	return action;
}

static void action_free(struct irqaction *action)
{
	WRITE_ONCE(action->handler, NULL);
}

void irq_startup(struct irq_desc *desc)
{
	desc->depth = 0;
	desc->istate &= ~(IRQS_DISABLED | IRQS_SPURIOUS_DISABLED);
	unmask_irq(desc);
}

void irq_shutdown(struct irq_desc *desc)
{
	desc->depth = 1;
	desc->istate |= IRQS_DISABLED;
	mask_irq(desc);
}

/* The driver named a trigger (IRQF_TRIGGER_*): the chip programs the pin and picks the
 * matching flow handler. A chip that cannot change it (the 8259s here: edge only) keeps
 * its own, as Linux does, and says so in the log. */
static int __irq_set_trigger(struct irq_desc *desc, unsigned long flags)
{
	unsigned int type = flags & IRQF_TRIGGER_MASK;
	struct irq_chip *chip = desc->irq_data.chip;
	int ret;

	if (!type)
		return 0;
	if (type & (type - 1)) {
		pr_err("genirq: irq %u: more than one IRQF_TRIGGER_* flag (0x%x)\n",
		       desc->irq_data.irq, type);
		return -EINVAL;
	}
	if (!chip->irq_set_type) {
		pr_debug("genirq: no set_type function for IRQ %u (%s): trigger flags ignored\n",
			 desc->irq_data.irq, chip->name);
		return 0;
	}
	ret = chip->irq_set_type(&desc->irq_data, type);
	if (ret)
		pr_err("genirq: setting trigger mode %u for irq %u failed\n", type,
		       desc->irq_data.irq);
	return ret;
}

/* Puts new on its line, or says why it cannot go there. desc->lock held. */
static int __setup_irq(struct irq_desc *desc, struct irqaction *new)
{
	unsigned long thread_mask = 0;
	struct irqaction **tail;

	if (desc->action) {
		struct irqaction *old = desc->action;

		/* Sharers must all say IRQF_SHARED, agree on the trigger, and agree on
		 * IRQF_ONESHOT: the line is masked for all of them or for none. */
		if (!(old->flags & new->flags & IRQF_SHARED) ||
		    ((old->flags ^ new->flags) & (IRQF_TRIGGER_MASK | IRQF_ONESHOT))) {
			pr_err("genirq: Flags mismatch irq %u. %08lx (%s) vs. %08lx (%s)\n",
			       new->irq, new->flags, new->name, old->flags, old->name);
			return -EBUSY;
		}
	}
	for (tail = &desc->action; *tail; tail = &(*tail)->next)
		thread_mask |= (*tail)->thread_mask;
	if (new->flags & IRQF_ONESHOT) {
		if (thread_mask == ~0ul)
			return -EBUSY;          /* every bit of threads_oneshot is in use */
		new->thread_mask = 1ul << __builtin_ctzl(~thread_mask);
	} else if (new->handler == irq_default_primary_handler) {
		/* Nothing would quiet a level-triggered device between the default primary
		 * handler and thread_fn: the line would fire again as soon as it is unmasked. */
		pr_err("genirq: Threaded irq requested with handler=NULL and !ONESHOT for %s "
		       "(irq %u)\n", new->name, new->irq);
		return -EINVAL;
	}
	if (!desc->action) {
		int ret = __irq_set_trigger(desc, new->flags);

		if (ret)
			return ret;
	}
	*tail = new;
	if (new == desc->action) {      /* the first action turns the line on */
		desc->irq_count = desc->irqs_unhandled = 0;
		desc->istate &= ~IRQS_ONESHOT;
		if (new->flags & IRQF_ONESHOT)
			desc->istate |= IRQS_ONESHOT;
		irq_setup_affinity(desc, new->flags);
		irq_startup(desc);
	}
	return 0;
}

int request_threaded_irq(unsigned int irq, irq_handler_t handler, irq_handler_t thread_fn,
			 unsigned long flags, const char *name, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	struct irqaction *action;
	unsigned long iflags;
	int ret;

	if (!desc)
		return -EINVAL;
	if ((flags & IRQF_SHARED) && !dev_id)
		return -EINVAL;         /* free_irq could not tell the sharers apart */
	if (!desc->irq_data.chip)
		return -EINVAL;         /* no controller drives this line */
	if (!handler) {
		if (!thread_fn)
			return -EINVAL;
		handler = irq_default_primary_handler;
	}

	action = action_alloc(handler);
	if (!action)
		return -ENOMEM;
	action->thread_fn = thread_fn;
	action->dev_id = dev_id;
	action->flags = flags;
	action->name = name;
	action->irq = irq;
	/* request_irq() is inline: this is its caller's own return address. */
	action->caller = (unsigned long)__builtin_return_address(0);
	if (thread_fn) {
		ret = irq_setup_thread(action);         /* may sleep: before interrupts go off */
		if (ret)
			goto out_free;
	}

	raw_spin_lock_irqsave(&desc->lock, iflags);
	ret = __setup_irq(desc, action);
	raw_spin_unlock_irqrestore(&desc->lock, iflags);
	if (ret)
		goto out_thread;
	/* Started only now that it is on the line; it sleeps until the first wake-up. */
	if (action->thread)
		wake_up_process(action->thread);
	return 0;

out_thread:
	irq_stop_thread(action);
out_free:
	action_free(action);
	return ret;
}
EXPORT_SYMBOL(request_threaded_irq);

const void *free_irq(unsigned int irq, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	struct irqaction **pp, *action;
	const char *name;
	unsigned long flags;

	if (!desc) {
		WARN(1, "Trying to free IRQ %u which is not a valid line\n", irq);
		return NULL;
	}
	raw_spin_lock_irqsave(&desc->lock, flags);
	for (pp = &desc->action; *pp; pp = &(*pp)->next)
		if ((*pp)->dev_id == dev_id)
			break;
	action = *pp;
	if (!action) {
		raw_spin_unlock_irqrestore(&desc->lock, flags);
		WARN(1, "Trying to free already-free IRQ %u\n", irq);
		return NULL;
	}
	*pp = action->next;
	if (!desc->action)
		irq_shutdown(desc);
	raw_spin_unlock_irqrestore(&desc->lock, flags);

	/* Off the line now: no new delivery can find it. What runs still - the primary
	 * handler on another CPU, which may be walking the list past it, and thread_fn in
	 * its thread - is waited for before the slot goes back to the pool. */
	synchronize_hardirq(irq);
	irq_stop_thread(action);
	name = action->name;
	action_free(action);            /* back to the pool */
	return name;
}
EXPORT_SYMBOL(free_irq);

void disable_irq_nosync(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;

	if (!desc)
		return;
	raw_spin_lock_irqsave(&desc->lock, flags);
	if (desc->depth++ == 0) {
		desc->istate |= IRQS_DISABLED;
		mask_irq(desc);
	}
	raw_spin_unlock_irqrestore(&desc->lock, flags);
}
EXPORT_SYMBOL(disable_irq_nosync);

/* A primary handler runs with interrupts off, so the caller's own CPU is never inside
 * one: what is waited for is a handler on another CPU (IRQS_INPROGRESS, set and cleared
 * under desc->lock by the flow). First a spin that takes no lock, so as not to slow that
 * CPU's flow down; then the answer under the lock, as Linux's __synchronize_hardirq()
 * does, so that it is that CPU's last word and not a value read mid-change. */
void synchronize_hardirq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;
	bool inprogress;

	if (!desc)
		return;
	do {
		while (READ_ONCE(desc->istate) & IRQS_INPROGRESS)
			cpu_relax();
		raw_spin_lock_irqsave(&desc->lock, flags);
		inprogress = desc->istate & IRQS_INPROGRESS;
		raw_spin_unlock_irqrestore(&desc->lock, flags);
	} while (inprogress);
}
EXPORT_SYMBOL(synchronize_hardirq);

static bool irq_has_threads(struct irq_desc *desc)
{
	unsigned long flags;
	bool threaded;

	raw_spin_lock_irqsave(&desc->lock, flags);
	threaded = desc->threads_active != 0;
	for (struct irqaction *a = desc->action; a; a = a->next)
		threaded |= a->thread != NULL;
	raw_spin_unlock_irqrestore(&desc->lock, flags);
	return threaded;
}

void synchronize_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return;
	synchronize_hardirq(irq);
	/* A line without threads has nothing to sleep for, and returns without a
	 * might_sleep() report: the boot disables lines with interrupts still off. */
	if (!irq_has_threads(desc))
		return;
	/* Every wake-up of a thread counts one in threads_active; the thread takes it back
	 * when its thread_fn has returned (Linux: wait_for_threads). */
	wait_event(desc->wait_for_threads, !READ_ONCE(desc->threads_active));
}
EXPORT_SYMBOL(synchronize_irq);

void disable_irq(unsigned int irq)
{
	disable_irq_nosync(irq);
	synchronize_irq(irq);
}
EXPORT_SYMBOL(disable_irq);

void enable_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;
	bool resend = false;

	if (!desc)
		return;
	raw_spin_lock_irqsave(&desc->lock, flags);
	if (desc->depth == 0) {
		raw_spin_unlock_irqrestore(&desc->lock, flags);
		WARN(1, "Unbalanced enable for IRQ %u\n", irq);
		return;
	}
	if (--desc->depth == 0) {
		desc->istate &= ~IRQS_DISABLED;
		/* A ONESHOT thread still owed keeps the line masked: it unmasks when done. */
		if (!desc->threads_oneshot) {
			unmask_irq(desc);
			resend = check_irq_resend(desc);
		}
	}
	raw_spin_unlock_irqrestore(&desc->lock, flags);
	if (resend)
		irq_resend(desc);
}
EXPORT_SYMBOL(enable_irq);

/* An edge that came while the line was off was latched as pending; the hardware will not
 * send it again, so it must be raised now (Linux: check_irq_resend). */
bool check_irq_resend(struct irq_desc *desc)
{
	return (desc->istate & IRQS_PENDING) && desc->action && desc->irq_data.chip &&
	       desc->irq_data.chip->irq_retrigger;
}

/* The state may have moved on since check_irq_resend() (the lock was dropped): the
 * flow handler the raise reaches looks at it again, and a raise that finds nothing to
 * do is held as pending or left, as any delivery would be. */
void irq_resend(struct irq_desc *desc)
{
	struct irq_chip *chip = READ_ONCE(desc->irq_data.chip);

	if (chip && chip->irq_retrigger)
		chip->irq_retrigger(&desc->irq_data);
}

/* The actions whose handler, thread_fn, dev_id or name lie in the module. */
void irq_scan_module_leaks(struct mod_leak_scan *s)
{
	for (unsigned int irq = 0; irq < NR_IRQS; irq++) {
		struct irq_desc *desc = irq_to_desc(irq);
		struct irqaction *act;
		unsigned long flags;

		raw_spin_lock_irqsave(&desc->lock, flags);
		for_each_action_of_desc(desc, act) {
			bool h = mod_leak_within(s, act->handler);
			bool t = mod_leak_within(s, act->thread_fn);
			struct mod_leak *l;

			if (!h && !t && !mod_leak_within(s, act->dev_id) &&
			    !mod_leak_within(s, act->name))
				continue;
			l = mod_leak_add(s);
			if (!l)
				continue;
			snprintf(l->what, sizeof(l->what), "IRQ %u %s", irq,
				 t && !h ? "thread_fn" : h ? "handler" : "dev_id");
			l->fn = (unsigned long)(t && !h ? (void *)act->thread_fn :
						(void *)act->handler);
			snprintf(l->name, sizeof(l->name), "%s", act->name ? act->name : "");
			snprintf(l->state, sizeof(l->state), "registered");
			l->api = act->thread_fn ? "request_threaded_irq" : "request_irq";
			l->caller = act->caller;
		}
		raw_spin_unlock_irqrestore(&desc->lock, flags);
	}
}
