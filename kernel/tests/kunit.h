/* kernel/tests/kunit.h - irqlab's in-kernel test suites, shaped like Linux's KUnit.
 *
 *     static void test_fifo_full(struct kunit *test)
 *     {
 *             KUNIT_EXPECT_EQ(test, fifo_len(&f), 4);
 *     }
 *     static struct kunit_case fifo_cases[] = { KUNIT_CASE(test_fifo_full), {} };
 *     kunit_test_suite(fifo, fifo_cases);
 *
 * 'selftest' on the command line runs every suite ('selftest=a,b' runs some; a suite
 * declared with '.named_only = true' runs only when named) and prints KTAP version 1 on
 * the console: one nested block per suite, '# ' diagnostics with file:line and
 * expected/actual for each failed expectation. QEMU then exits through isa-debug-exit:
 * 0x10 when all passed, 0x11 otherwise. A panic during a case prints it as
 * 'not ok ... # ERROR' and exits with 0x11.
 */
#ifndef KERNEL_TESTS_KUNIT_H
#define KERNEL_TESTS_KUNIT_H

#include <irqlab/types.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>

struct kunit {
	const char *name;
	bool failed;
	bool skipped;
	const char *skip_reason;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
};

struct kunit_suite {
	const char *name;
	struct kunit_case *test_cases;
	int (*init)(struct kunit *test);        /* optional: before each case */
	void (*exit)(struct kunit *test);       /* optional: after each case */
	/* Runs only when named ('selftest=panic_demo'), never in a plain 'selftest' run:
	 * for a suite that crashes the kernel on purpose. */
	bool named_only;
};

#define KUNIT_CASE(fn) { .run_case = fn, .name = #fn }

#define kunit_test_suite(ident, cases, ...)                                     \
	static struct kunit_suite __kunit_suite_##ident = {                     \
		.name = #ident, .test_cases = cases, ##__VA_ARGS__ };           \
	static struct kunit_suite *__kunit_suite_ptr_##ident                    \
	__attribute__((used, section("ktap_suites"), aligned(4))) = &__kunit_suite_##ident

void kunit_fail(struct kunit *test, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void kunit_skip_case(struct kunit *test, const char *reason);
/* A '# ' diagnostic line in the KTAP output: a measured number, for the reader. */
#define kunit_info(test, fmt, ...) kprintf("    # %s: " fmt "\n", (test)->name, ##__VA_ARGS__)

#define KUNIT_EXPECT_TRUE(test, cond) do {                                      \
	if (!(cond))                                                            \
		kunit_fail(test, __FILE__, __LINE__, "Expected %s to be true", #cond); \
} while (0)
#define KUNIT_EXPECT_FALSE(test, cond) do {                                     \
	if (cond)                                                               \
		kunit_fail(test, __FILE__, __LINE__, "Expected %s to be false", #cond); \
} while (0)
#define __KUNIT_EXPECT_BINOP(test, a, op, b) do {                               \
	long long __a = (long long)(a), __b = (long long)(b);                   \
	if (!(__a op __b))                                                      \
		kunit_fail(test, __FILE__, __LINE__,                            \
			   "Expected %s " #op " %s, but %s == %lld (0x%llx), %s == %lld (0x%llx)", \
			   #a, #b, #a, __a, (unsigned long long)__a, #b, __b, (unsigned long long)__b); \
} while (0)
#define KUNIT_EXPECT_EQ(test, a, b) __KUNIT_EXPECT_BINOP(test, a, ==, b)
#define KUNIT_EXPECT_NE(test, a, b) __KUNIT_EXPECT_BINOP(test, a, !=, b)
#define KUNIT_EXPECT_LT(test, a, b) __KUNIT_EXPECT_BINOP(test, a, <, b)
#define KUNIT_EXPECT_LE(test, a, b) __KUNIT_EXPECT_BINOP(test, a, <=, b)
#define KUNIT_EXPECT_GT(test, a, b) __KUNIT_EXPECT_BINOP(test, a, >, b)
#define KUNIT_EXPECT_GE(test, a, b) __KUNIT_EXPECT_BINOP(test, a, >=, b)
#define KUNIT_EXPECT_STREQ(test, a, b) do {                                     \
	const char *__a = (a), *__b = (b);                                      \
	if (!__a || !__b || strcmp(__a, __b) != 0)                              \
		kunit_fail(test, __FILE__, __LINE__,                            \
			   "Expected %s == %s, but %s == \"%s\", %s == \"%s\"",  \
			   #a, #b, #a, __a ? __a : "(null)", #b, __b ? __b : "(null)"); \
} while (0)
#define KUNIT_EXPECT_NULL(test, p)      KUNIT_EXPECT_TRUE(test, (p) == NULL)
#define KUNIT_EXPECT_NOT_NULL(test, p)  KUNIT_EXPECT_TRUE(test, (p) != NULL)
/* ASSERT: like EXPECT, but ends the case on failure. Each operand is evaluated once. */
#define KUNIT_ASSERT_TRUE(test, cond) do {                                      \
	bool __ok = (cond);                                                     \
	KUNIT_EXPECT_TRUE(test, __ok && #cond);                                 \
	if (!__ok)                                                              \
		return;                                                         \
} while (0)
#define KUNIT_ASSERT_EQ(test, a, b) do {                                        \
	long long __va = (long long)(a), __vb = (long long)(b);                 \
	if (__va != __vb) {                                                     \
		kunit_fail(test, __FILE__, __LINE__,                            \
			   "Expected %s == %s, but %s == %lld, %s == %lld",      \
			   #a, #b, #a, __va, #b, __vb);                         \
		return;                                                         \
	}                                                                       \
} while (0)

/* Runs the suites named in filter (comma-separated; NULL or "" for all). Returns the
 * number of failed cases. */
int kunit_run_all(const char *filter);
/* panic() during a test: report the running case and suite as errors. */
void kunit_report_panic(const char *msg);

#endif
