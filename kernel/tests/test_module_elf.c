/* kernel/tests/test_module_elf.c - the module loader's checks of the ELF file itself
 * (kernel/module/elf.c): damaged copies of a good module, each refused with -ENOEXEC and
 * a message naming what is wrong, leaving nothing loaded and no page taken. The same
 * checks run on the host under ASan and UBSan (tests/host/test_module_elf.c). */
#include <irqlab/elf.h>
#include <irqlab/errno.h>
#include <irqlab/mm.h>
#include <irqlab/module.h>
#include <irqlab/string.h>
#include "ktest_log.h"
#include "kunit.h"
#include "module_images.h"

/* Damaged copies of hello.ko: each must be refused with -ENOEXEC, naming the problem,
 * and leave nothing loaded and no page taken. */
enum corruption { TRUNCATE_HEADER, TRUNCATE_SECTIONS, BAD_MAGIC, CLASS64, NOT_REL,
		  WRONG_MACHINE, SECTION_PAST_END, SHSTRTAB_UNTERMINATED, RELOC_BAD_SYMBOL,
		  RELOC_BAD_TYPE, HUGE_BSS, NR_CORRUPTIONS };

static const struct {
	const char *what;               /* in the refusal's message */
} corruptions[NR_CORRUPTIONS] = {
	[TRUNCATE_HEADER] = { "shorter than an ELF header" },
	[TRUNCATE_SECTIONS] = { "bad section header table" },
	[BAD_MAGIC] = { "bad magic" },
	[CLASS64] = { "not a 32-bit little-endian" },
	[NOT_REL] = { "is not ET_REL" },
	[WRONG_MACHINE] = { "ELF machine 62 is not EM_386" },
	[SECTION_PAST_END] = { "lies outside the" },
	[SHSTRTAB_UNTERMINATED] = { "bad section name table" },
	[RELOC_BAD_SYMBOL] = { "names symbol" },
	[RELOC_BAD_TYPE] = { "unsupported relocation type 9 (R_386_GOTOFF)" },
	[HUGE_BSS] = { "sections to load exceed" },
};

/* The first SHT_REL section that relocates a loaded one, or NULL. */
static Elf32_Shdr *alloc_rel_section(u8 *image, Elf32_Shdr *sh, unsigned int shnum)
{
	unsigned int i;

	(void)image;
	for (i = 1; i < shnum; i++)
		if (sh[i].sh_type == SHT_REL && sh[i].sh_info < shnum &&
		    (sh[sh[i].sh_info].sh_flags & SHF_ALLOC))
			return &sh[i];
	return NULL;
}

static size_t corrupt(enum corruption c, u8 *image, size_t len)
{
	Elf32_Ehdr *hdr = (Elf32_Ehdr *)image;
	Elf32_Shdr *sh = (Elf32_Shdr *)(image + hdr->e_shoff);
	Elf32_Shdr *rel = alloc_rel_section(image, sh, hdr->e_shnum);
	Elf32_Rel *r = rel ? (Elf32_Rel *)(image + rel->sh_offset) : NULL;
	unsigned int i;

	switch (c) {
	case TRUNCATE_HEADER:
		return sizeof(Elf32_Ehdr) - 1;
	case TRUNCATE_SECTIONS:
		return hdr->e_shoff + sizeof(Elf32_Shdr) * hdr->e_shnum - 1;
	case BAD_MAGIC:
		image[1] = 'X';
		break;
	case CLASS64:
		image[EI_CLASS] = 2;
		break;
	case NOT_REL:
		hdr->e_type = 2;                        /* ET_EXEC */
		break;
	case WRONG_MACHINE:
		hdr->e_machine = 62;                    /* EM_X86_64 */
		break;
	case SECTION_PAST_END:
		for (i = 1; i < hdr->e_shnum; i++)
			if (sh[i].sh_type == SHT_PROGBITS && (sh[i].sh_flags & SHF_ALLOC)) {
				sh[i].sh_offset = len;
				break;
			}
		break;
	case SHSTRTAB_UNTERMINATED:
		image[sh[hdr->e_shstrndx].sh_offset + sh[hdr->e_shstrndx].sh_size - 1] = 'x';
		break;
	case RELOC_BAD_SYMBOL:
		if (r)
			r->r_info = (sh[rel->sh_link].sh_size / sizeof(Elf32_Sym) + 5) << 8 |
				    ELF32_R_TYPE(r->r_info);
		break;
	case RELOC_BAD_TYPE:
		if (r)
			r->r_info = (r->r_info & ~0xffu) | 9;   /* R_386_GOTOFF: PIC only */
		break;
	case HUGE_BSS:                  /* would wrap the layout's sum around */
		for (i = 1; i < hdr->e_shnum; i++)
			if (sh[i].sh_type == SHT_NOBITS && (sh[i].sh_flags & SHF_ALLOC))
				sh[i].sh_size = 0xfffff000u;
		break;
	case NR_CORRUPTIONS:
		break;
	}
	return len;
}

static void test_damaged_images_refused(struct kunit *test)
{
	size_t len;
	const void *good = ktest_module_image("hello", &len);
	unsigned int order = get_order(len), c;
	struct page *page;
	u8 *copy;

	KUNIT_ASSERT_TRUE(test, good != NULL);
	page = alloc_pages(GFP_KERNEL, order);
	KUNIT_ASSERT_TRUE(test, page != NULL);
	copy = page_address(page);
	for (c = 0; c < NR_CORRUPTIONS; c++) {
		unsigned long before;
		size_t n;
		int err;

		memcpy(copy, good, len);
		n = corrupt(c, copy, len);
		before = nr_free_pages();
		ktest_log_mark();
		err = load_module(copy, n, NULL, NULL, NULL);
		if (err != -ENOEXEC)
			kunit_fail(test, __FILE__, __LINE__, "damage %u (%s): got %d, not -ENOEXEC",
				   c, corruptions[c].what, err);
		if (!strstr(ktest_log_since_mark(), corruptions[c].what))
			kunit_fail(test, __FILE__, __LINE__, "damage %u: no \"%s\" in the log: %s",
				   c, corruptions[c].what, ktest_log_since_mark());
		KUNIT_EXPECT_FALSE(test, module_is_loaded("hello"));
		KUNIT_EXPECT_EQ(test, nr_free_pages(), before);
	}
	__free_pages(page, order);
}

static struct kunit_case module_elf_cases[] = {
	KUNIT_CASE(test_damaged_images_refused),
	{}
};
kunit_test_suite(module_elf, module_elf_cases);
