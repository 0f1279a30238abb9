/* kernel/module/ksymtab.c - the kernel's exported symbols (EXPORT_SYMBOL), looked up by
 * name when a module is linked. */
#include <irqlab/export.h>
#include <irqlab/string.h>

/* linker.ld: every struct kernel_symbol of the image, in link order. Read-only. */
extern const struct kernel_symbol __start___ksymtab[], __stop___ksymtab[];

/* A linear search: a few dozen exports, looked up only while a module loads. */
const struct kernel_symbol *find_symbol(const char *name)
{
	const struct kernel_symbol *ks;

	for (ks = __start___ksymtab; ks < __stop___ksymtab; ks++)
		if (strcmp(ks->name, name) == 0)
			return ks;
	return NULL;
}
