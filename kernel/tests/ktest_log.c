/* kernel/tests/ktest_log.c - the log since a marker (ktest_log.h). */
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "ktest_log.h"

static struct {
	char text[33 * 1024];           /* the whole log ring and a little more */
	size_t len;
} log_copy;
static unsigned int mark_seq;
static char mark[32];

static void copy_out(const char *text, size_t len, void *arg)
{
	size_t n = MIN(len, sizeof(log_copy.text) - 1 - log_copy.len);

	(void)arg;
	memcpy(log_copy.text + log_copy.len, text, n);
	log_copy.len += n;
	log_copy.text[log_copy.len] = '\0';
}

void ktest_log_mark(void)
{
	snprintf(mark, sizeof(mark), "ktest-log-mark %u\n", ++mark_seq);
	printk(KERN_DEBUG "%s", mark);
}

const char *ktest_log_since_mark(void)
{
	const char *at;

	log_copy.len = 0;
	log_copy.text[0] = '\0';
	log_buf_for_each(copy_out, NULL);
	at = strstr(log_copy.text, mark);
	return at ? at + strlen(mark) : "";
}
