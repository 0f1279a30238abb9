/* include/irqlab/cpio.h - reading a cpio "newc" archive in place (lib/cpio.c).
 *
 * The format Linux's initramfs uses (Documentation/driver-api/early-userspace/
 * buffer-format.rst, "cpio newc format"): each entry is a 110-byte header of ASCII
 * fields, the name (NUL included) padded to a multiple of 4 bytes from the entry's
 * start, then the data padded to a multiple of 4; an entry named TRAILER!!! ends it.
 * Pure logic: also built for the host unit tests (tests/host/test_cpio.c).
 *
 *     struct cpio_reader r;
 *     struct cpio_entry e;
 *     int ret;
 *
 *     cpio_reader_init(&r, start, size);
 *     while ((ret = cpio_next(&r, &e)) > 0)
 *             use(e.name, e.data, e.size, e.mode);
 *     if (ret < 0)
 *             report(r.err_offset, r.err_reason);
 */
#ifndef IRQLAB_CPIO_H
#define IRQLAB_CPIO_H

#include <irqlab/types.h>

#define CPIO_NEWC_MAGIC         "070701"
#define CPIO_NEWC_HEADER_SIZE   110     /* the magic, then 13 fields of 8 hex digits */
#define CPIO_TRAILER            "TRAILER!!!"

/* c_mode's file type bits, as in <sys/stat.h>. */
#define CPIO_S_IFMT             0170000
#define   CPIO_S_IFDIR          0040000
#define   CPIO_S_IFREG          0100000

struct cpio_entry {
	const char *name;       /* in the archive, NUL-terminated there */
	const void *data;       /* in the archive: not copied */
	u32 size;               /* c_filesize */
	u32 mode;               /* c_mode: type and permission bits */
};

/* Where a walk through one archive stands. One walker at a time: it is not shared. */
struct cpio_reader {
	const u8 *base;
	size_t len;
	size_t pos;             /* the next entry's header */
	bool done;              /* the trailer or an error was met: cpio_next returns it again */
	int err;                /* 0, or the -errno cpio_next returned */
	size_t err_offset;      /* where the bad entry's problem is, from the archive's start */
	const char *err_reason; /* what is wrong there, a phrase for a log line */
};

void cpio_reader_init(struct cpio_reader *r, const void *base, size_t len);
/* The next entry into *e: 1 for an entry, 0 after the trailer, or -EINVAL for a malformed
 * archive (bad magic, a non-hex digit, a truncated header, a name or data past the end,
 * an unterminated name, no trailer), with r->err_offset and r->err_reason saying where
 * and what. Entries returned before an error stay valid. Any context: no locks, no
 * allocation. */
int cpio_next(struct cpio_reader *r, struct cpio_entry *e);

/* True if the bytes at base start with a newc header's magic. */
bool cpio_is_newc(const void *base, size_t len);

#endif
