/* kernel/module/reloc.c - a module's symbols and relocations: each undefined symbol
 * resolved against the kernel's exports, each defined one to its section's new address,
 * then the SHT_REL entries of the loaded sections applied to the copy.
 *
 * Implements the System V ABI's "Symbol Table" and "Relocation", and the Intel386
 * Architecture Processor Supplement's "Relocation Types". elf_check() has checked the
 * tables' bounds, every symbol's name and section index and every relocation section's
 * links; each entry's offset and symbol index are checked here. */
#include <irqlab/errno.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include "internal.h"

static const char *symname(const struct load_info *info, const Elf32_Sym *sym)
{
	return info->strtab + sym->st_name;     /* st_name checked by check_symtab() */
}

/* "Symbol Table": the run-time value of symbol idx into *val. A defined symbol is its
 * section's new address plus st_value; an undefined one is the kernel's export. */
static int resolve_symbol(const struct load_info *info, unsigned int idx, u32 *val)
{
	const Elf32_Sym *sym = &info->syms[idx];
	const struct kernel_symbol *ks;

	if (idx == 0) {                 /* STN_UNDEF: the specification says 0 */
		*val = 0;
		return 0;
	}
	switch (sym->st_shndx) {
	case SHN_UNDEF:
		/* THIS_MODULE: the struct module the loader made in the module's pages. */
		if (strcmp(symname(info, sym), "__this_module") == 0) {
			*val = (u32)(uintptr_t)info->mod;
			return 0;
		}
		ks = find_symbol(symname(info, sym));
		/* A _GPL export is invisible to a module that is not GPL-compatible. */
		if (!ks || (ks->gpl_only && !info->gpl_compatible)) {
			pr_err("%s: Unknown symbol %s\n", info->name, symname(info, sym));
			return -ENOENT;
		}
		*val = ks->value;
		return 0;
	case SHN_ABS:
		*val = sym->st_value;
		return 0;
	case SHN_COMMON:
		pr_err("%s: please compile with -fno-common (common symbol %s)\n", info->name,
		       symname(info, sym));
		return -ENOEXEC;
	}
	if (sym->st_shndx >= SHN_LORESERVE) {
		pr_err("%s: symbol %s has unknown special section index 0x%x\n", info->name,
		       symname(info, sym), sym->st_shndx);
		return -ENOEXEC;
	}
	if (!(info->sechdrs[sym->st_shndx].sh_flags & SHF_ALLOC)) {
		pr_err("%s: symbol %s is in section %s, which is not loaded\n", info->name,
		       symname(info, sym), module_secname(info, sym->st_shndx));
		return -ENOEXEC;
	}
	*val = (u32)(uintptr_t)info->base + info->secoff[sym->st_shndx] + sym->st_value;
	return 0;
}

/* Every undefined symbol, reported before any relocation is applied, as Linux's
 * simplify_symbols() does. Symbols of unloaded sections (debug information) are
 * refused only if a loaded section's relocation uses them. */
int module_resolve_all(const struct load_info *info)
{
	unsigned int i;
	int err = 0;
	u32 val;

	for (i = 1; i < info->nsyms; i++) {
		const Elf32_Sym *sym = &info->syms[i];
		int ret;

		if (sym->st_shndx != SHN_UNDEF && sym->st_shndx != SHN_COMMON)
			continue;
		if (sym->st_shndx == SHN_UNDEF && sym->st_name == 0)
			continue;       /* the unnamed local symbols the assembler leaves */
		ret = resolve_symbol(info, i, &val);
		if (ret && !err)
			err = ret;      /* keep going: name every unknown symbol */
	}
	return err;
}

static const char *const reloc_names[] = {
	[R_386_NONE] = "R_386_NONE", [R_386_32] = "R_386_32", [R_386_PC32] = "R_386_PC32",
	[3] = "R_386_GOT32", [R_386_PLT32] = "R_386_PLT32", [5] = "R_386_COPY",
	[6] = "R_386_GLOB_DAT", [7] = "R_386_JMP_SLOT", [8] = "R_386_RELATIVE",
	[9] = "R_386_GOTOFF", [10] = "R_386_GOTPC",
};

static int apply_relocate(const struct load_info *info, unsigned int relsec)
{
	const Elf32_Shdr *sh = &info->sechdrs[relsec];
	const Elf32_Shdr *target = &info->sechdrs[sh->sh_info];
	const Elf32_Rel *rel = (const Elf32_Rel *)(info->image + sh->sh_offset);
	unsigned int i, n = sh->sh_size / sizeof(*rel);

	for (i = 0; i < n; i++) {
		unsigned int type = ELF32_R_TYPE(rel[i].r_info);
		unsigned int symidx = ELF32_R_SYM(rel[i].r_info);
		u8 *where;
		u32 S, P, A;
		int err;

		if (type == R_386_NONE)
			continue;
		if (target->sh_size < 4 || rel[i].r_offset > target->sh_size - 4) {
			pr_err("%s: relocation %u of %s at offset %u is outside %s\n", info->name, i,
			       module_secname(info, relsec), rel[i].r_offset, module_secname(info, sh->sh_info));
			return -ENOEXEC;
		}
		if (symidx >= info->nsyms) {
			pr_err("%s: relocation %u of %s names symbol %u of %u\n", info->name, i,
			       module_secname(info, relsec), symidx, info->nsyms);
			return -ENOEXEC;
		}
		err = resolve_symbol(info, symidx, &S);
		if (err)
			return err;
		where = info->base + info->secoff[sh->sh_info] + rel[i].r_offset;
		P = (u32)(uintptr_t)where;   /* uintptr_t: the host tests build this on 64 bits */
		memcpy(&A, where, 4);   /* REL: the addend is the word in place */
		switch (type) {
		case R_386_32:
			A += S;
			break;
		/* No PLT in the kernel: a call through one goes straight to S (L = S). */
		case R_386_PC32:
		case R_386_PLT32:
			A += S - P;
			break;
		default:
			pr_err("%s: unsupported relocation type %u (%s) in %s\n", info->name, type,
			       type < ARRAY_SIZE(reloc_names) && reloc_names[type] ?
			       reloc_names[type] : "unknown", module_secname(info, relsec));
			return -ENOEXEC;
		}
		memcpy(where, &A, 4);
	}
	return 0;
}

int module_apply_relocations(const struct load_info *info)
{
	unsigned int i;
	int err;

	for (i = 1; i < info->hdr->e_shnum; i++) {
		const Elf32_Shdr *sh = &info->sechdrs[i];

		if (sh->sh_type != SHT_REL || !(info->sechdrs[sh->sh_info].sh_flags & SHF_ALLOC))
			continue;
		err = apply_relocate(info, i);
		if (err)
			return err;
	}
	return 0;
}

void *module_find_func(const struct load_info *info, const char *name)
{
	unsigned int i;

	for (i = 1; i < info->nsyms; i++) {
		const Elf32_Sym *sym = &info->syms[i];

		if (ELF32_ST_BIND(sym->st_info) != STB_LOCAL && sym->st_shndx != SHN_UNDEF &&
		    sym->st_shndx < SHN_LORESERVE &&
		    (info->sechdrs[sym->st_shndx].sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) ==
			    (SHF_ALLOC | SHF_EXECINSTR) &&
		    strcmp(symname(info, sym), name) == 0)
			return info->base + info->secoff[sym->st_shndx] + sym->st_value;
	}
	return NULL;
}
