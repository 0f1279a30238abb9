/* include/irqlab/export.h - EXPORT_SYMBOL: the kernel symbols a loadable module may use.
 *
 * Each export is a struct kernel_symbol in the __ksymtab section; linker.ld gathers them
 * between __start___ksymtab and __stop___ksymtab, and the module loader resolves a
 * module's undefined symbols there (find_symbol, kernel/module/ksymtab.c). As in Linux,
 * the export sits next to the definition. A _GPL export is refused to a module whose
 * MODULE_LICENSE is not GPL-compatible. */
#ifndef IRQLAB_EXPORT_H
#define IRQLAB_EXPORT_H

#include <irqlab/types.h>

struct kernel_symbol {
	unsigned long value;            /* the symbol's address */
	const char *name;
	bool gpl_only;
};

#define __EXPORT_SYMBOL(sym, gpl)                                               \
	extern __typeof__(sym) sym;                                             \
	static const char __kstrtab_##sym[] = #sym;                             \
	static const struct kernel_symbol __ksymtab_##sym                       \
	__attribute__((used, section("__ksymtab"), aligned(4))) =               \
		{ (unsigned long)&sym, __kstrtab_##sym, gpl }

#define EXPORT_SYMBOL(sym)      __EXPORT_SYMBOL(sym, false)
#define EXPORT_SYMBOL_GPL(sym)  __EXPORT_SYMBOL(sym, true)
/* A per-CPU variable's export is its boot CPU copy, the address a "%fs:var" access
 * adds the running CPU's offset to (include/irqlab/percpu.h). */
#define EXPORT_PER_CPU_SYMBOL(var)      EXPORT_SYMBOL(var)

/* The kernel's export of name, or NULL. Any context (the table is read-only). */
const struct kernel_symbol *find_symbol(const char *name);

#endif
