/* kernel/module/symtab.c - a module's own symbols, kept after loading so that an address
 * in its pages can be named: "lothars_handler", "init_hello+0x1c". Linux keeps a
 * module's symbol table for kallsyms in the same way (its core_kallsyms); here only the
 * function and object symbols of loaded sections are kept, sorted by nothing: a module
 * has few, and they are looked up only to print a report. */
#include <irqlab/errno.h>
#include <irqlab/kallsyms.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "internal.h"

/* One kept symbol. The array and the names after it are one kmalloc, mod->syms. */
struct module_sym {
	unsigned long addr;
	u32 size;
	const char *name;               /* into the same allocation */
};

static bool keep(const struct load_info *info, const Elf32_Sym *sym)
{
	unsigned int type = ELF32_ST_TYPE(sym->st_info);

	return (type == STT_FUNC || type == STT_OBJECT) && sym->st_name &&
	       sym->st_shndx != SHN_UNDEF && sym->st_shndx < SHN_LORESERVE &&
	       (info->sechdrs[sym->st_shndx].sh_flags & SHF_ALLOC);
}

int module_keep_symbols(const struct load_info *info, struct module *mod)
{
	unsigned int i, n = 0;
	size_t names = 0;
	struct module_sym *syms;
	char *p;

	for (i = 1; i < info->nsyms; i++)
		if (keep(info, &info->syms[i])) {
			n++;
			names += strlen(info->strtab + info->syms[i].st_name) + 1;
		}
	syms = kmalloc(n * sizeof(*syms) + names + 1, GFP_KERNEL);
	if (!syms)
		return -ENOMEM;
	p = (char *)(syms + n);
	n = 0;
	for (i = 1; i < info->nsyms; i++) {
		const Elf32_Sym *sym = &info->syms[i];
		size_t len;

		if (!keep(info, sym))
			continue;
		len = strlen(info->strtab + sym->st_name) + 1;
		memcpy(p, info->strtab + sym->st_name, len);
		syms[n++] = (struct module_sym){
			(unsigned long)info->base + info->secoff[sym->st_shndx] + sym->st_value,
			sym->st_size, p };
		p += len;
	}
	mod->syms = syms;
	mod->nsyms = n;
	return 0;
}

void module_free_symbols(struct module *mod)
{
	kfree((void *)mod->syms);
	mod->syms = NULL;
	mod->nsyms = 0;
}

/* init_module and cleanup_module are aliases module_init()/module_exit() make of the
 * module's own functions: name those, as the source does. */
static bool is_alias(const struct module_sym *s)
{
	return strcmp(s->name, "init_module") == 0 || strcmp(s->name, "cleanup_module") == 0;
}

/* The symbol that holds addr: one it lies inside, else the nearest below it; of two at
 * one address, the one that is not an alias. */
static const struct module_sym *lookup(const struct module *mod, unsigned long addr)
{
	const struct module_sym *best = NULL;

	for (unsigned int i = 0; i < mod->nsyms; i++) {
		const struct module_sym *s = &mod->syms[i];
		bool inside = addr < s->addr + s->size;

		if (s->addr > addr)
			continue;
		if (!best || s->addr > best->addr ||
		    (s->addr == best->addr && is_alias(best) && !is_alias(s)) ||
		    (inside && best->addr + best->size <= addr))
			best = s;
	}
	return best;
}

void module_sprint_symbol(const struct module *mod, char *buf, size_t len,
			  unsigned long addr)
{
	const struct module_sym *s;
	u32 off, size;
	const char *name;

	if (addr >= (unsigned long)mod->base && addr < (unsigned long)mod->base + mod->size &&
	    (s = lookup(mod, addr))) {
		if (addr == s->addr)
			snprintf(buf, len, "%s", s->name);
		else
			snprintf(buf, len, "%s+0x%lx", s->name, addr - s->addr);
		return;
	}
	name = kallsyms_lookup(addr, &off, &size);
	if (name && off)
		snprintf(buf, len, "%s+0x%x", name, off);
	else if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "0x%08lx", addr);
}
