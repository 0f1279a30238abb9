/* kernel/tests/ktest_log.h - reading back what a case printed: a marker, then the log
 * text after it, for cases that check a report's words. */
#ifndef KERNEL_TESTS_KTEST_LOG_H
#define KERNEL_TESTS_KTEST_LOG_H

/* Prints a marker line into the log; ktest_log_since_mark() returns what follows it. */
void ktest_log_mark(void);
/* The log text printed since the last ktest_log_mark() (in one static buffer, valid
 * until the next call), or "" if the mark has been overwritten. Process context. */
const char *ktest_log_since_mark(void);

#endif
