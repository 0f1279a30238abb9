/* tests/host/unit.h - a tiny unit-test harness for irqlab's pure logic built on the host
 * (with AddressSanitizer and UBSan). It prints KTAP like the kernel's suites, so
 * tests/test_host_units.py reports one pytest case per TEST.
 *
 *     TEST(fifo_wraps) { ... CHECK_EQ(fifo_len(&f), 3); }
 *     int main(void) { return RUN_TESTS(); }
 */
#ifndef TESTS_HOST_UNIT_H
#define TESTS_HOST_UNIT_H

#include <stdio.h>
#include <string.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
};

#define MAX_UNIT_TESTS 256
static struct unit_test unit_tests[MAX_UNIT_TESTS];
static int unit_count;
static int unit_failed_now;

#define TEST(test_fn)                                                           \
	static void test_fn(void);                                              \
	__attribute__((constructor)) static void register_##test_fn(void)       \
	{                                                                       \
		unit_tests[unit_count].name = #test_fn;                         \
		unit_tests[unit_count++].fn = test_fn;                          \
	}                                                                       \
	static void test_fn(void)

#define CHECK(cond) do {                                                        \
	if (!(cond)) {                                                          \
		printf("    # %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
		unit_failed_now = 1;                                            \
	}                                                                       \
} while (0)

#define CHECK_EQ(a, b) do {                                                     \
	long long __a = (long long)(a), __b = (long long)(b);                   \
	if (__a != __b) {                                                       \
		printf("    # %s:%d: expected %s == %s, got %lld and %lld\n",   \
		       __FILE__, __LINE__, #a, #b, __a, __b);                   \
		unit_failed_now = 1;                                            \
	}                                                                       \
} while (0)

#define CHECK_STR(a, b) do {                                                    \
	const char *__a = (a), *__b = (b);                                      \
	if (strcmp(__a, __b) != 0) {                                            \
		printf("    # %s:%d: expected %s == \"%s\", got \"%s\"\n",      \
		       __FILE__, __LINE__, #a, __b, __a);                       \
		unit_failed_now = 1;                                            \
	}                                                                       \
} while (0)

static inline int run_tests(const char *suite)
{
	int failed = 0;

	printf("KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: %s\n    1..%d\n",
	       suite, unit_count);
	for (int i = 0; i < unit_count; i++) {
		unit_failed_now = 0;
		unit_tests[i].fn();
		printf("    %sok %d %s\n", unit_failed_now ? "not " : "", i + 1, unit_tests[i].name);
		failed += unit_failed_now;
	}
	printf("%sok 1 %s\n", failed ? "not " : "", suite);
	return failed ? 1 : 0;
}

#define RUN_TESTS() run_tests(__FILE__)

#endif
