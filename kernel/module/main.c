/* kernel/module/main.c - loading and removing modules, the list of loaded modules, and
 * /proc/modules.
 *
 * load_module() follows Linux's order: check the ELF image, reserve the name, lay the
 * SHF_ALLOC sections out in fresh pages, resolve the undefined symbols against the
 * kernel's exports, relocate, then run init_module with the module listed as "Loading".
 * The ELF work is in kernel/module/elf.c. */
#include <irqlab/errno.h>
#include <irqlab/mm.h>
#include <irqlab/module.h>
#include <irqlab/mutex.h>
#include <irqlab/printk.h>
#include <irqlab/seq_file.h>
#include <irqlab/slab.h>
#include <irqlab/string.h>
#include "internal.h"

/* The loaded modules, and each one's state. module_mutex guards both: a name is taken
 * (listed) from the moment its load passes the checks until its removal ends. */
static DEFINE_MUTEX(module_mutex);
static LIST_HEAD(modules);

#define MODULE_REF_BASE 1               /* Linux's: refcnt of a module with no users */

const char *module_state_name(enum module_state state)
{
	switch (state) {
	case MODULE_STATE_LIVE:
		return "Live";
	case MODULE_STATE_COMING:
		return "Loading";
	case MODULE_STATE_GOING:
		return "Unloading";
	}
	return "?";
}

/* Needs module_mutex. */
static struct module *find_module(const char *name)
{
	struct module *mod;

	list_for_each_entry(mod, &modules, list)
		if (strcmp(mod->name, name) == 0)
			return mod;
	return NULL;
}

bool module_is_loaded(const char *name)
{
	bool found;

	mutex_lock(&module_mutex);
	found = find_module(name) != NULL;
	mutex_unlock(&module_mutex);
	return found;
}

void for_each_module(void (*fn)(const struct module *mod, void *arg), void *arg)
{
	struct module *mod;

	mutex_lock(&module_mutex);
	list_for_each_entry(mod, &modules, list)
		fn(mod, arg);
	mutex_unlock(&module_mutex);
}

/* Linux's license_is_gpl_compatible(): the licenses that may use _GPL exports. */
static bool license_is_gpl_compatible(const char *license)
{
	static const char *const gpl[] = { "GPL", "GPL v2", "GPL and additional rights",
					   "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL" };
	unsigned int i;

	for (i = 0; license && i < ARRAY_SIZE(gpl); i++)
		if (strcmp(license, gpl[i]) == 0)
			return true;
	return false;
}

/* The module's pages hold, in order: its sections (module_layout), then its struct
 * module, then the section offsets, then mod->sect_attrs. One allocation, so that a
 * failed load gives back exactly what it took. */
static struct module *alloc_module(struct load_info *info)
{
	size_t core = ALIGN_UP(module_layout(info, NULL), 4);
	size_t total = core + sizeof(struct module) + info->hdr->e_shnum * sizeof(u32) +
		       module_sect_attrs_size(info);
	unsigned int order;
	struct page *page;
	struct module *mod;

	if (total > PAGE_SIZE << MAX_PAGE_ORDER) {     /* e_shnum offsets, at most */
		pr_err("%s: module of %zu bytes is larger than one allocation\n", info->name,
		       total);
		return NULL;
	}
	order = get_order(total);
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
	if (!page) {
		pr_err("%s: no memory for %zu bytes of module\n", info->name, total);
		return NULL;
	}
	info->base = page_address(page);
	mod = (struct module *)(info->base + core);
	info->mod = mod;
	info->secoff = (u32 *)(mod + 1);
	module_layout(info, info->secoff);
	mod->sect_attrs = (struct module_sect_attrs *)(info->secoff + info->hdr->e_shnum);
	module_sect_attrs_fill(info, mod->sect_attrs);
	mod->base = info->base;
	mod->size = PAGE_SIZE << order;
	return mod;
}

/* Gives back the module's pages. Linux's name, and never inlined: a debugger breaks
 * here to drop the module's symbols (tools/gdb, irqlab-symbols), as on Linux. */
static __noinline void free_module(struct module *mod)
{
	void *base = mod->base;         /* mod lives in these pages */

	module_kallsyms_del(mod);
	kfree(mod->args);
	free_pages((unsigned long)base, get_order(mod->size));
}

/* Runs init_module of a listed, relocated module and makes it live, or unlists and frees
 * it when init fails. Linux's name, and never inlined: a debugger breaks here to load the
 * module's symbols before its init runs (tools/gdb, irqlab-symbols), as on Linux. */
static __noinline int do_init_module(struct module *mod)
{
	int err;

	/* x86 keeps instruction fetch coherent with the stores of module_copy() and the
	 * relocations: the code can run without a cache flush. Without module_mutex, so
	 * that init may itself look at the list (cat /proc/modules shows it "Loading"). */
	err = mod->init ? mod->init() : 0;

	mutex_lock(&module_mutex);
	if (err) {
		pr_err("%s: init_module failed: %d; unloading\n", mod->name, err);
		list_del(&mod->list);
		mutex_unlock(&module_mutex);
		free_module(mod);
		return err;
	}
	mod->state = MODULE_STATE_LIVE;
	mutex_unlock(&module_mutex);
	return 0;
}

int load_module(const void *image, size_t len, const char *name, const char *args,
		struct module **out)
{
	struct load_info info = { .name = name ? name : "module", .image = image, .len = len };
	const char *modname, *license;
	struct module *mod;
	int err;

	if (out)
		*out = NULL;
	err = elf_check(&info);
	if (err)
		return err;
	modname = module_get_modinfo(&info, "name");
	if (!modname)
		modname = name;
	if (!modname || !*modname) {
		pr_err("%s: no name= in .modinfo and no name given\n", info.name);
		return -ENOEXEC;
	}
	if (strlen(modname) >= MODULE_NAME_LEN) {
		pr_err("%s: module name longer than %d characters\n", modname,
		       MODULE_NAME_LEN - 1);
		return -ENAMETOOLONG;
	}
	info.name = modname;
	license = module_get_modinfo(&info, "license");
	info.gpl_compatible = license_is_gpl_compatible(license);
	if (!license)
		pr_warn("%s: module license unspecified taints kernel.\n", modname);
	else if (!info.gpl_compatible)
		pr_warn("%s: module license '%s' taints kernel.\n", modname, license);

	mutex_lock(&module_mutex);
	if (find_module(modname)) {
		pr_err("%s: a module of that name is already loaded\n", modname);
		err = -EEXIST;
		goto out_unlock;
	}
	mod = alloc_module(&info);
	if (!mod) {
		err = -ENOMEM;
		goto out_unlock;
	}
	module_copy(&info);
	err = module_resolve_all(&info);
	if (!err)
		err = module_apply_relocations(&info);
	if (err)
		goto out_free;
	strlcpy(mod->name, modname, sizeof(mod->name));
	if (args && *args) {
		mod->args = kmalloc(strlen(args) + 1, GFP_KERNEL);
		if (!mod->args) {
			err = -ENOMEM;
			goto out_free;
		}
		strlcpy(mod->args, args, strlen(args) + 1);
	}
	err = module_parse_args(&info, mod);
	if (err)
		goto out_free;
	atomic_set(&mod->refcnt, MODULE_REF_BASE);
	mod->init = (int (*)(void))module_find_func(&info, "init_module");
	mod->exit = (void (*)(void))module_find_func(&info, "cleanup_module");
	/* The copy in the module's .modinfo outlives the image. */
	if (license && info.sechdrs[info.modinfo_index].sh_flags & SHF_ALLOC)
		mod->license = (const char *)info.base +
			info.secoff[info.modinfo_index] +
			(license - ((const char *)image + info.sechdrs[info.modinfo_index].sh_offset));
	/* No read-only text: i686 without PAE has no NX bit, and irqlab runs with CR0.WP
	 * clear, so ring 0 ignores a page's R/W bit; clearing it would protect nothing. */
	err = module_kallsyms_add(&info, mod);
	if (err)
		goto out_free;
	mod->state = MODULE_STATE_COMING;
	list_add_tail(&mod->list, &modules);
	mutex_unlock(&module_mutex);

	err = do_init_module(mod);
	if (err)
		return err;
	if (out)
		*out = mod;
	return 0;

out_free:
	free_module(mod);
out_unlock:
	mutex_unlock(&module_mutex);
	return err;
}

/* Linux's use count: MODULE_REF_BASE while the module may be used, plus one per user.
 * delete_module() takes the base away only when no user is left (or by force): from
 * then on the count is 0 and try_module_get() fails. */
bool try_module_get(struct module *mod)
{
	return !mod || (READ_ONCE(mod->state) != MODULE_STATE_GOING &&
			atomic_inc_not_zero(&mod->refcnt));
}
EXPORT_SYMBOL(try_module_get);

void __module_get(struct module *mod)
{
	if (mod)
		atomic_inc(&mod->refcnt);
}
EXPORT_SYMBOL(__module_get);

void module_put(struct module *mod)
{
	if (mod)
		atomic_dec(&mod->refcnt);
}
EXPORT_SYMBOL(module_put);

int module_refcount(const struct module *mod)
{
	return atomic_read(&mod->refcnt) - MODULE_REF_BASE;
}
EXPORT_SYMBOL(module_refcount);

/* Linux's delete_module(2), in its order: refusals under module_mutex, then the exit
 * without it (exit may sleep, and look at /proc/modules); then irqlab's leak check. */
int delete_module(const char *name, unsigned int flags)
{
	bool force = flags & MODULE_REMOVE_FORCE;
	struct module *mod;
	unsigned int leaks;

	mutex_lock(&module_mutex);
	mod = find_module(name);
	if (!mod) {
		mutex_unlock(&module_mutex);
		return -ENOENT;
	}
	/* Linux: a module with an init and no exit stays, unless forced; one being loaded
	 * or removed is busy. */
	if (mod->state != MODULE_STATE_LIVE || (mod->init && !mod->exit && !force)) {
		mutex_unlock(&module_mutex);
		return -EBUSY;
	}
	/* The users' count to 0 in one step, if it held only the base: no try_module_get()
	 * succeeds from here on. Forced, the users are ignored (their pointers will fault). */
	if (atomic_cmpxchg(&mod->refcnt, MODULE_REF_BASE, 0) != MODULE_REF_BASE) {
		if (!force) {
			mutex_unlock(&module_mutex);
			return -EWOULDBLOCK;
		}
		atomic_set(&mod->refcnt, 0);
	}
	mod->state = MODULE_STATE_GOING;
	mutex_unlock(&module_mutex);

	if (mod->exit && !mod->exit_ran)
		mod->exit();
	leaks = module_check_leaks(mod);

	mutex_lock(&module_mutex);
	if (leaks && !force) {
		/* Kept, Live, its exit not to run again (leaks.c says why). */
		mod->exit_ran = true;
		atomic_set(&mod->refcnt, MODULE_REF_BASE);
		mod->state = MODULE_STATE_LIVE;
		mutex_unlock(&module_mutex);
		pr_err("rmmod: %s: %u leak%s after module_exit; module kept (rmmod -f to force)\n",
		       name, leaks, leaks == 1 ? "" : "s");
		return -EBUSY;
	}
	list_del(&mod->list);
	if (force) {
		pr_warn("%s: removed by force (rmmod -f); its pages stay unmapped\n", name);
		module_unmap_forced(mod);
	}
	mutex_unlock(&module_mutex);
	if (!force)
		free_module(mod);
	return 0;
}

static void modules_row(const struct module *mod, void *arg)
{
	/* Linux's columns: name, size, users, the modules using it, state, address. */
	seq_printf(arg, "%s %zu %d - %s 0x%08lx\n", mod->name, mod->size, module_refcount(mod),
		   module_state_name(mod->state), (unsigned long)mod->base);
}

static int modules_show(struct seq_file *m)
{
	for_each_module(modules_row, m);
	return 0;
}
DEFINE_PROC_FILE(modules, "/proc/modules", modules_show);
