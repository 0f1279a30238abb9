/* tests/host/test_filters.c - the shell's pipe filters (kernel/shell/filters.c): grep's
 * patterns and options, head, tail and wc, against what GNU's tools print for the same
 * input. */
#include <stdio.h>
#include <string.h>
#include "kernel/shell/filters.h"
#include "unit.h"

#define PROC "           CPU0       CPU1\n" \
	     "  0:         45          0   IO-APIC    2-edge      timer\n" \
	     "  1:          9          0   IO-APIC    1-edge      i8042\n" \
	     " 11:          0          0   IO-APIC   11-fasteoi   lothars_device\n" \
	     "LOC:       1234       1200   Local timer interrupts\n"

static char buf[1024];
static char err[FILTER_ERR_MAX];

/* Runs the filter command line cmd (words split at spaces) over in; returns its text. */
static const char *run(const char *in, const char *cmd, int *ret)
{
	static char words[128];
	char *argv[8];
	int argc = 0;
	size_t len = strlen(in);

	snprintf(words, sizeof(words), "%s", cmd);
	for (char *w = strtok(words, " "); w && argc < 8; w = strtok(NULL, " "))
		argv[argc++] = w;
	memcpy(buf, in, len);
	*ret = filter_apply(argc, argv, buf, &len, sizeof(buf), err, sizeof(err));
	buf[len] = '\0';
	return buf;
}

static const char *ok(const char *in, const char *cmd)
{
	int ret;
	const char *out = run(in, cmd, &ret);

	CHECK_EQ(ret, 0);
	return out;
}

TEST(grep_selects_lines_like_gnu)
{
	CHECK_STR(ok(PROC, "grep lothar"),
		  " 11:          0          0   IO-APIC   11-fasteoi   lothars_device\n");
	CHECK_STR(ok(PROC, "grep -i LOCAL"), "LOC:       1234       1200   Local timer interrupts\n");
	CHECK_STR(ok(PROC, "grep LOCAL"), "");
	CHECK_STR(ok(PROC, "grep -c IO-APIC"), "3\n");
	CHECK_STR(ok(PROC, "grep -vc IO-APIC"), "2\n");
	CHECK_STR(ok(PROC, "grep -v :"), "           CPU0       CPU1\n");
	CHECK_STR(ok("a\nb", "grep b"), "b");           /* a last line without '\n' */
	CHECK_STR(ok("", "grep x"), "");
	CHECK_STR(ok("", "grep -c x"), "0\n");
	CHECK_STR(ok("-x\ny\n", "grep -- -x"), "-x\n");
}

TEST(grep_patterns_are_basic_regular_expressions)
{
	CHECK(bre_match("^ *1:", "  1:  9", 7, false));
	CHECK(!bre_match("^ *1:", " 11:  0", 7, false));
	CHECK(bre_match("edge$", "2-edge", 6, false));
	CHECK(!bre_match("edge$", "2-edge x", 8, false));
	CHECK(bre_match("i8.42", "i8042", 5, false));
	CHECK(bre_match("a.*z", "a then z", 8, false));
	CHECK(!bre_match("a.*z", "z then a", 8, false));
	CHECK(bre_match("x*", "", 0, false));
	CHECK(bre_match("^$", "", 0, false));
	CHECK(!bre_match("^$", " ", 1, false));
	CHECK(bre_match("\\.", "a.b", 3, false));
	CHECK(!bre_match("\\.", "ab", 2, false));
	CHECK(bre_match("*a", "x*a", 3, false));        /* a leading * is a character */
	CHECK(!bre_match("*a", "xa", 2, false));
	CHECK(bre_match("^*a", "*a", 2, false));
	CHECK(bre_match("APIC", "io-apic", 7, true));
	CHECK(!bre_match("abc", "ab", 2, false));       /* never reads past the line */
}

TEST(grep_refuses_bad_options)
{
	int ret;

	run(PROC, "grep -x lothar", &ret);
	CHECK_EQ(ret, -22);
	CHECK_STR(err, "grep: invalid option -- 'x'");
	run(PROC, "grep", &ret);
	CHECK_EQ(ret, -22);
	CHECK_STR(err, "usage: grep [-i] [-v] [-c] PATTERN");
	run(PROC, "grep a file", &ret);
	CHECK_STR(err, "grep: file: reads only the pipe here (no files)");
	CHECK_STR(buf, PROC);                           /* the text untouched */
}

TEST(head_and_tail_keep_the_first_and_last_lines)
{
	CHECK_STR(ok(PROC, "head -n 2"),
		  "           CPU0       CPU1\n  0:         45          0   IO-APIC    2-edge      timer\n");
	CHECK_STR(ok(PROC, "head -1"), "           CPU0       CPU1\n");
	CHECK_STR(ok(PROC, "head -n0"), "");
	CHECK_STR(ok(PROC, "head"), PROC);              /* 10 by default: all 5 */
	CHECK_STR(ok(PROC, "tail -n 1"), "LOC:       1234       1200   Local timer interrupts\n");
	CHECK_STR(ok("1\n2\n3", "tail -2"), "2\n3");
	CHECK_STR(ok("1\n2\n3\n", "tail -n 0"), "");
	CHECK_STR(ok("1\n2\n3\n", "tail"), "1\n2\n3\n");
}

TEST(head_and_tail_refuse_bad_counts)
{
	int ret;

	run(PROC, "tail -n x", &ret);
	CHECK_EQ(ret, -22);
	CHECK_STR(err, "tail: invalid number of lines: 'x'");
	run(PROC, "head -n", &ret);
	CHECK_STR(err, "usage: head [-n N]");
	run(PROC, "head -n 5x", &ret);
	CHECK_STR(err, "head: invalid number of lines: '5x'");
}

TEST(wc_counts_like_gnu)
{
	CHECK_STR(ok(PROC, "wc -l"), "5\n");
	CHECK_STR(ok("hi there\n", "wc"), "      1       2       9\n");
	CHECK_STR(ok("hi there\n", "wc -wc"), "      2       9\n");
	CHECK_STR(ok("", "wc -c"), "0\n");
	CHECK_STR(ok("no newline", "wc -l"), "0\n");
}

TEST(wc_refuses_bad_options)
{
	int ret;

	run("x\n", "wc -q", &ret);
	CHECK_EQ(ret, -22);
	CHECK_STR(err, "wc: invalid option -- 'q'");
	CHECK(filter_known("wc") && filter_known("grep") && !filter_known("cat"));
}

int main(void)
{
	return RUN_TESTS();
}
