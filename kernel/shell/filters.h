/* kernel/shell/filters.h - what can stand after a `|` in the shell: grep, head, tail and
 * wc, each rewriting the text the command before it printed. Pure logic (no kernel
 * state), so the host unit tests run it too (tests/host/test_filters.c). */
#ifndef KERNEL_SHELL_FILTERS_H
#define KERNEL_SHELL_FILTERS_H

#include <irqlab/types.h>

#define FILTER_ERR_MAX  96      /* room for a filter's error message */
#define FILTER_PATTERN_MAX 256  /* the longest pattern (a shell line is no longer) */

/* Is name one of the filters? */
bool filter_known(const char *name);

/* Runs the filter argv[0] with its options on text[0..*len), in place: the result is
 * never longer than the input, or, for wc, than a line of counts (size must hold 32
 * bytes). 0, or -EINVAL with the message (GNU's words) in err, text unchanged. */
int filter_apply(int argc, char **argv, char *text, size_t *len, size_t size, char *err,
		 size_t err_size);

/* grep's patterns: a basic regular expression of POSIX's with `.`, `*`, `^`, `$` and `\`
 * before a character to take it as itself; icase compares letters without case. A
 * pattern longer than FILTER_PATTERN_MAX matches nothing. */
bool bre_match(const char *re, const char *line, size_t line_len, bool icase);

#endif
