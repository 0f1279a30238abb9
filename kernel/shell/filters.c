/* kernel/shell/filters.c - grep, head, tail and wc for the shell's pipes, enough for the
 * command lines of the course notes (`cat /proc/interrupts | grep -i apic`,
 * `dmesg | tail`, `ps | grep ksoftirqd/`).
 *
 * Each works on the whole text the command before the `|` printed (pipe.c collects it),
 * line by line, and writes its result over the text: every filter keeps or drops lines,
 * so its output is never longer than its input, except wc's one line of counts. Options
 * and messages are GNU's; there are no file arguments, as the only input is the pipe.
 */
#include <irqlab/errno.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "filters.h"

#define HEAD_TAIL_DEFAULT       10

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* One atom of the pattern: `.`, `\c` or a character; its length in the pattern. */
static size_t atom_len(const char *re)
{
	return re[0] == '\\' && re[1] ? 2 : 1;
}

static bool atom_matches(const char *re, char c, bool icase)
{
	if (re[0] == '\\' && re[1])
		return icase ? lower(re[1]) == lower(c) : re[1] == c;
	if (re[0] == '.')
		return true;
	return icase ? lower(re[0]) == lower(c) : re[0] == c;
}

static bool match_here(const char *re, const char *s, const char *end, bool icase);

/* An atom repeated zero or more times, then the rest of the pattern: the fewest
 * repetitions that let the rest match first (any will do: only whether it matches
 * counts). */
static bool match_star(const char *atom, const char *rest, const char *s, const char *end,
		       bool icase)
{
	for (;;) {
		if (match_here(rest, s, end, icase))
			return true;
		if (s == end || !atom_matches(atom, *s, icase))
			return false;
		s++;
	}
}

/* Does the pattern re match at s, the line ending at end? */
static bool match_here(const char *re, const char *s, const char *end, bool icase)
{
	while (*re) {
		size_t n = atom_len(re);

		if (re[n] == '*')
			return match_star(re, re + n + 1, s, end, icase);
		if (re[0] == '$' && re[1] == '\0')
			return s == end;
		if (s == end || !atom_matches(re, *s, icase))
			return false;
		re += n;
		s++;
	}
	return true;
}

bool bre_match(const char *re, const char *line, size_t line_len, bool icase)
{
	const char *end = line + line_len;
	bool anchored = re[0] == '^';
	char lit[FILTER_PATTERN_MAX + 2];

	if (anchored)
		re++;
	if (re[0] == '*') {     /* first in the pattern, `*` is a character (POSIX) */
		size_t n = strlen(re);

		if (n > FILTER_PATTERN_MAX)
			return false;
		lit[0] = '\\';
		memcpy(lit + 1, re, n + 1);
		re = lit;
	}
	if (anchored)
		return match_here(re, line, end, icase);
	for (const char *s = line;; s++) {
		if (match_here(re, s, end, icase))
			return true;
		if (s == end)
			return false;
	}
}

/* The line starting at text[pos]: its length without the '\n', and where the next one
 * starts (len when it is the last). */
static size_t line_end(const char *text, size_t len, size_t pos, size_t *next)
{
	size_t e = pos;

	while (e < len && text[e] != '\n')
		e++;
	*next = e < len ? e + 1 : len;
	return e - pos;
}

static int fail(char *err, size_t err_size, const char *fmt, const char *arg)
{
	snprintf(err, err_size, fmt, arg);
	return -EINVAL;
}

static int grep(int argc, char **argv, char *text, size_t *len, size_t size, char *err,
		size_t err_size)
{
	bool icase = false, invert = false, count = false;
	const char *pattern;
	size_t pos = 0, out = 0, next;
	unsigned int selected = 0;
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			char opt[2] = { *o, 0 };

			if (*o == 'i')
				icase = true;
			else if (*o == 'v')
				invert = true;
			else if (*o == 'c')
				count = true;
			else
				return fail(err, err_size, "grep: invalid option -- '%s'", opt);
		}
	}
	if (i >= argc)
		return fail(err, err_size, "%s", "usage: grep [-i] [-v] [-c] PATTERN");
	if (i + 1 < argc)
		return fail(err, err_size, "grep: %s: reads only the pipe here (no files)",
			    argv[i + 1]);
	pattern = argv[i];
	while (pos < *len) {
		size_t n = line_end(text, *len, pos, &next);

		if (bre_match(pattern, text + pos, n, icase) != invert) {
			selected++;
			if (!count) {
				memmove(text + out, text + pos, next - pos);
				out += next - pos;
			}
		}
		pos = next;
	}
	*len = count ? (size_t)snprintf(text, size, "%u\n", selected) : out;
	return 0;
}

/* head's and tail's -n N, -nN or -N; the default is 10. */
static int lines_option(int argc, char **argv, unsigned int *n, char *err, size_t err_size)
{
	const char *num = NULL;
	unsigned int v = 0;

	*n = HEAD_TAIL_DEFAULT;
	if (argc == 1)
		return 0;
	if (argc == 3 && strcmp(argv[1], "-n") == 0)
		num = argv[2];
	else if (argc == 2 && strncmp(argv[1], "-n", 2) == 0 && argv[1][2])
		num = argv[1] + 2;
	else if (argc == 2 && argv[1][0] == '-' && argv[1][1] >= '0' && argv[1][1] <= '9')
		num = argv[1] + 1;
	if (!num) {
		snprintf(err, err_size, "usage: %s [-n N]", argv[0]);
		return -EINVAL;
	}
	for (const char *p = num; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000000u) {
			snprintf(err, err_size, "%s: invalid number of lines: '%s'", argv[0], num);
			return -EINVAL;
		}
		v = v * 10 + (unsigned int)(*p - '0');
	}
	if (!*num) {
		snprintf(err, err_size, "%s: invalid number of lines: '%s'", argv[0], num);
		return -EINVAL;
	}
	*n = v;
	return 0;
}

static int head(int argc, char **argv, char *text, size_t *len, size_t size, char *err,
		size_t err_size)
{
	unsigned int n;
	size_t pos = 0;
	int ret = lines_option(argc, argv, &n, err, err_size);

	(void)size;
	if (ret)
		return ret;
	for (unsigned int i = 0; i < n && pos < *len; i++)
		line_end(text, *len, pos, &pos);
	*len = pos;
	return 0;
}

static int tail(int argc, char **argv, char *text, size_t *len, size_t size, char *err,
		size_t err_size)
{
	unsigned int n, lines = 0;
	size_t pos = 0, start = 0;
	int ret = lines_option(argc, argv, &n, err, err_size);

	(void)size;
	if (ret)
		return ret;
	while (pos < *len) {            /* count them, then skip all but the last n */
		line_end(text, *len, pos, &pos);
		lines++;
	}
	for (unsigned int i = 0; i + n < lines; i++)
		line_end(text, *len, start, &start);
	memmove(text, text + start, *len - start);
	*len -= start;
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* GNU's layout for a pipe: one count alone, several each 7 wide. */
static int wc(int argc, char **argv, char *text, size_t *len, size_t size, char *err,
	      size_t err_size)
{
	bool want[3] = { false, false, false };        /* lines, words, bytes */
	unsigned int counts[3] = { 0, 0, (unsigned int)*len }, shown = 0;
	size_t out = 0;
	bool in_word = false;

	for (int i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || !argv[i][1])
			return fail(err, err_size, "wc: %s: reads only the pipe here (no files)",
				    argv[i]);
		for (const char *o = argv[i] + 1; *o; o++) {
			char opt[2] = { *o, 0 };

			if (*o == 'l')
				want[0] = true;
			else if (*o == 'w')
				want[1] = true;
			else if (*o == 'c')
				want[2] = true;
			else
				return fail(err, err_size, "wc: invalid option -- '%s'", opt);
		}
	}
	if (!want[0] && !want[1] && !want[2])
		want[0] = want[1] = want[2] = true;
	for (size_t i = 0; i < *len; i++) {
		counts[0] += text[i] == '\n';
		if (!is_space(text[i]) && !in_word)
			counts[1]++;
		in_word = !is_space(text[i]);
	}
	for (int k = 0; k < 3; k++)
		shown += want[k];
	for (int k = 0; k < 3; k++) {
		if (!want[k])
			continue;
		if (shown == 1)
			out = (size_t)snprintf(text, size, "%u", counts[k]);
		else
			out += (size_t)snprintf(text + out, size - out, out ? " %7u" : "%7u",
						counts[k]);
	}
	out += (size_t)snprintf(text + out, size - out, "\n");
	*len = out;
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv, char *text, size_t *len, size_t size, char *err,
		  size_t err_size);
} filters[] = {
	{ "grep", grep },
	{ "head", head },
	{ "tail", tail },
	{ "wc", wc },
};

bool filter_known(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(filters); i++)
		if (strcmp(filters[i].name, name) == 0)
			return true;
	return false;
}

int filter_apply(int argc, char **argv, char *text, size_t *len, size_t size, char *err,
		 size_t err_size)
{
	err[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(filters); i++)
		if (strcmp(filters[i].name, argv[0]) == 0)
			return filters[i].fn(argc, argv, text, len, size, err, err_size);
	return fail(err, err_size, "%s: not a filter", argv[0]);
}
