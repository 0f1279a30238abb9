/* kernel/module/leaks.c - after a module's exit has run, is anything still pointing into
 * its pages? irqlab's own check; Linux has none.
 *
 * In Linux, rmmod runs the module's exit and frees its memory; an IRQ handler, a timer
 * or a work item the exit forgot is then a pointer to freed memory, and the next time it
 * is called the kernel oopses, somewhere far from the bug, or runs whatever was loaded
 * there since. Here, before freeing, delete_module() asks each subsystem that keeps
 * pointers a driver hands it (include/irqlab/modleak.h) for what it still holds in the
 * module's pages, and reports each by name:
 *
 *   rmmod: leak: IRQ 11 handler lothars_handler [interrupt] still registered
 *          (request_irq from init_hello+0x1c)
 *
 * What the kernel does then (kernel/module/main.c): the module stays listed and Live,
 * its pages mapped, since something may still call into them, and exit_ran is set. Its
 * exit has run and must not run again (it would free what it freed already), so a later
 * rmmod only checks again: what the exit left running may have finished meanwhile (a
 * timer that fired, a thread that returned), and then the module goes. What stays
 * registered for good can only go with `rmmod -f`, which unmaps the pages so that the
 * next call into them faults with the module's name (force.c). */
#include <irqlab/kallsyms.h>
#include <irqlab/modleak.h>
#include <irqlab/printk.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "internal.h"

struct mod_leak *mod_leak_add(struct mod_leak_scan *s)
{
	struct mod_leak *l = s->n < MOD_LEAKS_MAX ? &s->leaks[s->n] : NULL;

	s->n++;
	if (l)
		memset(l, 0, sizeof(*l));
	return l;
}

/* Every subsystem that can hold a pointer a module gave it. */
static void (*const scans[])(struct mod_leak_scan *s) = {
	irq_scan_module_leaks, softirq_scan_module_leaks, tasklet_scan_module_leaks,
	timer_scan_module_leaks, workqueue_scan_module_leaks, kthread_scan_module_leaks,
	chrdev_scan_module_leaks, cdev_scan_module_leaks, misc_scan_module_leaks,
	class_scan_module_leaks,
};

/* addr named by the module's symbols ("fn", "fn+0x1c"), or the kernel's, or as a
 * number. */
static void name_address(char *buf, size_t len, unsigned long addr)
{
	u32 off, size;
	const char *name;

	if (module_sprint_address(buf, len, addr))
		return;
	name = kallsyms_lookup(addr, &off, &size);
	if (name && off)
		snprintf(buf, len, "%s+0x%x", name, off);
	else if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "0x%08lx", addr);
}

static void report(const struct mod_leak *l)
{
	char fn[64] = "", caller[64] = "";

	if (l->fn)
		name_address(fn, sizeof(fn), l->fn);
	if (l->caller)
		name_address(caller, sizeof(caller), l->caller);
	pr_err("rmmod: leak: %s%s%s%s%s%s still %s%s%s%s%s%s\n", l->what, fn[0] ? " " : "", fn,
	       l->name[0] ? " [" : "", l->name, l->name[0] ? "]" : "", l->state,
	       l->api ? " (" : "", l->api ? l->api : "", caller[0] ? " from " : "", caller,
	       l->api ? ")" : "");
}

unsigned int module_check_leaks(struct module *mod)
{
	struct mod_leak_scan *s = kzalloc(sizeof(*s), GFP_KERNEL);
	unsigned int n;

	if (!s) {
		/* Unchecked is not clean: keep the module rather than free it blind. */
		pr_err("rmmod: %s: no memory to check for leaks; module kept\n", mod->name);
		return 1;
	}
	s->start = (unsigned long)mod->base;
	s->end = s->start + mod->size;
	for (unsigned int i = 0; i < ARRAY_SIZE(scans); i++)
		scans[i](s);
	for (unsigned int i = 0; i < s->n && i < MOD_LEAKS_MAX; i++)
		report(&s->leaks[i]);
	if (s->n > MOD_LEAKS_MAX)
		pr_err("rmmod: leak: and %u more\n", s->n - MOD_LEAKS_MAX);
	n = s->n;
	kfree(s);
	return n;
}
