/* kernel/module/internal.h - the module loader's view of an image while it loads it.
 * For kernel/module/ only. */
#ifndef KERNEL_MODULE_INTERNAL_H
#define KERNEL_MODULE_INTERNAL_H

#include <irqlab/elf.h>
#include <irqlab/module.h>

/* One load: the caller's image, read in place and never written, and what has been
 * learned about it. Private to the loading thread: no lock. */
struct load_info {
	const char *name;               /* for messages: the module's, or the caller's */
	const u8 *image;
	size_t len;
	const Elf32_Ehdr *hdr;
	const Elf32_Shdr *sechdrs;      /* hdr->e_shnum entries, checked to lie in image */
	const char *secstrings;         /* section names, NUL-terminated */
	u32 secstrings_size;
	unsigned int symindex;          /* the SHT_SYMTAB section */
	const Elf32_Sym *syms;
	unsigned int nsyms;
	const char *strtab;             /* symbol names, NUL-terminated */
	u32 strtab_size;
	unsigned int modinfo_index;     /* the .modinfo section, or 0 */
	bool gpl_compatible;            /* MODULE_LICENSE lets it use _GPL exports */
	/* Each SHF_ALLOC section's offset from base (module_layout), in the module's own
	 * pages; valid where sechdrs[i] is SHF_ALLOC. */
	u32 *secoff;
	u8 *base;                       /* the module's pages */
	struct module *mod;             /* in them: what __this_module resolves to */
};

/* kernel/module/elf.c and reloc.c: each int one returns 0 or -errno after a pr_err
 * naming the module. */
int elf_check(struct load_info *info);
/* Section i's name, or "?" (for messages). */
const char *module_secname(const struct load_info *info, unsigned int i);
const char *module_get_modinfo(const struct load_info *info, const char *tag);
/* The bytes the SHF_ALLOC sections need; with secoff, also each one's offset. */
size_t module_layout(const struct load_info *info, u32 *secoff);
void module_copy(const struct load_info *info);
int module_resolve_all(const struct load_info *info);
/* kernel/module/sections.c: the bytes mod->sect_attrs needs (the table and the section
 * names), and filling them in once info->base and info->secoff are set. */
size_t module_sect_attrs_size(const struct load_info *info);
void module_sect_attrs_fill(const struct load_info *info, struct module_sect_attrs *attrs);
int module_apply_relocations(const struct load_info *info);
/* The copy's address of the defined function symbol name, or NULL. */
void *module_find_func(const struct load_info *info, const char *name);
/* kernel/module/params.c: sets the module_param()s named in mod->args (parsed in place),
 * warning of unknown ones. Returns 0, or -EINVAL after a pr_err for a bad value. */
int module_parse_args(const struct load_info *info, struct module *mod);
/* kernel/module/kallsyms.c: copies the module's function symbols for backtraces, once
 * its sections are placed; 0 or -ENOMEM. _del drops them (none: nothing). Process
 * context. */
int module_kallsyms_add(const struct load_info *info, const struct module *mod);
void module_kallsyms_del(const struct module *mod);

/* kernel/module/leaks.c: reports (pr_err) what still points into mod's pages after its
 * exit ran; returns how many things. Process context. */
unsigned int module_check_leaks(struct module *mod);
/* kernel/module/force.c: unmaps mod's pages for good and records them for the fault
 * report; mod is gone when it returns (its struct lives in those pages). */
void module_unmap_forced(struct module *mod);

#endif
