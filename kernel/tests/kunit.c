/* kernel/tests/kunit.c - runs the suites and prints KTAP version 1. */
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include <irqlab/time.h>
#include <irqlab/vsprintf.h>
#include "kunit.h"

extern struct kunit_suite *__start_ktap_suites[], *__stop_ktap_suites[];

/* What is running now, for kunit_report_panic(). */
static struct kunit_suite *current_suite;
static int current_suite_index;
static int current_case_index;
static struct kunit *current_test;

void kunit_fail(struct kunit *test, const char *file, int line, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	test->failed = true;
	kprintf("    # %s: EXPECTATION FAILED at %s:%d\n", test->name, file, line);
	kprintf("    # %s\n", buf);
}

void kunit_skip_case(struct kunit *test, const char *reason)
{
	test->skipped = true;
	test->skip_reason = reason;
}

static bool suite_selected(const char *filter, const struct kunit_suite *s)
{
	const char *name = s->name;
	size_t n = strlen(name);

	if (!filter || !*filter)
		return !s->named_only;
	for (const char *p = filter; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && strncmp(p, name, n) == 0)
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

static int count_cases(struct kunit_suite *s)
{
	int n = 0;

	while (s->test_cases[n].run_case)
		n++;
	return n;
}

static int run_suite(struct kunit_suite *s, int index)
{
	int n = count_cases(s), failed = 0;
	u64 start = ktime_get_ns();

	current_suite = s;
	current_suite_index = index;
	kprintf("    KTAP version 1\n    # Subtest: %s\n    1..%d\n", s->name, n);
	for (int i = 0; i < n; i++) {
		struct kunit_case *c = &s->test_cases[i];
		struct kunit test = { .name = c->name };

		current_case_index = i + 1;
		current_test = &test;
		if (!s->init || s->init(&test) == 0) {
			c->run_case(&test);
			if (s->exit)
				s->exit(&test);
		} else {
			kunit_fail(&test, __FILE__, __LINE__, "suite init failed");
		}
		current_test = NULL;
		if (test.skipped && !test.failed)
			kprintf("    ok %d %s # SKIP %s\n", i + 1, c->name, test.skip_reason);
		else
			kprintf("    %sok %d %s\n", test.failed ? "not " : "", i + 1, c->name);
		failed += test.failed;
	}
	start = (ktime_get_ns() - start) / 1000000;
	kprintf("    # %s: took %u ms\n", s->name, (unsigned)start);
	kprintf("%sok %d %s\n", failed ? "not " : "", index, s->name);
	current_suite = NULL;
	return failed;
}

/* Each name in filter that no suite has: reported, and counted as a failure, so that a
 * misspelt selftest=keybaord does not pass by running nothing. */
static int unknown_suites(const char *filter)
{
	int unknown = 0;

	for (const char *p = filter; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		bool found = false;

		for (struct kunit_suite **s = __start_ktap_suites; s < __stop_ktap_suites; s++)
			found |= strlen((*s)->name) == len && strncmp(p, (*s)->name, len) == 0;
		if (!found && len) {
			kprintf("# irqlab selftest: no suite named '%.*s'\n", (int)len, p);
			unknown++;
		}
		if (!end)
			break;
		p = end + 1;
	}
	return unknown;
}

int kunit_run_all(const char *filter)
{
	int nsuites = 0, index = 0, failed;

	for (struct kunit_suite **s = __start_ktap_suites; s < __stop_ktap_suites; s++)
		nsuites += suite_selected(filter, *s);
	kprintf("KTAP version 1\n1..%d\n", nsuites);
	failed = unknown_suites(filter);
	for (struct kunit_suite **s = __start_ktap_suites; s < __stop_ktap_suites; s++)
		if (suite_selected(filter, *s))
			failed += run_suite(*s, ++index);
	kprintf("# irqlab selftest: %d failed case(s)\n", failed);
	return failed;
}

void kunit_report_panic(const char *msg)
{
	if (!current_suite) {
		kprintf("not ok 1 boot # ERROR kernel panic outside a test: %s\n", msg);
		return;
	}
	if (current_test)
		kprintf("    not ok %d %s # ERROR kernel panic: %s\n", current_case_index,
			current_test->name, msg);
	kprintf("not ok %d %s # ERROR kernel panic: %s\n", current_suite_index,
		current_suite->name, msg);
}
