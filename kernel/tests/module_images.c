/* kernel/tests/module_images.c - the test modules' .ko files, embedded with the
 * assembler's .incbin (the Makefile builds them first and names their folder in
 * MODULE_IMAGE_DIR). Read-only: the loader reads an image in place, and the suite copies
 * one before corrupting it. */
#include <irqlab/string.h>
#include "module_images.h"

/* 4-byte alignment: the loader reads the ELF structures in place. */
#define KO(name)                                                                \
	__asm__(".pushsection .rodata\n\t.balign 4\n"                           \
		"ko_" #name ":\n\t.incbin \"" MODULE_IMAGE_DIR "/" #name ".ko\"\n" \
		"ko_" #name "_end:\n\t.popsection");                            \
	extern const u8 ko_##name[], ko_##name##_end[]

KO(hello);
KO(unknown_sym);
KO(init_fails);
KO(noexit);
KO(proprietary);
KO(reloc);
KO(driver_api);
KO(params);
KO(leak);

static const struct {
	const char *name;
	const u8 *start, *end;
} images[] = {
	{ "hello", ko_hello, ko_hello_end },
	{ "unknown_sym", ko_unknown_sym, ko_unknown_sym_end },
	{ "init_fails", ko_init_fails, ko_init_fails_end },
	{ "noexit", ko_noexit, ko_noexit_end },
	{ "proprietary", ko_proprietary, ko_proprietary_end },
	{ "reloc", ko_reloc, ko_reloc_end },
	{ "driver_api", ko_driver_api, ko_driver_api_end },
	{ "params", ko_params, ko_params_end },
	{ "leak", ko_leak, ko_leak_end },
};

const void *ktest_module_image(const char *name, size_t *len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(images); i++)
		if (strcmp(images[i].name, name) == 0) {
			*len = images[i].end - images[i].start;
			return images[i].start;
		}
	return NULL;
}
