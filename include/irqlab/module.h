/* include/irqlab/module.h - loadable modules: what a module's source uses, and the
 * loader's API (kernel/module/).
 *
 * A module is an ELF32 relocatable object (a .ko: `ld -r` of its objects, built with
 * -fno-pic). Its module_init() function runs once it is loaded and relocated; its
 * module_exit() function runs when it is removed. A module with module_init() and no
 * module_exit() cannot be removed, nor one in use (module_refcount() > 0), except by
 * delete_module()'s force, Linux's CONFIG_MODULE_FORCE_UNLOAD (`rmmod -f`).
 *
 * irqlab's addition: after module_exit() returns, the loader looks for anything the
 * kernel still holds that points into the module's pages (an IRQ handler, a pending
 * timer, a queued work item, a live kthread, a registered char device...) and refuses to
 * free them while there is (kernel/module/leaks.c). */
#ifndef IRQLAB_MODULE_H
#define IRQLAB_MODULE_H

#include <irqlab/atomic.h>
#include <irqlab/export.h>
#include <irqlab/list.h>
#include <irqlab/moduleparam.h>

#define MODULE_NAME_LEN 56              /* Linux's (64 - sizeof(unsigned long) on 64-bit) */

/* Linux's module_init/module_exit in a module: the loader finds the functions by these
 * two names, which the macros make aliases of the module's own functions. The unused
 * __inittest/__exittest make the compiler check the function's type, which an alias
 * does not. Each ends in its own semicolon, as Linux's do, so `module_init(f)` with
 * none after it (as some of the notes' examples write it) compiles too. */
#define module_init(initfn)                                                     \
	static inline __maybe_unused __typeof__(initfn) *__inittest(void) { return initfn; }   \
	int init_module(void) __attribute__((alias(#initfn)));
#define module_exit(exitfn)                                                     \
	static inline __maybe_unused __typeof__(exitfn) *__exittest(void) { return exitfn; }   \
	void cleanup_module(void) __attribute__((alias(#exitfn)));

/* "tag=value" strings in .modinfo, read by the loader (and by modinfo, later). */
#define __MODULE_INFO_ID2(a, b) a##b
#define __MODULE_INFO_ID(a, b) __MODULE_INFO_ID2(a, b)
#define MODULE_INFO(tag, info)                                                  \
	static const char __MODULE_INFO_ID(__modinfo_, __COUNTER__)[]            \
	__attribute__((used, section(".modinfo"), aligned(1))) = #tag "=" info
#define MODULE_LICENSE(l)       MODULE_INFO(license, l)
#define MODULE_AUTHOR(a)        MODULE_INFO(author, a)
#define MODULE_DESCRIPTION(d)   MODULE_INFO(description, d)
#define MODULE_PARM_DESC(p, d)  MODULE_INFO(parm, #p ":" d)
/* The build names the module (-DKBUILD_MODNAME="hello"), as Kbuild does. */
#if defined(MODULE) && defined(KBUILD_MODNAME)
MODULE_INFO(name, KBUILD_MODNAME);
#endif

/* THIS_MODULE: the module the code is built into; NULL in the kernel proper. A module's
 * __this_module is its struct module, which the loader binds the name to (Linux's modpost
 * defines it in the module's .gnu.linkonce.this_module section; here the loader makes
 * the struct and resolves the symbol to it). */
#ifdef MODULE
extern struct module __this_module;
#define THIS_MODULE (&__this_module)
#else
#define THIS_MODULE ((struct module *)0)
#endif

/* Linux's states and their names in /proc/modules. */
enum module_state {
	MODULE_STATE_LIVE,              /* init returned 0 */
	MODULE_STATE_COMING,            /* init is running */
	MODULE_STATE_GOING,             /* exit is running, or a failed init is undone */
};

/* Where one SHF_ALLOC section was loaded: Linux's module_sect_attr, what its
 * /sys/module/NAME/sections/ lists and what debuggers read to load the module's symbols
 * at its address (tools/gdb's irqlab-symbols, `add-symbol-file NAME.ko -s .text ADDR`). */
struct module_sect_attr {
	const char *name;               /* ".text", ".data"...: in the module's pages */
	unsigned long address;
};
struct module_sect_attrs {
	unsigned int nsections;
	struct module_sect_attr attrs[];
};

/* A loaded module. On the modules list, guarded by module_mutex (kernel/module/main.c);
 * the fields other than state and list are set before it is listed and never change. */
struct module {
	char name[MODULE_NAME_LEN];
	enum module_state state;        /* module_mutex */
	struct list_head list;          /* the modules list; module_mutex */
	void *base;                     /* the pages holding its sections and this struct */
	size_t size;                    /* bytes of those pages */
	atomic_t refcnt;                /* users ("Used by"): try_module_get()/module_put(),
					 * atomic; delete_module() reads it under module_mutex */
	int (*init)(void);              /* init_module, or NULL */
	void (*exit)(void);             /* cleanup_module, or NULL: with init, cannot be
					 * removed but by force */
	bool exit_ran;                  /* module_mutex: exit ran, and the leak checker
					 * kept the module (kernel/module/leaks.c) */
	const char *license;            /* from .modinfo, or NULL; points into the image */
	char *args;                     /* kmalloc'd copy of insmod's arguments, or NULL:
					 * charp parameters point into it */
	struct module_sect_attrs *sect_attrs;   /* in the module's pages */
};

/* Loads the ELF relocatable image[0, len): checks it, lays out and relocates its
 * sections, resolves its undefined symbols against the kernel's exports, then runs its
 * init_module. name: the module's name when .modinfo has no name= (insmod passes the
 * file's base name); may be NULL otherwise. args: "name=value ..." for its module_param()s,
 * set before init_module runs (an unknown one is reported and ignored, as in Linux);
 * may be NULL.
 * The image is only read, and may be freed once this returns. On success *out (if
 * out is not NULL) is the live module. Returns 0, or -ENOEXEC (not a valid module),
 * -ENOENT (an unknown symbol), -EEXIST (the name is loaded), -EINVAL (a parameter's value is
 * not of its type), -ENOMEM, or the error
 * init_module returned (the module is then unloaded). Process context; may sleep. */
int __must_check load_module(const void *image, size_t len, const char *name,
			     const char *args, struct module **out);
/* delete_module() flags: Linux's O_TRUNC, which `rmmod -f` passes. */
#define MODULE_REMOVE_FORCE     1
/* Runs the module's cleanup_module, checks nothing still points into it, and frees it.
 * Returns 0, -ENOENT (no such module), or -EBUSY (init and no cleanup_module, still in
 * use, being loaded or removed, or leaks found after exit: each is reported by
 * pr_err, "rmmod: leak: ..."). With MODULE_REMOVE_FORCE: in use or without exit, it is
 * removed all the same, and leaks do not stop it: its pages are then unmapped, never
 * freed, so that a call through a leaked pointer faults and the fault report names the
 * module (module_unloaded_at()). Process context; may sleep. */
int __must_check delete_module(const char *name, unsigned int flags);

/* Linux's use counts. try_module_get() takes a reference unless the module is being
 * removed (false then); NULL (built-in code) always succeeds. module_put() drops one.
 * Any context. */
bool try_module_get(struct module *mod);
void module_put(struct module *mod);
/* __module_get(): a reference for a caller that holds one already. Any context. */
void __module_get(struct module *mod);
/* The use count, as lsmod's "Used by" shows it. Any context. */
int module_refcount(const struct module *mod);
/* A force-removed module whose pages held addr: its name and range into name/start/end,
 * true; false otherwise. For the fault report. Any context, even a fault: no lock. */
bool module_unloaded_at(unsigned long addr, const char **name, unsigned long *start,
			unsigned long *end);
/* Calls fn for each listed module with module_mutex held (lsmod, /proc/modules).
 * fn must not sleep on module_mutex (load or delete a module). Process context. */
void for_each_module(void (*fn)(const struct module *mod, void *arg), void *arg);
/* Linux's names of the states: "Live", "Loading", "Unloading". Any context. */
const char *module_state_name(enum module_state state);
/* Is the named module listed (in any state)? Process context. */
bool module_is_loaded(const char *name);

#endif
