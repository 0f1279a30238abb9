/* kernel/module/elf.c - reading a module's ELF32 relocatable image: checking it and
 * laying out its allocated sections. Its symbols and relocations are
 * kernel/module/reloc.c's.
 *
 * Implements the System V ABI, "Object Files" ("ELF Header", "Sections", "String
 * Table"). The image is untrusted input: every offset and size read from it is checked
 * against its length before it is followed, and it is never written (the copy in the
 * module's pages is). */
#include <irqlab/errno.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include <irqlab/gfp.h>
#include "arch/x86/paging.h"
#include "internal.h"

/* Half the largest block the page allocator gives: room for the struct module and the
 * section offsets that share the module's pages. */
#define MODULE_MAX_BYTES ((PAGE_SIZE << MAX_PAGE_ORDER) / 2)

/* Does [off, off + size) lie inside an image of len bytes? Written so that no sum can
 * wrap around. */
static bool in_image(const struct load_info *info, u32 off, u32 size)
{
	return off <= info->len && size <= info->len - off;
}

/* Is a table of entries aligned like its type at offset off? Tables are read in place,
 * and an ELF file aligns them (sh_addralign); a misaligned one is a damaged image. */
static bool table_aligned(const struct load_info *info, u32 off, size_t align)
{
	return (uintptr_t)(info->image + off) % align == 0;
}

/* A string table must end in NUL, so that every name in it does. */
static bool strtab_ok(const struct load_info *info, const Elf32_Shdr *sh)
{
	return sh->sh_type == SHT_STRTAB && sh->sh_size > 0 &&
	       info->image[sh->sh_offset + sh->sh_size - 1] == '\0';
}

const char *module_secname(const struct load_info *info, unsigned int i)
{
	u32 off = info->sechdrs[i].sh_name;

	return off < info->secstrings_size ? info->secstrings + off : "?";
}

static int check_header(struct load_info *info)
{
	const Elf32_Ehdr *hdr = (const Elf32_Ehdr *)info->image;

	if (info->len < sizeof(*hdr)) {
		pr_err("%s: image of %zu bytes is shorter than an ELF header\n", info->name,
		       info->len);
		return -ENOEXEC;
	}
	if (memcmp(hdr->e_ident, ELFMAG, SELFMAG) != 0) {
		pr_err("%s: not an ELF image (bad magic)\n", info->name);
		return -ENOEXEC;
	}
	if (hdr->e_ident[EI_CLASS] != ELFCLASS32 || hdr->e_ident[EI_DATA] != ELFDATA2LSB ||
	    hdr->e_ident[EI_VERSION] != EV_CURRENT) {
		pr_err("%s: not a 32-bit little-endian ELF image (class %u, data %u, version %u)\n",
		       info->name, hdr->e_ident[EI_CLASS], hdr->e_ident[EI_DATA],
		       hdr->e_ident[EI_VERSION]);
		return -ENOEXEC;
	}
	if (hdr->e_type != ET_REL) {
		pr_err("%s: ELF type %u is not ET_REL (a relocatable object)\n", info->name,
		       hdr->e_type);
		return -ENOEXEC;
	}
	if (hdr->e_machine != EM_386) {
		pr_err("%s: ELF machine %u is not EM_386\n", info->name, hdr->e_machine);
		return -ENOEXEC;
	}
	/* e_shnum 0 with the count in section 0 (more than SHN_LORESERVE sections) is
	 * legal ELF, but no module needs it. */
	if (hdr->e_shentsize != sizeof(Elf32_Shdr) || hdr->e_shnum == 0 ||
	    hdr->e_shnum >= SHN_LORESERVE ||
	    !in_image(info, hdr->e_shoff, (u32)hdr->e_shnum * sizeof(Elf32_Shdr))) {
		pr_err("%s: bad section header table (offset %u, %u entries of %u bytes)\n",
		       info->name, hdr->e_shoff, hdr->e_shnum, hdr->e_shentsize);
		return -ENOEXEC;
	}
	if (!table_aligned(info, hdr->e_shoff, __alignof__(Elf32_Shdr))) {
		pr_err("%s: misaligned section header table (offset %u)\n", info->name,
		       hdr->e_shoff);
		return -ENOEXEC;
	}
	info->hdr = hdr;
	info->sechdrs = (const Elf32_Shdr *)(info->image + hdr->e_shoff);
	return 0;
}

static int check_sections(struct load_info *info)
{
	const Elf32_Ehdr *hdr = info->hdr;
	const Elf32_Shdr *sh;
	u32 alloc_bytes = 0;
	unsigned int i;

	for (i = 1; i < hdr->e_shnum; i++) {
		sh = &info->sechdrs[i];
		if (sh->sh_type != SHT_NOBITS && !in_image(info, sh->sh_offset, sh->sh_size)) {
			pr_err("%s: section %u (offset %u, size %u) lies outside the %zu-byte image\n",
			       info->name, i, sh->sh_offset, sh->sh_size, info->len);
			return -ENOEXEC;
		}
		/* Aligning more than a page would need a bigger-aligned allocation. */
		if (sh->sh_addralign & (sh->sh_addralign - 1) || sh->sh_addralign > PAGE_SIZE) {
			pr_err("%s: section %u has alignment %u (not a power of two up to a page)\n",
			       info->name, i, sh->sh_addralign);
			return -ENOEXEC;
		}
		/* A SHT_NOBITS size is bounded by nothing in the image: bound the sum here,
		 * so that module_layout() cannot wrap around. */
		if (sh->sh_flags & SHF_ALLOC) {
			if (sh->sh_size > MODULE_MAX_BYTES ||
			    alloc_bytes > MODULE_MAX_BYTES - sh->sh_size) {
				pr_err("%s: sections to load exceed %u bytes (section %u: %u)\n",
				       info->name, MODULE_MAX_BYTES, i, sh->sh_size);
				return -ENOEXEC;
			}
			alloc_bytes += sh->sh_size + sh->sh_addralign;
		}
	}
	if (hdr->e_shstrndx == SHN_UNDEF || hdr->e_shstrndx >= hdr->e_shnum ||
	    !strtab_ok(info, &info->sechdrs[hdr->e_shstrndx])) {
		pr_err("%s: bad section name table (section %u)\n", info->name, hdr->e_shstrndx);
		return -ENOEXEC;
	}
	sh = &info->sechdrs[hdr->e_shstrndx];
	info->secstrings = (const char *)info->image + sh->sh_offset;
	info->secstrings_size = sh->sh_size;
	return 0;
}

static int check_symtab(struct load_info *info)
{
	const Elf32_Shdr *sh, *str;
	unsigned int i;

	for (i = 1; i < info->hdr->e_shnum; i++)
		if (info->sechdrs[i].sh_type == SHT_SYMTAB) {
			if (info->symindex) {
				pr_err("%s: more than one symbol table\n", info->name);
				return -ENOEXEC;
			}
			info->symindex = i;
		}
	if (!info->symindex) {
		pr_err("%s: module has no symbols (stripped?)\n", info->name);
		return -ENOEXEC;
	}
	sh = &info->sechdrs[info->symindex];
	if (sh->sh_entsize != sizeof(Elf32_Sym) || sh->sh_size % sizeof(Elf32_Sym) != 0 ||
	    sh->sh_link == 0 || sh->sh_link >= info->hdr->e_shnum ||
	    !strtab_ok(info, &info->sechdrs[sh->sh_link])) {
		pr_err("%s: bad symbol table (section %u) or its string table\n", info->name,
		       info->symindex);
		return -ENOEXEC;
	}
	if (!table_aligned(info, sh->sh_offset, __alignof__(Elf32_Sym))) {
		pr_err("%s: misaligned symbol table (offset %u)\n", info->name, sh->sh_offset);
		return -ENOEXEC;
	}
	str = &info->sechdrs[sh->sh_link];
	info->syms = (const Elf32_Sym *)(info->image + sh->sh_offset);
	info->nsyms = sh->sh_size / sizeof(Elf32_Sym);
	info->strtab = (const char *)info->image + str->sh_offset;
	info->strtab_size = str->sh_size;
	for (i = 1; i < info->nsyms; i++) {
		const Elf32_Sym *sym = &info->syms[i];

		if (sym->st_name >= info->strtab_size ||
		    (sym->st_shndx != SHN_UNDEF && sym->st_shndx < SHN_LORESERVE &&
		     sym->st_shndx >= info->hdr->e_shnum)) {
			pr_err("%s: symbol %u has a bad name or section index\n", info->name, i);
			return -ENOEXEC;
		}
	}
	return 0;
}

/* "Relocation": sh_link names the symbol table, sh_info the section it relocates. */
static int check_relocs(struct load_info *info)
{
	unsigned int i;

	for (i = 1; i < info->hdr->e_shnum; i++) {
		const Elf32_Shdr *sh = &info->sechdrs[i];

		if (sh->sh_type != SHT_REL && sh->sh_type != SHT_RELA)
			continue;
		if (sh->sh_info == 0 || sh->sh_info >= info->hdr->e_shnum) {
			pr_err("%s: relocation section %s relocates bad section %u\n", info->name,
			       module_secname(info, i), sh->sh_info);
			return -ENOEXEC;
		}
		if (!(info->sechdrs[sh->sh_info].sh_flags & SHF_ALLOC))
			continue;       /* debug information: not loaded, not relocated */
		/* The i386 psABI uses REL only; a RELA section is a tool's mistake. */
		if (sh->sh_type == SHT_RELA) {
			pr_err("%s: SHT_RELA section %s: i386 modules use SHT_REL\n", info->name,
			       module_secname(info, i));
			return -ENOEXEC;
		}
		if (sh->sh_link != info->symindex || sh->sh_entsize != sizeof(Elf32_Rel) ||
		    sh->sh_size % sizeof(Elf32_Rel) != 0) {
			pr_err("%s: bad relocation section %s\n", info->name, module_secname(info, i));
			return -ENOEXEC;
		}
		if (!table_aligned(info, sh->sh_offset, __alignof__(Elf32_Rel))) {
			pr_err("%s: misaligned relocation section %s (offset %u)\n", info->name,
			       module_secname(info, i), sh->sh_offset);
			return -ENOEXEC;
		}
		if (info->sechdrs[sh->sh_info].sh_type == SHT_NOBITS) {
			pr_err("%s: relocation section %s relocates a SHT_NOBITS section\n",
			       info->name, module_secname(info, i));
			return -ENOEXEC;
		}
	}
	return 0;
}

static int check_modinfo(struct load_info *info)
{
	unsigned int i;

	for (i = 1; i < info->hdr->e_shnum; i++)
		if (strcmp(module_secname(info, i), ".modinfo") == 0) {
			const Elf32_Shdr *sh = &info->sechdrs[i];

			/* Its strings are read with strcmp and strlen: it must end in NUL. */
			if (sh->sh_type != SHT_PROGBITS || sh->sh_size == 0 ||
			    info->image[sh->sh_offset + sh->sh_size - 1] != '\0') {
				pr_err("%s: .modinfo is not a list of NUL-terminated strings\n",
				       info->name);
				return -ENOEXEC;
			}
			info->modinfo_index = i;
		}
	return 0;
}

int elf_check(struct load_info *info)
{
	int err = check_header(info);

	if (!err)
		err = check_sections(info);
	if (!err)
		err = check_symtab(info);
	if (!err)
		err = check_relocs(info);
	if (!err)
		err = check_modinfo(info);
	return err;
}

const char *module_get_modinfo(const struct load_info *info, const char *tag)
{
	const Elf32_Shdr *sh;
	const char *p, *end;
	size_t taglen = strlen(tag);

	if (!info->modinfo_index)
		return NULL;
	sh = &info->sechdrs[info->modinfo_index];
	p = (const char *)info->image + sh->sh_offset;
	end = p + sh->sh_size;
	/* Strings one after the other, some with NUL padding between them. */
	for (; p < end; p += strlen(p) + 1)
		if (strncmp(p, tag, taglen) == 0 && p[taglen] == '=')
			return p + taglen + 1;
	return NULL;
}

/* Text first, then read-only data, then writable data: each kind contiguous, so that a
 * later protection of text needs one range. */
static int section_kind(const Elf32_Shdr *sh)
{
	if (sh->sh_flags & SHF_EXECINSTR)
		return 0;
	return sh->sh_flags & SHF_WRITE ? 2 : 1;
}

size_t module_layout(const struct load_info *info, u32 *secoff)
{
	size_t size = 0;
	unsigned int i;
	int kind;

	for (kind = 0; kind < 3; kind++)
		for (i = 1; i < info->hdr->e_shnum; i++) {
			const Elf32_Shdr *sh = &info->sechdrs[i];

			if (!(sh->sh_flags & SHF_ALLOC) || section_kind(sh) != kind)
				continue;
			size = ALIGN_UP(size, sh->sh_addralign ? sh->sh_addralign : 1);
			if (secoff)
				secoff[i] = size;
			size += sh->sh_size;
		}
	return size;
}

/* The pages came zeroed: SHT_NOBITS (.bss) needs no more. */
void module_copy(const struct load_info *info)
{
	unsigned int i;

	for (i = 1; i < info->hdr->e_shnum; i++) {
		const Elf32_Shdr *sh = &info->sechdrs[i];

		if ((sh->sh_flags & SHF_ALLOC) && sh->sh_type != SHT_NOBITS)
			memcpy(info->base + info->secoff[i], info->image + sh->sh_offset,
			       sh->sh_size);
	}
}
