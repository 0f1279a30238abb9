/* tests/host/test_module_elf.c - the module loader's checks of an ELF image
 * (kernel/module/elf.c, and the relocation checks of kernel/module/reloc.c) on damaged
 * .ko images. Each image is built here section by section, damaged in one field, and
 * handed over in a buffer of exactly its size, so that AddressSanitizer sees any read
 * past its end and UBSan any misaligned read; every refusal must be -ENOEXEC with a
 * message that names what is wrong. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include "kernel/module/internal.h"
#include "unit.h"

/* --- what the loader calls outside these files -------------------------------------- */

static char last_msg[512];

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
	return n;
}

/* No kernel exports here: every undefined symbol is unknown. */
const struct kernel_symbol *find_symbol(const char *name)
{
	(void)name;
	return NULL;
}

/* --- a small valid module -------------------------------------------------------------- */

enum { S_NULL, S_TEXT, S_MODINFO, S_SYMTAB, S_STRTAB, S_SHSTRTAB, S_REL, S_BSS, NSECS };

static const char shstrtab[] =
	"\0.text\0.modinfo\0.symtab\0.strtab\0.shstrtab\0.rel.text\0.bss";
static const char strtab[] = "\0init_module";
static const char modinfo[] = "name=t\0license=GPL";

struct image {
	unsigned char buf[1024];
	size_t len;
	Elf32_Ehdr *hdr;
	Elf32_Shdr *sh;
	Elf32_Sym *syms;
	Elf32_Rel *rel;
};

static u32 append(struct image *im, const void *data, size_t size)
{
	u32 off;

	im->len = ALIGN_UP(im->len, 4);
	off = (u32)im->len;
	memcpy(im->buf + off, data, size);
	im->len += size;
	return off;
}

static void set_sec(struct image *im, int i, u32 name, u32 type, u32 flags, u32 off,
		    u32 size, u32 link, u32 info, u32 align, u32 entsize)
{
	Elf32_Shdr *s = &im->sh[i];

	s->sh_name = name;
	s->sh_type = type;
	s->sh_flags = flags;
	s->sh_offset = off;
	s->sh_size = size;
	s->sh_link = link;
	s->sh_info = info;
	s->sh_addralign = align;
	s->sh_entsize = entsize;
}

/* A module like `ld -r` makes of one function: .text with one R_386_32 against
 * init_module, .modinfo, a .bss, symbols, names. */
static void build(struct image *im)
{
	static const unsigned char text[16] = { 0x31, 0xc0, 0xc3, 0x90 };
	Elf32_Sym syms[2] = { { 0 }, { .st_name = 1, .st_value = 0, .st_size = 3,
				       .st_info = (1 << 4) | 2, .st_shndx = S_TEXT } };
	Elf32_Rel rel = { .r_offset = 4, .r_info = (1 << 8) | R_386_32 };
	u32 text_off, mi_off, sym_off, str_off, shstr_off, rel_off, sh_off;

	memset(im, 0, sizeof(*im));
	im->len = sizeof(Elf32_Ehdr);
	text_off = append(im, text, sizeof(text));
	mi_off = append(im, modinfo, sizeof(modinfo));
	sym_off = append(im, syms, sizeof(syms));
	str_off = append(im, strtab, sizeof(strtab));
	shstr_off = append(im, shstrtab, sizeof(shstrtab));
	rel_off = append(im, &rel, sizeof(rel));
	sh_off = (u32)ALIGN_UP(im->len, 4);
	im->len = sh_off + NSECS * sizeof(Elf32_Shdr);

	im->hdr = (Elf32_Ehdr *)im->buf;
	memcpy(im->hdr->e_ident, ELFMAG, SELFMAG);
	im->hdr->e_ident[EI_CLASS] = ELFCLASS32;
	im->hdr->e_ident[EI_DATA] = ELFDATA2LSB;
	im->hdr->e_ident[EI_VERSION] = EV_CURRENT;
	im->hdr->e_type = ET_REL;
	im->hdr->e_machine = EM_386;
	im->hdr->e_shoff = sh_off;
	im->hdr->e_shentsize = sizeof(Elf32_Shdr);
	im->hdr->e_shnum = NSECS;
	im->hdr->e_shstrndx = S_SHSTRTAB;
	im->sh = (Elf32_Shdr *)(im->buf + sh_off);
	im->syms = (Elf32_Sym *)(im->buf + sym_off);
	im->rel = (Elf32_Rel *)(im->buf + rel_off);
	set_sec(im, S_TEXT, 1, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, text_off, sizeof(text),
		0, 0, 4, 0);
	set_sec(im, S_MODINFO, 7, SHT_PROGBITS, SHF_ALLOC, mi_off, sizeof(modinfo), 0, 0, 1, 0);
	set_sec(im, S_SYMTAB, 16, SHT_SYMTAB, 0, sym_off, sizeof(syms), S_STRTAB, 1, 4,
		sizeof(Elf32_Sym));
	set_sec(im, S_STRTAB, 24, SHT_STRTAB, 0, str_off, sizeof(strtab), 0, 0, 1, 0);
	set_sec(im, S_SHSTRTAB, 32, SHT_STRTAB, 0, shstr_off, sizeof(shstrtab), 0, 0, 1, 0);
	set_sec(im, S_REL, 42, SHT_REL, 0, rel_off, sizeof(rel), S_SYMTAB, S_TEXT, 4,
		sizeof(Elf32_Rel));
	set_sec(im, S_BSS, 52, SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 0, 64, 0, 0, 4, 0);
}

/* load_module()'s steps up to init, on a copy of image[0, len) of exactly len bytes:
 * 0 or the first error. */
static int load(const struct image *im, size_t len)
{
	unsigned char *copy = malloc(len ? len : 1);
	struct load_info info = { .name = "t", .len = len };
	int err;

	memcpy(copy, im->buf, len);
	info.image = copy;
	last_msg[0] = '\0';
	err = elf_check(&info);
	if (!err) {
		module_get_modinfo(&info, "license");
		info.secoff = calloc(info.hdr->e_shnum, sizeof(u32));
		info.base = calloc(1, module_layout(&info, info.secoff) + 1);
		module_copy(&info);
		err = module_resolve_all(&info);
		if (!err)
			err = module_apply_relocations(&info);
		free(info.base);
		free(info.secoff);
	}
	free(copy);
	return err;
}

/* Refused as not a valid module, with a message holding words. */
#define CHECK_REFUSED(im, words) do {                                           \
	CHECK_EQ(load(im, (im)->len), -ENOEXEC);                                \
	if (!strstr(last_msg, words))                                           \
		printf("    # message \"%s\" lacks \"%s\"\n", last_msg, words); \
	CHECK(strstr(last_msg, words) != NULL);                                 \
} while (0)

static struct image im;

TEST(valid_module_loads)
{
	build(&im);
	CHECK_EQ(load(&im, im.len), 0);
	CHECK_STR(last_msg, "");
}

TEST(every_truncation_refused)
{
	size_t len;

	build(&im);
	for (len = 0; len < im.len; len++)
		CHECK_EQ(load(&im, len), -ENOEXEC);
}

TEST(wrong_machine)
{
	build(&im);
	im.hdr->e_machine = 62;         /* EM_X86_64 */
	CHECK_REFUSED(&im, "is not EM_386");
}

TEST(wrong_class_and_magic)
{
	build(&im);
	im.hdr->e_ident[EI_CLASS] = 2;  /* ELFCLASS64 */
	CHECK_REFUSED(&im, "not a 32-bit little-endian ELF image");
	build(&im);
	im.hdr->e_ident[1] = 'e';
	CHECK_REFUSED(&im, "bad magic");
	build(&im);
	im.hdr->e_type = 2;             /* ET_EXEC */
	CHECK_REFUSED(&im, "is not ET_REL");
}

TEST(section_table_beyond_the_end)
{
	build(&im);
	im.hdr->e_shoff = (u32)im.len - sizeof(Elf32_Shdr);
	CHECK_REFUSED(&im, "bad section header table");
	build(&im);
	im.hdr->e_shoff = 0xfffffff0u;  /* offset + size wraps around */
	CHECK_REFUSED(&im, "bad section header table");
	build(&im);
	im.hdr->e_shnum = 0xffff;
	CHECK_REFUSED(&im, "bad section header table");
	build(&im);
	im.hdr->e_shentsize = 64;
	CHECK_REFUSED(&im, "bad section header table");
}

TEST(misaligned_tables)
{
	/* The image is 4-aligned (malloc; an initramfs file's data): a table at an odd
	 * offset would be read with misaligned loads. */
	build(&im);
	memmove(im.buf + im.hdr->e_shoff + 2, im.buf + im.hdr->e_shoff,
		NSECS * sizeof(Elf32_Shdr));
	im.hdr->e_shoff += 2;
	im.len += 2;
	CHECK_REFUSED(&im, "misaligned");
	build(&im);
	im.sh[S_SYMTAB].sh_offset += 2;
	im.sh[S_SYMTAB].sh_size -= sizeof(Elf32_Sym);
	CHECK_REFUSED(&im, "misaligned");
	build(&im);
	im.sh[S_REL].sh_offset -= 2;
	CHECK_REFUSED(&im, "misaligned");
}

TEST(bad_string_indices)
{
	build(&im);
	im.hdr->e_shstrndx = NSECS;
	CHECK_REFUSED(&im, "bad section name table");
	build(&im);
	im.hdr->e_shstrndx = S_TEXT;    /* not a string table */
	CHECK_REFUSED(&im, "bad section name table");
	build(&im);
	im.sh[S_SHSTRTAB].sh_size -= 1; /* no final NUL */
	CHECK_REFUSED(&im, "bad section name table");
	build(&im);
	im.sh[S_STRTAB].sh_size -= 1;
	CHECK_REFUSED(&im, "bad symbol table");
	build(&im);
	im.syms[1].st_name = sizeof(strtab);
	CHECK_REFUSED(&im, "symbol 1 has a bad name");
	build(&im);
	im.syms[1].st_shndx = NSECS;
	CHECK_REFUSED(&im, "bad name or section index");
	build(&im);
	im.sh[S_MODINFO].sh_size -= 1;
	CHECK_REFUSED(&im, ".modinfo is not a list of NUL-terminated strings");
	/* A section name beyond the table is no reason to refuse: messages say "?". */
	build(&im);
	im.sh[S_BSS].sh_name = 0x7fffffff;
	CHECK_EQ(load(&im, im.len), 0);
	CHECK_STR(module_secname(&(struct load_info){ .sechdrs = im.sh,
		.secstrings = shstrtab, .secstrings_size = sizeof(shstrtab) }, S_BSS), "?");
}

TEST(huge_and_overlapping_sizes)
{
	build(&im);
	im.sh[S_TEXT].sh_size = 0xffffffffu;
	CHECK_REFUSED(&im, "lies outside");
	build(&im);
	im.sh[S_TEXT].sh_offset = 0xfffffff0u;  /* offset + size wraps around */
	CHECK_REFUSED(&im, "lies outside");
	build(&im);
	im.sh[S_BSS].sh_size = 0xfffffff0u;     /* nothing in the image bounds .bss */
	CHECK_REFUSED(&im, "sections to load exceed");
	build(&im);
	im.sh[S_SYMTAB].sh_size = (u32)im.len;  /* runs over the tables after it */
	CHECK_REFUSED(&im, "lies outside");
	build(&im);
	im.sh[S_TEXT].sh_addralign = 3;
	CHECK_REFUSED(&im, "alignment 3");
	/* Two sections over the same bytes: only read, so harmless, and loaded. */
	build(&im);
	im.sh[S_MODINFO].sh_offset = im.sh[S_STRTAB].sh_offset;
	im.sh[S_MODINFO].sh_size = im.sh[S_STRTAB].sh_size;
	CHECK_EQ(load(&im, im.len), 0);
}

TEST(relocation_symbol_out_of_range)
{
	build(&im);
	im.rel->r_info = (2 << 8) | R_386_32;
	CHECK_REFUSED(&im, "names symbol 2 of 2");
	build(&im);
	im.rel->r_info = (0xffffffu << 8) | R_386_32;
	CHECK_REFUSED(&im, "names symbol 16777215 of 2");
	build(&im);
	im.rel->r_offset = 13;          /* the word would end past .text's 16 bytes */
	CHECK_REFUSED(&im, "is outside .text");
	build(&im);
	im.rel->r_info = (1 << 8) | 10; /* R_386_GOTPC */
	CHECK_REFUSED(&im, "unsupported relocation type 10 (R_386_GOTPC)");
	build(&im);
	im.sh[S_REL].sh_info = NSECS;
	CHECK_REFUSED(&im, "relocates bad section");
	build(&im);
	im.sh[S_REL].sh_link = S_STRTAB;
	CHECK_REFUSED(&im, "bad relocation section .rel.text");
	build(&im);
	im.sh[S_REL].sh_info = S_BSS;
	CHECK_REFUSED(&im, "relocates a SHT_NOBITS section");
}

int main(void)
{
	return RUN_TESTS();
}
