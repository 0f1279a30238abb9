/* kernel/tests/test_module_unload.c - removing a module: use counts (THIS_MODULE, an open
 * device holding its module), and the leak check after module_exit
 * (kernel/module/leaks.c), on kernel/tests/modules/leak.c. A leak found, the case undoes
 * it by hand and removes the module again; only a class, which nothing calls into, is
 * left for the forced removal (whose pages stay unmapped: anything else left would
 * fault when next touched - tests/test_insmod.py shows that). */
#include <irqlab/device.h>
#include <irqlab/errno.h>
#include <irqlab/fs.h>
#include <irqlab/miscdevice.h>
#include <irqlab/mm.h>
#include <irqlab/module.h>
#include <irqlab/string.h>
#include <irqlab/tasklet.h>
#include <irqlab/vsprintf.h>
#include "ktest_log.h"
#include "kunit.h"
#include "module_images.h"
#include "modules/ktest_module.h"

static int load_leak(const char *args, struct module **mod)
{
	size_t len;
	const void *image = ktest_module_image("leak", &len);

	return image ? load_module(image, len, NULL, args, mod) : -ENOENT;
}

static bool log_has(const char *text)
{
	return strstr(ktest_log_since_mark(), text) != NULL;
}

/* "(API from leak_init+0x": gcc keeps leak_init's own symbol beside its alias
 * init_module; clang keeps only the alias, and the address is named by it. */
/* The call is in leak_init, or in leak_setup when the compiler did not inline it (clang
 * names leak_init by its alias, init_module). */
static bool log_has_caller(const char *api)
{
	static const char *const fns[] = { "leak_init", "init_module", "leak_setup" };
	char want[64];

	for (unsigned int i = 0; i < ARRAY_SIZE(fns); i++) {
		snprintf(want, sizeof(want), "(%s from %s+0x", api, fns[i]);
		if (log_has(want))
			return true;
	}
	return false;
}

/* Opening leak's misc device takes a reference on its module; rmmod is then refused
 * with Linux's EWOULDBLOCK; release gives it back and rmmod succeeds. */
static void test_open_device_holds_module(struct kunit *test)
{
	struct inode inode = { 0 };
	struct file file = { 0 };
	struct module *mod;

	KUNIT_ASSERT_EQ(test, load_leak(NULL, &mod), 0);
	KUNIT_EXPECT_EQ(test, module_refcount(mod), 0);
	KUNIT_ASSERT_EQ(test, chrdev_open_path("/dev/leakdev", &inode, &file), 0);
	KUNIT_EXPECT_EQ(test, module_refcount(mod), 1);
	KUNIT_EXPECT_TRUE(test, file.f_op->owner == mod);       /* THIS_MODULE */
	KUNIT_EXPECT_EQ(test, delete_module("leak", 0), -EWOULDBLOCK);
	KUNIT_EXPECT_TRUE(test, module_is_loaded("leak"));
	KUNIT_EXPECT_EQ(test, mod->state, MODULE_STATE_LIVE);
	KUNIT_EXPECT_EQ(test, chrdev_release(&inode, &file), 0);
	KUNIT_EXPECT_EQ(test, module_refcount(mod), 0);
	KUNIT_EXPECT_EQ(test, delete_module("leak", 0), 0);
	KUNIT_EXPECT_FALSE(test, module_is_loaded("leak"));
}

static void test_try_module_get_and_put(struct kunit *test)
{
	struct module *mod;

	KUNIT_EXPECT_TRUE(test, try_module_get(NULL));          /* built-in code */
	module_put(NULL);
	KUNIT_ASSERT_EQ(test, load_leak(NULL, &mod), 0);
	KUNIT_EXPECT_TRUE(test, try_module_get(mod));
	__module_get(mod);
	KUNIT_EXPECT_EQ(test, module_refcount(mod), 2);
	KUNIT_EXPECT_EQ(test, delete_module("leak", 0), -EWOULDBLOCK);
	module_put(mod);
	module_put(mod);
	KUNIT_EXPECT_EQ(test, delete_module("leak", 0), 0);
}

/* A clean exit leaves nothing: the module's pages go back. */
static void test_clean_exit_frees(struct kunit *test)
{
	unsigned long before = nr_free_pages();

	ktest_log_mark();
	KUNIT_ASSERT_EQ(test, load_leak("leak=none", NULL), 0);
	KUNIT_EXPECT_EQ(test, delete_module("leak", 0), 0);
	KUNIT_EXPECT_FALSE(test, log_has("rmmod: leak:"));
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before);
}

/* One leak, named; the module stays Live with its exit run; a second rmmod only checks
 * again (exit does not run twice); undone by hand (undo), the next rmmod frees it. */
static void *check_leak(struct kunit *test, const char *args, const char *report,
			const char *api)
{
	int exits = ktest_module_exits;
	struct module *mod;
	void *obj;

	ktest_module_ptrs[KTEST_LEAK_OBJECT] = NULL;
	KUNIT_EXPECT_EQ(test, load_leak(args, &mod), 0);
	obj = ktest_module_ptrs[KTEST_LEAK_OBJECT];
	ktest_log_mark();
	KUNIT_EXPECT_EQ(test, delete_module("leak", 0), -EBUSY);
	KUNIT_EXPECT_TRUE(test, log_has(report));
	if (api)
		KUNIT_EXPECT_TRUE(test, log_has_caller(api));
	KUNIT_EXPECT_TRUE(test, log_has("rmmod: leak: 1 leak after module_exit; module kept"));
	KUNIT_EXPECT_TRUE(test, module_is_loaded("leak"));
	KUNIT_EXPECT_EQ(test, mod->state, MODULE_STATE_LIVE);
	KUNIT_EXPECT_TRUE(test, mod->exit_ran);
	KUNIT_EXPECT_EQ(test, ktest_module_exits, exits + 1);
	KUNIT_EXPECT_EQ(test, delete_module("leak", 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, ktest_module_exits, exits + 1);   /* exit runs once */
	KUNIT_EXPECT_TRUE(test, obj != NULL);
	return obj;
}

static void test_leaked_tasklet_named(struct kunit *test)
{
	struct tasklet_struct *t = check_leak(test, "leak=tasklet",
		"rmmod: leak: tasklet leak_tasklet_fn still scheduled on CPU ", "tasklet_setup");

	KUNIT_ASSERT_TRUE(test, t != NULL);
	tasklet_enable(t);              /* it runs (the module is still there), then goes */
	tasklet_kill(t);
	KUNIT_EXPECT_EQ(test, delete_module("leak", 0), 0);
	KUNIT_EXPECT_FALSE(test, module_is_loaded("leak"));
}

static void test_leaked_misc_named(struct kunit *test)
{
	struct miscdevice *misc = check_leak(test, "leak=misc", "fops leak_fops [leakdev] still "
					     "registered (misc_register from ", "misc_register");

	KUNIT_ASSERT_TRUE(test, misc != NULL);
	misc_deregister(misc);
	KUNIT_EXPECT_EQ(test, delete_module("leak", 0), 0);
}

static void test_leaked_chrdev_named(struct kunit *test)
{
	dev_t *devt = check_leak(test, "leak=chrdev", "rmmod: leak: chrdev region ",
				 "alloc_chrdev_region");

	KUNIT_ASSERT_TRUE(test, devt != NULL);
	unregister_chrdev_region(*devt, 1);
	KUNIT_EXPECT_EQ(test, delete_module("leak", 0), 0);
}

/* register_chrdev() makes a region and a cdev in one call: one leak, one line. */
static void test_leaked_register_chrdev_is_one_leak(struct kunit *test)
{
	int *major = check_leak(test, "leak=register_chrdev", "rmmod: leak: chrdev region ",
				"register_chrdev");

	KUNIT_EXPECT_TRUE(test, log_has(":0+256 and its cdev"));
	KUNIT_ASSERT_TRUE(test, major != NULL);
	unregister_chrdev((unsigned int)*major, "leak");
	KUNIT_EXPECT_EQ(test, delete_module("leak", 0), 0);
}

/* The class stays: -f removes the module anyway and keeps its pages, unmapped. */
static void test_leaked_class_forced(struct kunit *test)
{
	unsigned long before = nr_free_pages(), loaded;

	check_leak(test, "leak=class", "rmmod: leak: class [leak_class] still registered ",
		   "class_create");
	loaded = nr_free_pages();
	ktest_log_mark();
	KUNIT_EXPECT_EQ(test, delete_module("leak", MODULE_REMOVE_FORCE), 0);
	KUNIT_EXPECT_TRUE(test, log_has("leak: removed by force (rmmod -f)"));
	KUNIT_EXPECT_FALSE(test, module_is_loaded("leak"));
	KUNIT_EXPECT_LT(test, nr_free_pages(), before);         /* never given back */
	KUNIT_EXPECT_GE(test, nr_free_pages(), loaded);
}

static struct kunit_case module_unload_cases[] = {
	KUNIT_CASE(test_open_device_holds_module),
	KUNIT_CASE(test_try_module_get_and_put),
	KUNIT_CASE(test_clean_exit_frees),
	KUNIT_CASE(test_leaked_tasklet_named),
	KUNIT_CASE(test_leaked_misc_named),
	KUNIT_CASE(test_leaked_chrdev_named),
	KUNIT_CASE(test_leaked_register_chrdev_is_one_leak),
	KUNIT_CASE(test_leaked_class_forced),
	{}
};
kunit_test_suite(module_unload, module_unload_cases);
