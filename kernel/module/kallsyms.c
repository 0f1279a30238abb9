/* kernel/module/kallsyms.c - a loaded module's symbols, as Linux keeps them for kallsyms:
 * a backtrace frame in a module prints as Linux prints it, "func+0x12/0x40 [modname]", and
 * rmmod's leak report names what still points into the module ("leak_irq_handler",
 * "leak_init+0x114"). Its functions and data objects are copied out of the image at load
 * (the image is freed after it) and dropped when the module's pages go. */
#include <irqlab/elf.h>
#include <irqlab/errno.h>
#include <irqlab/kallsyms.h>
#include <irqlab/list.h>
#include <irqlab/slab.h>
#include <irqlab/spinlock.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "internal.h"

struct mod_sym {
	u32 addr;                       /* in the module's pages */
	u32 size;                       /* st_size; 0 when the object file did not say */
	const char *name;               /* into names */
};

/* One module's functions, sorted by address. Written once before it is listed. */
struct mod_kallsyms {
	struct list_head list;          /* mod_kallsyms_list; mod_kallsyms_lock */
	const struct module *mod;
	unsigned int num;
	struct mod_sym *syms;           /* num entries */
	char *names;
};

/* Backtraces read this from any context (a dump_stack() in an interrupt handler), so its
 * lock is a spinlock taken with interrupts off, never the sleeping module_mutex. */
static LIST_HEAD(mod_kallsyms_list);
static DEFINE_SPINLOCK(mod_kallsyms_lock);

static bool is_func(const struct load_info *info, const Elf32_Sym *s)
{
	unsigned int type = ELF32_ST_TYPE(s->st_info);

	return (type == STT_FUNC || type == STT_OBJECT) && s->st_name &&
	       s->st_shndx != SHN_UNDEF &&
	       s->st_shndx < info->hdr->e_shnum && s->st_name < info->strtab_size &&
	       (info->sechdrs[s->st_shndx].sh_flags & SHF_ALLOC);
}

/* init_module and cleanup_module are aliases module_init()/module_exit() make of the
 * module's own functions: of two names at one address, the source's is shown. */
static bool is_alias(const char *name)
{
	return strcmp(name, "init_module") == 0 || strcmp(name, "cleanup_module") == 0;
}

int module_kallsyms_add(const struct load_info *info, const struct module *mod)
{
	struct mod_kallsyms *k;
	unsigned int i, n = 0;
	size_t names = 0;
	unsigned long flags;
	char *p;

	for (i = 1; i < info->nsyms; i++)
		if (is_func(info, &info->syms[i])) {
			n++;
			names += strnlen(info->strtab + info->syms[i].st_name,
					 info->strtab_size - info->syms[i].st_name) + 1;
		}
	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	k->syms = kmalloc((n ? n : 1) * sizeof(*k->syms), GFP_KERNEL);
	k->names = kmalloc(names ? names : 1, GFP_KERNEL);
	if (!k->syms || !k->names) {
		kfree(k->syms);
		kfree(k->names);
		kfree(k);
		return -ENOMEM;
	}
	k->mod = mod;
	p = k->names;
	for (i = 1; i < info->nsyms; i++) {
		const Elf32_Sym *s = &info->syms[i];
		struct mod_sym sym;
		unsigned int j;

		if (!is_func(info, s))
			continue;
		sym.addr = (u32)info->base + info->secoff[s->st_shndx] + s->st_value;
		sym.size = s->st_size;
		sym.name = p;
		strlcpy(p, info->strtab + s->st_name, info->strtab_size - s->st_name);
		p += strlen(p) + 1;
		/* Insertion sort: a module has a handful of functions. */
		for (j = k->num; j > 0 && (k->syms[j - 1].addr > sym.addr ||
					   (k->syms[j - 1].addr == sym.addr && is_alias(sym.name) &&
					    !is_alias(k->syms[j - 1].name))); j--)
			k->syms[j] = k->syms[j - 1];
		k->syms[j] = sym;
		k->num++;
	}
	spin_lock_irqsave(&mod_kallsyms_lock, flags);
	list_add_tail(&k->list, &mod_kallsyms_list);
	spin_unlock_irqrestore(&mod_kallsyms_lock, flags);
	return 0;
}

void module_kallsyms_del(const struct module *mod)
{
	struct mod_kallsyms *k, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&mod_kallsyms_lock, flags);
	list_for_each_entry(k, &mod_kallsyms_list, list)
		if (k->mod == mod) {
			found = k;
			list_del(&k->list);
			break;
		}
	spin_unlock_irqrestore(&mod_kallsyms_lock, flags);
	if (found) {
		kfree(found->syms);
		kfree(found->names);
		kfree(found);
	}
}

/* Under mod_kallsyms_lock: the symbol holding addr in a loaded module, or NULL. */
static const struct mod_sym *find(u32 addr, const struct mod_kallsyms **in, u32 *size_out)
{
	const struct mod_kallsyms *k;

	list_for_each_entry(k, &mod_kallsyms_list, list) {
		u32 lo = (u32)k->mod->base, hi = lo + k->mod->size;
		unsigned int i;

		if (addr < lo || addr >= hi)
			continue;
		for (i = k->num; i-- > 0;) {
			const struct mod_sym *s = &k->syms[i];
			u32 size = s->size;

			if (s->addr > addr)
				continue;
			if (!size)
				size = i + 1 < k->num ? k->syms[i + 1].addr - s->addr : 0;
			if (addr - s->addr >= size)
				return NULL;
			*in = k;
			*size_out = size;
			return s;
		}
		return NULL;
	}
	return NULL;
}

/* The one lookup both printers below use: prints the function holding addr (its name,
 * addr's offset into it, and with_module its size and module too) while the table lock
 * keeps the module from going. False, with buf untouched, outside every module. */
static bool module_sprint(char *buf, size_t len, u32 addr, u32 shown_off, bool with_module)
{
	const struct mod_kallsyms *k;
	const struct mod_sym *s;
	unsigned long flags;
	u32 size;

	spin_lock_irqsave(&mod_kallsyms_lock, flags);
	s = find(addr, &k, &size);
	if (s && with_module)
		snprintf(buf, len, "%s+0x%x/0x%x [%s]", s->name, addr - s->addr + shown_off,
			 size, k->mod->name);
	else if (s && addr == s->addr)
		snprintf(buf, len, "%s", s->name);
	else if (s)
		snprintf(buf, len, "%s+0x%x", s->name, addr - s->addr);
	spin_unlock_irqrestore(&mod_kallsyms_lock, flags);
	return s != NULL;
}

bool module_sprint_symbol(char *buf, size_t len, u32 addr, u32 shown_off)
{
	return module_sprint(buf, len, addr, shown_off, true);
}

bool module_sprint_address(char *buf, size_t len, u32 addr)
{
	return module_sprint(buf, len, addr, 0, false);
}
