/* kernel/tests/test_module.c - the module loader (kernel/module/) on the test modules of
 * kernel/tests/modules/, embedded in the image: symbols resolved against the kernel's
 * exports, relocations applied, init and exit run, and every refusal (unknown symbol,
 * failing init, a second load, no exit) leaving nothing loaded and no page taken. Damaged
 * ELF files: test_module_elf.c. */
#include <irqlab/elf.h>
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/mm.h>
#include <irqlab/module.h>
#include <irqlab/seq_file.h>
#include <irqlab/vsprintf.h>
#include "kernel/shell/shell.h"
#include "ktest_log.h"
#include "kunit.h"
#include "module_images.h"
#include "modules/ktest_module.h"

/* Written by the test modules (modules/ktest_module.h); read by the cases. Only one
 * case runs at a time and a module writes these only from its init or exit, which the
 * case calls: no lock. */
void *ktest_module_ptrs[KTEST_MODULE_SLOTS];
EXPORT_SYMBOL_GPL(ktest_module_ptrs);
int ktest_module_exits;
EXPORT_SYMBOL_GPL(ktest_module_exits);

static int load(const char *name, struct module **mod)
{
	size_t len;
	const void *image = ktest_module_image(name, &len);

	return image ? load_module(image, len, NULL, NULL, mod) : -ENOENT;
}

static bool in_module(const struct module *mod, const void *p)
{
	return (const u8 *)p >= (const u8 *)mod->base &&
	       (const u8 *)p < (const u8 *)mod->base + mod->size;
}

static void test_hello_runs_and_is_removed(struct kunit *test)
{
	unsigned long before = nr_free_pages();
	int exits = ktest_module_exits;
	struct module *mod;
	int *counter;

	ktest_module_ptrs[KTEST_HELLO_COUNTER] = NULL;
	ktest_log_mark();
	KUNIT_ASSERT_EQ(test, load("hello", &mod), 0);
	KUNIT_ASSERT_TRUE(test, mod != NULL);
	KUNIT_EXPECT_STREQ(test, mod->name, "hello");
	KUNIT_EXPECT_STREQ(test, mod->license, "GPL");
	KUNIT_EXPECT_EQ(test, mod->state, MODULE_STATE_LIVE);
	KUNIT_EXPECT_LT(test, nr_free_pages(), before);
	counter = ktest_module_ptrs[KTEST_HELLO_COUNTER];
	KUNIT_EXPECT_TRUE(test, counter && in_module(mod, counter));
	KUNIT_EXPECT_EQ(test, counter ? *counter : -1, 1);
	KUNIT_EXPECT_NOT_NULL(test, strstr(ktest_log_since_mark(), "hello: loaded, counter 1"));
	KUNIT_EXPECT_TRUE(test, module_is_loaded("hello"));

	KUNIT_EXPECT_EQ(test, delete_module("hello", 0), 0);
	KUNIT_EXPECT_EQ(test, ktest_module_exits, exits + 1);
	KUNIT_EXPECT_FALSE(test, module_is_loaded("hello"));
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before);
}

static void test_relocations_land(struct kunit *test)
{
	struct module *mod;
	int *target, *result, **table;
	void *helper;

	KUNIT_ASSERT_EQ(test, load("reloc", &mod), 0);
	target = ktest_module_ptrs[KTEST_RELOC_TARGET];
	result = ktest_module_ptrs[KTEST_RELOC_RESULT];
	table = ktest_module_ptrs[KTEST_RELOC_TABLE];
	helper = ktest_module_ptrs[KTEST_RELOC_HELPER];
	KUNIT_ASSERT_TRUE(test, target && result && table && helper);
	KUNIT_EXPECT_TRUE(test, in_module(mod, target) && in_module(mod, result) &&
			  in_module(mod, table) && in_module(mod, helper));
	/* R_386_32 in .rodata, the second with an addend of 8. */
	KUNIT_EXPECT_TRUE(test, table[0] == &target[0]);
	KUNIT_EXPECT_TRUE(test, table[1] == &target[2]);
	KUNIT_EXPECT_EQ(test, result[0], 3 * 5 + 11 + 100);    /* PC32 calls within */
	KUNIT_EXPECT_EQ(test, result[1], 3 * 7 + 11 + 12);     /* R_386_32 to its code */
	KUNIT_EXPECT_EQ(test, result[2], 1);                   /* calls to the kernel */
	KUNIT_EXPECT_EQ(test, result[3], 13 + 11);             /* R_386_32 in .data */
	KUNIT_EXPECT_EQ(test, delete_module("reloc", 0), 0);
}

/* Compilers call a function in another object with R_386_PC32 or, for a call that a
 * shared object would route through its PLT, R_386_PLT32; both must land. */
static void test_plt32_calls_land(struct kunit *test)
{
	size_t len;
	const u8 *good = ktest_module_image("reloc", &len);
	unsigned int order = get_order(len), i, j, changed = 0;
	const Elf32_Ehdr *hdr;
	Elf32_Shdr *sh;
	struct page *page;
	int *result;
	u8 *copy;

	KUNIT_ASSERT_TRUE(test, good != NULL);
	page = alloc_pages(GFP_KERNEL, order);
	KUNIT_ASSERT_TRUE(test, page != NULL);
	copy = page_address(page);
	memcpy(copy, good, len);
	hdr = (const Elf32_Ehdr *)copy;
	sh = (Elf32_Shdr *)(copy + hdr->e_shoff);
	for (i = 1; i < hdr->e_shnum; i++) {
		Elf32_Rel *r = (Elf32_Rel *)(copy + sh[i].sh_offset);

		if (sh[i].sh_type != SHT_REL || !(sh[sh[i].sh_info].sh_flags & SHF_ALLOC))
			continue;
		for (j = 0; j < sh[i].sh_size / sizeof(*r); j++)
			if (ELF32_R_TYPE(r[j].r_info) == R_386_PC32) {
				r[j].r_info = (r[j].r_info & ~0xffu) | R_386_PLT32;
				changed++;
			}
	}
	KUNIT_EXPECT_GT(test, changed, 0);
	ktest_module_ptrs[KTEST_RELOC_RESULT] = NULL;
	KUNIT_EXPECT_EQ(test, load_module(copy, len, NULL, NULL, NULL), 0);
	__free_pages(page, order);              /* the loader keeps no pointer into it */
	result = ktest_module_ptrs[KTEST_RELOC_RESULT];
	KUNIT_ASSERT_TRUE(test, result != NULL);
	KUNIT_EXPECT_EQ(test, result[0], 3 * 5 + 11 + 100);
	KUNIT_EXPECT_EQ(test, result[2], 1);
	KUNIT_EXPECT_EQ(test, delete_module("reloc", 0), 0);
}

/* A spinlock, a tasklet, a work item and a kthread, all through the exports; exit
 * stops them, so nothing of the module runs once its pages are freed. */
static void test_driver_api_module(struct kunit *test)
{
	int exits = ktest_module_exits;
	int *events;

	ktest_module_ptrs[KTEST_DRIVER_API_EVENTS] = NULL;
	KUNIT_ASSERT_EQ(test, load("driver_api", NULL), 0);
	events = ktest_module_ptrs[KTEST_DRIVER_API_EVENTS];
	KUNIT_EXPECT_TRUE(test, events && *events == 2);
	KUNIT_EXPECT_EQ(test, delete_module("driver_api", 0), 0);
	KUNIT_EXPECT_EQ(test, ktest_module_exits, exits + 1);
}

static void test_unknown_symbol_refused_by_name(struct kunit *test)
{
	unsigned long before = nr_free_pages();

	ktest_log_mark();
	KUNIT_EXPECT_EQ(test, load("unknown_sym", NULL), -ENOENT);
	KUNIT_EXPECT_NOT_NULL(test, strstr(ktest_log_since_mark(),
					   "unknown_sym: Unknown symbol no_such_kernel_function"));
	KUNIT_EXPECT_FALSE(test, module_is_loaded("unknown_sym"));
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before);
}

static void test_gpl_export_hidden_from_proprietary(struct kunit *test)
{
	ktest_log_mark();
	KUNIT_EXPECT_EQ(test, load("proprietary", NULL), -ENOENT);
	KUNIT_EXPECT_NOT_NULL(test, strstr(ktest_log_since_mark(),
					   "proprietary: Unknown symbol irq_inject"));
	KUNIT_EXPECT_FALSE(test, module_is_loaded("proprietary"));
}

static void test_failing_init_unloads(struct kunit *test)
{
	unsigned long before = nr_free_pages();
	int exits = ktest_module_exits;
	struct module *mod = (struct module *)1;

	ktest_module_ptrs[KTEST_FAILS_COUNTER] = NULL;
	KUNIT_EXPECT_EQ(test, load("init_fails", &mod), -ENODEV);
	KUNIT_EXPECT_NULL(test, mod);
	KUNIT_EXPECT_NOT_NULL(test, ktest_module_ptrs[KTEST_FAILS_COUNTER]);   /* it ran */
	KUNIT_EXPECT_EQ(test, ktest_module_exits, exits);
	KUNIT_EXPECT_FALSE(test, module_is_loaded("init_fails"));
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before);
}

static void test_second_load_is_eexist(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, load("hello", NULL), 0);
	KUNIT_EXPECT_EQ(test, load("hello", NULL), -EEXIST);
	KUNIT_EXPECT_TRUE(test, module_is_loaded("hello"));
	KUNIT_EXPECT_EQ(test, delete_module("hello", 0), 0);
}

/* The shell's output of line, into buf. */
static void shell_output(const char *line, char *buf, size_t size)
{
	struct seq_file m = { .buf = buf, .size = size - 1 };
	char copy[SHELL_LINE_MAX];

	strlcpy(copy, line, sizeof(copy));
	kprintf_redirect(&m);
	(void)shell_execute(copy);
	kprintf_redirect(NULL);
	buf[m.count] = '\0';
}

static void test_rmmod_of_missing_module(struct kunit *test)
{
	char out[160];

	KUNIT_EXPECT_EQ(test, delete_module("nosuch", 0), -ENOENT);
	shell_output("rmmod nosuch", out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "rmmod: ERROR: Module nosuch is not currently loaded\n");
}

static void test_no_exit_is_busy(struct kunit *test)
{
	int err = load("noexit", NULL);
	char out[160];

	/* It can never be removed, so a second run of the suite finds it loaded. */
	KUNIT_EXPECT_TRUE(test, err == 0 || err == -EEXIST);
	KUNIT_EXPECT_EQ(test, delete_module("noexit", 0), -EBUSY);
	KUNIT_EXPECT_TRUE(test, module_is_loaded("noexit"));
	shell_output("rmmod noexit", out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out,
			   "rmmod: ERROR: could not remove module noexit: Device or resource busy\n");
}

static void test_proc_modules_and_lsmod(struct kunit *test)
{
	const struct proc_file *f = proc_file_find("/proc/modules");
	char buf[512], want[96], out[512];
	struct seq_file m = { .buf = buf, .size = sizeof(buf) - 1 };
	struct module *mod;

	KUNIT_ASSERT_TRUE(test, f != NULL);
	KUNIT_ASSERT_EQ(test, load("hello", &mod), 0);
	KUNIT_EXPECT_EQ(test, proc_file_show(f, &m), 0);
	buf[m.count] = '\0';
	snprintf(want, sizeof(want), "hello %zu 0 - Live 0x%08lx\n", mod->size,
		 (unsigned long)mod->base);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, want));
	KUNIT_EXPECT_EQ(test, mod->size % PAGE_SIZE, 0);

	shell_output("lsmod", out, sizeof(out));
	KUNIT_EXPECT_TRUE(test, str_starts_with(out, "Module                  Size  Used by\n"));
	snprintf(want, sizeof(want), "\nhello               %8zu  0\n", mod->size);
	KUNIT_EXPECT_NOT_NULL(test, strstr(out, want));

	shell_output("rmmod hello", out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "");
	KUNIT_EXPECT_FALSE(test, module_is_loaded("hello"));
}

static int load_args(const char *name, const char *args, struct module **mod)
{
	size_t len;
	const void *image = ktest_module_image(name, &len);

	return image ? load_module(image, len, NULL, args, mod) : -ENOENT;
}

/* insmod's words set each type before init runs; a quoted value keeps its spaces. */
static void test_params_set_before_init(struct kunit *test)
{
	unsigned long before = nr_free_pages();
	struct ktest_params *v;
	struct module *mod;

	ktest_module_ptrs[KTEST_PARAMS_VALUES] = NULL;
	KUNIT_ASSERT_EQ(test, load_args("params", "irq=12 count=0x10 offset=-7 mask=4294967295 "
					"name=\"a b\" flag", &mod), 0);
	v = ktest_module_ptrs[KTEST_PARAMS_VALUES];
	KUNIT_ASSERT_TRUE(test, v != NULL);
	KUNIT_EXPECT_EQ(test, v->irq, 12);
	KUNIT_EXPECT_EQ(test, v->count, 16u);
	KUNIT_EXPECT_EQ(test, v->offset, -7l);
	KUNIT_EXPECT_EQ(test, v->mask, 4294967295ul);
	KUNIT_EXPECT_STREQ(test, v->name, "a b");
	KUNIT_EXPECT_TRUE(test, v->flag);
	KUNIT_EXPECT_EQ(test, delete_module("params", 0), 0);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before);

	KUNIT_ASSERT_EQ(test, load_args("params", NULL, &mod), 0);
	v = ktest_module_ptrs[KTEST_PARAMS_VALUES];
	KUNIT_EXPECT_EQ(test, v->irq, 5);
	KUNIT_EXPECT_STREQ(test, v->name, "none");
	KUNIT_EXPECT_FALSE(test, v->flag);
	KUNIT_EXPECT_EQ(test, delete_module("params", 0), 0);
}

/* Linux's messages: an unknown name is warned and ignored, a bad value refuses the
 * load with -EINVAL and takes no page. */
static void test_params_unknown_and_invalid(struct kunit *test)
{
	unsigned long before = nr_free_pages();
	static const char *const bad[] = { "irq=abc", "irq=", "count=-1", "flag=maybe",
					   "irq=4294967296", "mask=12x", "name" };
	unsigned int i;

	ktest_log_mark();
	KUNIT_ASSERT_EQ(test, load_args("params", "foo=1 irq=3", NULL), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(ktest_log_since_mark(),
					   "params: unknown parameter 'foo' ignored"));
	KUNIT_EXPECT_EQ(test, ((struct ktest_params *)ktest_module_ptrs[KTEST_PARAMS_VALUES])->irq, 3);
	KUNIT_EXPECT_EQ(test, delete_module("params", 0), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ktest_log_mark();
		KUNIT_EXPECT_EQ(test, load_args("params", bad[i], NULL), -EINVAL);
		KUNIT_EXPECT_FALSE(test, module_is_loaded("params"));
	}
	KUNIT_EXPECT_NOT_NULL(test, strstr(ktest_log_since_mark(),
					   "params: '' invalid for parameter 'name'"));
	ktest_log_mark();
	KUNIT_EXPECT_EQ(test, load_args("params", "irq=abc", NULL), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(ktest_log_since_mark(),
					   "params: 'abc' invalid for parameter 'irq'"));
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before);
}

static void test_kernel_exports(struct kunit *test)
{
	const struct kernel_symbol *ks = find_symbol("printk");

	KUNIT_ASSERT_TRUE(test, ks != NULL);
	KUNIT_EXPECT_EQ(test, ks->value, (unsigned long)printk);
	KUNIT_EXPECT_FALSE(test, ks->gpl_only);
	ks = find_symbol("irq_inject");
	KUNIT_EXPECT_TRUE(test, ks && ks->gpl_only);
	KUNIT_EXPECT_NULL(test, find_symbol("no_such_kernel_function"));
	KUNIT_EXPECT_NULL(test, find_symbol("print"));  /* whole names only */
}

static struct kunit_case module_cases[] = {
	KUNIT_CASE(test_kernel_exports),
	KUNIT_CASE(test_hello_runs_and_is_removed),
	KUNIT_CASE(test_relocations_land),
	KUNIT_CASE(test_plt32_calls_land),
	KUNIT_CASE(test_driver_api_module),
	KUNIT_CASE(test_unknown_symbol_refused_by_name),
	KUNIT_CASE(test_gpl_export_hidden_from_proprietary),
	KUNIT_CASE(test_failing_init_unloads),
	KUNIT_CASE(test_second_load_is_eexist),
	KUNIT_CASE(test_rmmod_of_missing_module),
	KUNIT_CASE(test_no_exit_is_busy),
	KUNIT_CASE(test_proc_modules_and_lsmod),
	KUNIT_CASE(test_params_set_before_init),
	KUNIT_CASE(test_params_unknown_and_invalid),
	{}
};
kunit_test_suite(module, module_cases);
