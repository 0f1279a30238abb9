/* include/irqlab/panic.h - the three kinds of failure: panic() for a kernel
 * bug, WARN for a recoverable one, BUG_ON for a broken invariant. */
#ifndef IRQLAB_PANIC_H
#define IRQLAB_PANIC_H

#include <irqlab/types.h>

/* Prints "Kernel panic - not syncing: ..." with a backtrace and stops the machine (in
 * selftest mode: reports the running test as an error and exits QEMU). Any context. */
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

/* Set by an exception report that is about to panic: the report already holds the
 * backtrace that matters, so panic() does not print its own. */
extern bool oops_in_progress;

void warn_slowpath(const char *file, int line, const char *fmt, ...) __printf(3, 4);
extern u32 warn_count;

#define WARN(cond, fmt, ...) ({                                         \
	bool __c = !!(cond);                                            \
	if (unlikely(__c))                                              \
		warn_slowpath(__FILE__, __LINE__, fmt, ##__VA_ARGS__);  \
	unlikely(__c);                                                  \
})
#define WARN_ON(cond) WARN(cond, "%s", "WARN_ON(" #cond ")")
#define WARN_ON_ONCE(cond) ({                                           \
	static bool __warned;                                           \
	bool __c = !!(cond);                                            \
	if (unlikely(__c) && !__warned) {                               \
		__warned = true;                                        \
		warn_slowpath(__FILE__, __LINE__, "%s", "WARN_ON_ONCE(" #cond ")"); \
	}                                                               \
	unlikely(__c);                                                  \
})
#define WARN_ONCE(cond, fmt, ...) ({                                    \
	static bool __warned_once;                                      \
	bool __c = !!(cond);                                            \
	if (unlikely(__c) && !__warned_once) {                          \
		__warned_once = true;                                   \
		warn_slowpath(__FILE__, __LINE__, fmt, ##__VA_ARGS__);  \
	}                                                               \
	unlikely(__c);                                                  \
})
#define BUG() panic("kernel BUG at %s:%d!", __FILE__, __LINE__)
#define BUG_ON(cond) do { if (unlikely(cond)) BUG(); } while (0)

#endif
