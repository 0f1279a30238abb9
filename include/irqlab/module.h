/* include/irqlab/module.h - loadable modules: what a module's source uses, and the
 * loader's API (kernel/module/).
 *
 * A module is an ELF32 relocatable object (a .ko: `ld -r` of its objects, built with
 * -fno-pic). Its module_init() function runs once it is loaded and relocated; its
 * module_exit() function runs when it is removed. A module without module_exit() cannot
 * be removed, as in Linux without CONFIG_MODULE_FORCE_UNLOAD. */
#ifndef IRQLAB_MODULE_H
#define IRQLAB_MODULE_H

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
	unsigned int refcount;          /* users ("Used by"): none yet, nothing takes one */
	int (*init)(void);              /* init_module, or NULL */
	void (*exit)(void);             /* cleanup_module, or NULL: cannot be removed */
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
/* Runs the module's cleanup_module and frees it. Returns 0, -ENOENT (no such module),
 * or -EBUSY (no cleanup_module, still in use, or being loaded or removed). Process
 * context; may sleep. */
int __must_check delete_module(const char *name);
/* Calls fn for each listed module with module_mutex held (lsmod, /proc/modules).
 * fn must not sleep on module_mutex (load or delete a module). Process context. */
void for_each_module(void (*fn)(const struct module *mod, void *arg), void *arg);
/* Linux's names of the states: "Live", "Loading", "Unloading". Any context. */
const char *module_state_name(enum module_state state);
/* Is the named module listed (in any state)? Process context. */
bool module_is_loaded(const char *name);

#endif
