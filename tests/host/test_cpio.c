/* tests/host/test_cpio.c - the newc cpio reader (lib/cpio.c) that the initramfs uses:
 * archives built here entry by entry, every padding case, and each kind of damage, read
 * from a buffer of exactly the archive's size so that AddressSanitizer sees any read
 * past its end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <irqlab/cpio.h>
#include <irqlab/errno.h>
#include "unit.h"

/* The header's field offsets (after the 6-byte magic, 8 hex digits each). */
#define F_MODE          (6 + 1 * 8)
#define F_FILESIZE      (6 + 6 * 8)
#define F_NAMESIZE      (6 + 11 * 8)

struct archive {
	unsigned char buf[8192];
	size_t len;
};

static void pad4(struct archive *a)
{
	while (a->len % 4)
		a->buf[a->len++] = 0;
}

/* Appends one entry as Linux's gen_init_cpio writes it; returns the header's offset. */
static size_t add(struct archive *a, const char *name, unsigned int mode, const void *data,
		  size_t size)
{
	size_t at = a->len;

	a->len += (size_t)sprintf((char *)a->buf + a->len,
				  "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
				  1u, mode, 0u, 0u, 1u, 0u, (unsigned)size, 0u, 0u, 0u, 0u,
				  (unsigned)strlen(name) + 1, 0u);
	memcpy(a->buf + a->len, name, strlen(name) + 1);
	a->len += strlen(name) + 1;
	pad4(a);
	memcpy(a->buf + a->len, data, size);
	a->len += size;
	pad4(a);
	return at;
}

static void trailer(struct archive *a)
{
	add(a, CPIO_TRAILER, 0, "", 0);
}

/* Overwrites the 8 hex digits of a header field. */
static void set_field(struct archive *a, size_t entry, size_t field, unsigned int value)
{
	char digits[9];

	snprintf(digits, sizeof(digits), "%08X", value);
	memcpy(a->buf + entry + field, digits, 8);
}

/* A heap copy of exactly len bytes of a, for the reader: ASan flags a byte read past it. */
static unsigned char *exact(const struct archive *a, size_t len)
{
	unsigned char *p = malloc(len ? len : 1);

	memcpy(p, a->buf, len);
	return p;
}

/* Reads the whole archive; returns how many entries came before the end or the error. */
static int walk(const unsigned char *p, size_t len, struct cpio_reader *r, int *last)
{
	struct cpio_entry e;
	int n = 0;

	cpio_reader_init(r, p, len);
	while ((*last = cpio_next(r, &e)) > 0)
		n++;
	return n;
}

TEST(every_name_and_data_padding)
{
	static const char *names[] = { "a", "ab", "abc", "abcd" };     /* 1-4 mod 4 */
	static const char payload[] = "0123456789";
	struct archive a = { .len = 0 };
	char expect_name[16][16];
	struct cpio_reader r;
	struct cpio_entry e;
	unsigned char *p;
	int i = 0;

	add(&a, "dir", CPIO_S_IFDIR | 0755, "", 0);
	for (int n = 0; n < 4; n++)
		for (int size = 0; size < 4; size++, i++) {
			snprintf(expect_name[i], sizeof(expect_name[i]), "%s%d", names[n], size);
			/* the name's length mod 4 is names[n]'s plus one digit: all four occur */
			add(&a, expect_name[i], CPIO_S_IFREG | 0644, payload + i % 5,
			    (size_t)size + (n == 3 ? 4 : 0));
		}
	trailer(&a);
	p = exact(&a, a.len);
	cpio_reader_init(&r, p, a.len);

	CHECK_EQ(cpio_next(&r, &e), 1);
	CHECK_STR(e.name, "dir");
	CHECK_EQ(e.mode, CPIO_S_IFDIR | 0755);
	CHECK_EQ(e.size, 0);
	i = 0;
	for (int n = 0; n < 4; n++)
		for (int size = 0; size < 4; size++, i++) {
			CHECK_EQ(cpio_next(&r, &e), 1);
			CHECK_STR(e.name, expect_name[i]);
			CHECK_EQ(e.mode, CPIO_S_IFREG | 0644);
			CHECK_EQ(e.size, size + (n == 3 ? 4 : 0));
			CHECK(!memcmp(e.data, payload + i % 5, e.size));
			/* in place, 4-aligned from the archive's start */
			CHECK((const unsigned char *)e.data >= p &&
			      (const unsigned char *)e.data + e.size <= p + a.len);
			CHECK_EQ(((const unsigned char *)e.data - p) % 4, 0);
		}
	CHECK_EQ(cpio_next(&r, &e), 0);
	CHECK_EQ(cpio_next(&r, &e), 0);         /* the end stays the end */
	CHECK_EQ(r.err, 0);
	free(p);
}

TEST(names_are_in_place_and_terminated)
{
	struct archive a = { .len = 0 };
	struct cpio_reader r;
	struct cpio_entry e;
	unsigned char *p;

	add(&a, "lib/modules/x.ko", CPIO_S_IFREG | 0644, "\x7f" "ELF", 4);
	trailer(&a);
	p = exact(&a, a.len);
	cpio_reader_init(&r, p, a.len);
	CHECK_EQ(cpio_next(&r, &e), 1);
	CHECK(e.name == (const char *)p + CPIO_NEWC_HEADER_SIZE);
	CHECK_STR(e.name, "lib/modules/x.ko");
	CHECK(!memcmp(e.data, "\x7f" "ELF", 4));
	free(p);
}

TEST(only_the_trailer_is_an_empty_archive)
{
	struct archive a = { .len = 0 };
	struct cpio_reader r;
	unsigned char *p;
	int last;

	trailer(&a);
	p = exact(&a, a.len);
	CHECK_EQ(walk(p, a.len, &r, &last), 0);
	CHECK_EQ(last, 0);
	CHECK_EQ(r.err, 0);
	free(p);
}

TEST(missing_trailer)
{
	struct archive a = { .len = 0 };
	struct cpio_reader r;
	unsigned char *p;
	int last;

	add(&a, "etc", CPIO_S_IFDIR | 0755, "", 0);
	add(&a, "etc/motd", CPIO_S_IFREG | 0644, "hi\n", 3);
	p = exact(&a, a.len);
	CHECK_EQ(walk(p, a.len, &r, &last), 2);
	CHECK_EQ(last, -EINVAL);
	CHECK_EQ(r.err_offset, a.len);
	CHECK(strstr(r.err_reason, "TRAILER!!!") != NULL);
	free(p);

	/* the last file's padding cut off as well */
	p = exact(&a, a.len - 1);
	CHECK_EQ(walk(p, a.len - 1, &r, &last), 2);
	CHECK_EQ(last, -EINVAL);
	CHECK(strstr(r.err_reason, "TRAILER!!!") != NULL);
	free(p);

	/* nothing at all */
	p = exact(&a, 0);
	CHECK_EQ(walk(p, 0, &r, &last), 0);
	CHECK_EQ(last, -EINVAL);
	CHECK_EQ(r.err_offset, 0);
	free(p);
}

/* Two one-byte files and the trailer; returns the second entry's offset, where the
 * damage goes. */
static size_t two_files(struct archive *a)
{
	size_t second;

	a->len = 0;
	add(a, "a", CPIO_S_IFREG | 0644, "x", 1);
	second = add(a, "b", CPIO_S_IFREG | 0644, "y", 1);
	trailer(a);
	return second;
}

/* Reading the first len bytes of a stops after the first file with reason at offset. */
static void expect_damage(const struct archive *a, size_t len, size_t offset,
			  const char *reason)
{
	unsigned char *p = exact(a, len);
	struct cpio_reader r;
	int last;

	CHECK_EQ(walk(p, len, &r, &last), 1);   /* the file before the damage stays */
	CHECK_EQ(last, -EINVAL);
	CHECK_EQ(r.err_offset, offset);
	if (!strstr(r.err_reason, reason)) {
		printf("    # expected \"%s\" in \"%s\"\n", reason, r.err_reason);
		CHECK(0);
	}
	free(p);
}

TEST(bad_magic)
{
	struct archive a;
	size_t second = two_files(&a);
	struct cpio_reader r;
	struct cpio_entry e;

	memcpy(a.buf + second, "070707", 6);    /* the old portable format's magic */
	expect_damage(&a, a.len, second, "bad magic");
	/* reported once: the walk stays stopped */
	cpio_reader_init(&r, a.buf, a.len);
	CHECK_EQ(cpio_next(&r, &e), 1);
	CHECK_EQ(cpio_next(&r, &e), -EINVAL);
	CHECK_EQ(cpio_next(&r, &e), -EINVAL);
	CHECK(!cpio_is_newc(a.buf + second, a.len - second));
	CHECK(cpio_is_newc(a.buf, a.len));
	CHECK(!cpio_is_newc(a.buf, 100));       /* shorter than a header */
}

TEST(truncated_header)
{
	struct archive a;
	size_t second = two_files(&a);

	for (size_t cut = 1; cut < CPIO_NEWC_HEADER_SIZE; cut += 27)
		expect_damage(&a, second + cut, second, "truncated header");
}

TEST(name_past_the_end)
{
	struct archive a;
	size_t second = two_files(&a), name = second + CPIO_NEWC_HEADER_SIZE;

	set_field(&a, second, F_NAMESIZE, 0x1000);
	expect_damage(&a, a.len, name, "name past the end");
	/* the name itself cut off at the archive's end */
	set_field(&a, second, F_NAMESIZE, 2);
	expect_damage(&a, name + 1, name, "name past the end");
	/* c_namesize 0, and a name whose NUL is not where c_namesize says */
	set_field(&a, second, F_NAMESIZE, 0);
	expect_damage(&a, a.len, name, "empty name");
	set_field(&a, second, F_NAMESIZE, 1);
	expect_damage(&a, a.len, name, "not NUL-terminated");
}

TEST(data_past_the_end)
{
	struct archive a;
	size_t second = two_files(&a), data = second + CPIO_NEWC_HEADER_SIZE + 2;

	set_field(&a, second, F_FILESIZE, 0x200);
	expect_damage(&a, a.len, data, "data past the end");
	/* a size that would wrap a 32-bit offset */
	set_field(&a, second, F_FILESIZE, 0xffffffff);
	expect_damage(&a, a.len, data, "data past the end");
}

TEST(non_hex_digit)
{
	static const char bad[] = { 'g', 'G', ' ', '-', 'x', '\0' };
	struct archive a;
	size_t second = two_files(&a);
	struct cpio_reader r;
	int last;

	for (size_t i = 0; i < sizeof(bad); i++) {
		size_t at = second + F_FILESIZE + i % 8;
		unsigned char keep = a.buf[at];

		a.buf[at] = (unsigned char)bad[i];
		expect_damage(&a, a.len, at, "non-hex digit");
		a.buf[at] = keep;
	}
	/* lower-case digits are hex too */
	memcpy(a.buf + second + F_MODE, "000081a4", 8);
	CHECK_EQ(walk(a.buf, a.len, &r, &last), 2);
	CHECK_EQ(last, 0);
}

int main(void)
{
	return RUN_TESTS();
}
