/* kernel/tests/modules/ktest_module.h - how the test modules report back to
 * kernel/tests/test_module.c: through two symbols that suite exports. */
#ifndef KERNEL_TESTS_MODULES_KTEST_MODULE_H
#define KERNEL_TESTS_MODULES_KTEST_MODULE_H

/* Slots a module's init fills with addresses of its own data and code. */
enum {
	KTEST_HELLO_COUNTER,            /* hello: &counter */
	KTEST_RELOC_TABLE,              /* reloc: its table of R_386_32 pointers */
	KTEST_RELOC_TARGET,             /* reloc: what the table's pointers point into */
	KTEST_RELOC_HELPER,             /* reloc: its helper function */
	KTEST_RELOC_RESULT,             /* reloc: &result of its calls */
	KTEST_FAILS_COUNTER,            /* init_fails: &counter, in memory then freed */
	KTEST_NOEXIT_COUNTER,           /* noexit: &counter */
	KTEST_DRIVER_API_EVENTS,        /* driver_api: &events (tasklet + work item) */
	KTEST_PARAMS_VALUES,            /* params: &values, its parameters at init */
	KTEST_LEAK_OBJECT,              /* leak: what its exit forgets (the tasklet, class,
					 * miscdevice or dev_t), for the test to undo */
	KTEST_MODULE_SLOTS
};

/* What the params module's parameters held when its init ran. */
struct ktest_params {
	int irq;
	unsigned int count;
	long offset;
	unsigned long mask;
	const char *name;
	bool flag;
};
extern void *ktest_module_ptrs[KTEST_MODULE_SLOTS];
extern int ktest_module_exits;          /* each module_exit adds one */

#endif
