/* include/irqlab/moduleparam.h - module parameters: module_param(name, type, perm) puts
 * a struct kernel_param in the module's __param section; the loader sets each one named
 * in insmod's "name=value" words before init_module runs (kernel/module/params.c). */
#ifndef IRQLAB_MODULEPARAM_H
#define IRQLAB_MODULEPARAM_H

#include <irqlab/types.h>

/* Linux's param_ops_int, ..._charp, ..._bool, as an enum: the loader does the parsing. */
enum kernel_param_type {
	KPARAM_INT,
	KPARAM_UINT,
	KPARAM_LONG,
	KPARAM_ULONG,
	KPARAM_CHARP,                   /* points into the module's copy of its arguments */
	KPARAM_BOOL,                    /* 1/0, y/n, Y/N; a bare "flag" sets it */
};

struct kernel_param {
	const char *name;
	enum kernel_param_type type;
	void *arg;                      /* the module's variable */
};

/* Each type's C type, checked against the variable by __param_check_NAME. */
#define __param_ctype_int       int
#define __param_ctype_uint      unsigned int
#define __param_ctype_long      long
#define __param_ctype_ulong     unsigned long
#define __param_ctype_charp     char *
#define __param_ctype_bool      bool
#define __param_kind_int        KPARAM_INT
#define __param_kind_uint       KPARAM_UINT
#define __param_kind_long       KPARAM_LONG
#define __param_kind_ulong      KPARAM_ULONG
#define __param_kind_charp      KPARAM_CHARP
#define __param_kind_bool       KPARAM_BOOL

/* perm: the sysfs mode Linux gives /sys/module/M/parameters/NAME; irqlab has no sysfs,
 * so it is checked to be a constant and otherwise unused. An unknown type (byte, short,
 * invbool, arrays) is a compile error naming __param_ctype_TYPE. */
#define module_param(name, type, perm)                                          \
	static inline __maybe_unused __param_ctype_##type *__param_check_##name(void) \
	{ return &(name); }                                                      \
	_Static_assert((perm) >= 0, "module_param: perm is a file mode");        \
	static const struct kernel_param __param_##name                         \
	__attribute__((used, section("__param"), aligned(sizeof(void *)))) =     \
		{ #name, __param_kind_##type, &(name) }

#define module_param_named(name, value, type, perm) \
	_Static_assert(0, "irqlab has no module_param_named: name the variable as the parameter")
#define module_param_array(name, type, nump, perm) \
	_Static_assert(0, "irqlab has no module_param_array")

/* S_IRUGO and its kin, for perm. */
#define S_IRUSR 00400
#define S_IWUSR 00200
#define S_IRGRP 00040
#define S_IROTH 00004
#define S_IRUGO (S_IRUSR | S_IRGRP | S_IROTH)
#define S_IWUGO 00222

#endif
