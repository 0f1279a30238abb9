/* kernel/module/sections.c - mod->sect_attrs: where each SHF_ALLOC section of a module
 * was loaded. Linux keeps the same record (and shows it in /sys/module/NAME/sections/);
 * a debugger reads it to load the module's symbols at the addresses the loader chose
 * (tools/gdb's irqlab-symbols: `add-symbol-file NAME.ko -s .text ADDR -s .data ADDR`). */
#include <irqlab/string.h>
#include "internal.h"

size_t module_sect_attrs_size(const struct load_info *info)
{
	size_t size = sizeof(struct module_sect_attrs);
	unsigned int i;

	for (i = 1; i < info->hdr->e_shnum; i++)
		if (info->sechdrs[i].sh_flags & SHF_ALLOC)
			size += sizeof(struct module_sect_attr) +
				strlen(module_secname(info, i)) + 1;
	return size;
}

void module_sect_attrs_fill(const struct load_info *info, struct module_sect_attrs *attrs)
{
	unsigned int i, n = 0;
	char *names;

	for (i = 1; i < info->hdr->e_shnum; i++)
		if (info->sechdrs[i].sh_flags & SHF_ALLOC)
			n++;
	/* The names follow the table: the image (and its section name table) is freed
	 * once the load returns. */
	names = (char *)&attrs->attrs[n];
	attrs->nsections = n;
	for (n = 0, i = 1; i < info->hdr->e_shnum; i++) {
		const char *name = module_secname(info, i);
		size_t len = strlen(name) + 1;

		if (!(info->sechdrs[i].sh_flags & SHF_ALLOC))
			continue;
		memcpy(names, name, len);
		attrs->attrs[n].name = names;
		attrs->attrs[n].address = (unsigned long)(info->base + info->secoff[i]);
		names += len;
		n++;
	}
}
