/* kernel/module/force.c - `rmmod -f`: a module removed by force leaves its pages unmapped
 * for good, so that a call through a pointer it leaked faults, and the fault report
 * names it. Linux's CONFIG_MODULE_FORCE_UNLOAD frees the memory instead, and the leaked
 * pointer then runs whatever the allocator put there next.
 *
 * The pages are never given back: their virtual range is RAM identity-mapped
 * (arch/x86/paging.c), so giving them back would map them again for their next owner.
 * A few pages per forced removal is the price of the clear report; it is a debugging
 * tool, not a way to run. */
#include <irqlab/module.h>
#include <irqlab/printk.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include "arch/x86/paging.h"    /* set_guard_page: unmap one page of the kernel's map */
#include "arch/x86/tlbflush.h"
#include "internal.h"

#define MAX_UNLOADED    16

/* Force-removed modules. Appended under module_mutex (delete_module's caller holds it);
 * read by the fault report with no lock: an entry is complete before nr_unloaded is
 * raised past it (release), and never changes after. */
static struct {
	char name[MODULE_NAME_LEN];
	unsigned long start, end;
} unloaded[MAX_UNLOADED];
static unsigned int nr_unloaded;

bool module_unloaded_at(unsigned long addr, const char **name, unsigned long *start,
			unsigned long *end)
{
	unsigned int n = __atomic_load_n(&nr_unloaded, __ATOMIC_ACQUIRE);

	for (unsigned int i = 0; i < n; i++)
		if (addr >= unloaded[i].start && addr < unloaded[i].end) {
			*name = unloaded[i].name;
			*start = unloaded[i].start;
			*end = unloaded[i].end;
			return true;
		}
	return false;
}

void module_unmap_forced(struct module *mod)
{
	unsigned long start = (unsigned long)mod->base, end = start + mod->size;
	unsigned int n = nr_unloaded;

	if (n < MAX_UNLOADED) {
		strlcpy(unloaded[n].name, mod->name, sizeof(unloaded[n].name));
		unloaded[n].start = start;
		unloaded[n].end = end;
		__atomic_store_n(&nr_unloaded, n + 1, __ATOMIC_RELEASE);
	} else {
		pr_warn("rmmod: %s: more than %d modules removed by force; a fault in its "
			"pages will not name it\n", mod->name, MAX_UNLOADED);
	}
	module_kallsyms_del(mod);
	kfree(mod->args);
	/* mod itself lies in these pages: nothing of it is read from here on. */
	for (unsigned long a = start; a < end; a += PAGE_SIZE)
		set_guard_page(a);
	/* Another CPU may still hold a translation of the pages. */
	flush_tlb_kernel_range(start, end);
}
