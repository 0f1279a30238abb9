/* lib/cpio.c - walking a cpio "newc" archive in place, entry by entry. Pure logic: also
 * built for the host unit tests.
 *
 * Documentation/driver-api/early-userspace/buffer-format.rst (Linux), "cpio newc
 * format": the header's fields, in order, are c_magic (6 bytes) and 13 fields of 8 ASCII
 * hex digits. The name follows the header and the pair is padded to a multiple of 4
 * bytes; the data follows, padded to a multiple of 4. Offsets here count from the
 * archive's start, which the boot loader places on a page boundary, so "a multiple of 4"
 * from the archive's start is the same as in memory. */
#include <irqlab/cpio.h>
#include <irqlab/errno.h>
#include <irqlab/string.h>

/* The header's fields after c_magic, by their index (buffer-format.rst's order). */
enum {
	CPIO_INO, CPIO_MODE, CPIO_UID, CPIO_GID, CPIO_NLINK, CPIO_MTIME, CPIO_FILESIZE,
	CPIO_DEVMAJOR, CPIO_DEVMINOR, CPIO_RDEVMAJOR, CPIO_RDEVMINOR, CPIO_NAMESIZE,
	CPIO_CHECK, CPIO_NR_FIELDS
};
#define CPIO_MAGIC_LEN          6
#define CPIO_FIELD_LEN          8
_Static_assert(CPIO_MAGIC_LEN + CPIO_NR_FIELDS * CPIO_FIELD_LEN == CPIO_NEWC_HEADER_SIZE,
	       "a newc header is the magic and 13 fields of 8 hex digits");

void cpio_reader_init(struct cpio_reader *r, const void *base, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->base = base;
	r->len = len;
}

bool cpio_is_newc(const void *base, size_t len)
{
	return len >= CPIO_NEWC_HEADER_SIZE && !memcmp(base, CPIO_NEWC_MAGIC, CPIO_MAGIC_LEN);
}

/* Stops the walk: this and every later call return ret. */
static int cpio_fail(struct cpio_reader *r, size_t offset, const char *reason)
{
	r->done = true;
	r->err = -EINVAL;
	r->err_offset = offset;
	r->err_reason = reason;
	return r->err;
}

int cpio_next(struct cpio_reader *r, struct cpio_entry *e)
{
	const u8 *h = r->base + r->pos;
	u32 field[CPIO_NR_FIELDS];
	size_t name_off, data_off, left;

	if (r->done)
		return r->err;
	if (r->pos >= r->len)
		return cpio_fail(r, r->pos, "the archive ends without a TRAILER!!! entry");
	left = r->len - r->pos;
	if (left < CPIO_NEWC_HEADER_SIZE)
		return cpio_fail(r, r->pos, "truncated header");
	if (memcmp(h, CPIO_NEWC_MAGIC, CPIO_MAGIC_LEN))
		return cpio_fail(r, r->pos, "bad magic (not 070701, a newc header)");
	for (int i = 0; i < CPIO_NR_FIELDS; i++) {
		const u8 *digits = h + CPIO_MAGIC_LEN + i * CPIO_FIELD_LEN;

		field[i] = 0;
		for (int j = 0; j < CPIO_FIELD_LEN; j++) {
			int d = hex_to_bin(digits[j]);

			if (d < 0)
				return cpio_fail(r, r->pos + (size_t)(digits + j - h),
						 "non-hex digit in a header field");
			field[i] = field[i] << 4 | (u32)d;
		}
	}

	name_off = r->pos + CPIO_NEWC_HEADER_SIZE;
	if (field[CPIO_NAMESIZE] == 0)
		return cpio_fail(r, name_off, "empty name (c_namesize 0)");
	if (field[CPIO_NAMESIZE] > r->len - name_off)
		return cpio_fail(r, name_off, "name past the end of the archive");
	if (r->base[name_off + field[CPIO_NAMESIZE] - 1] != '\0')
		return cpio_fail(r, name_off, "name not NUL-terminated within c_namesize");
	e->name = (const char *)r->base + name_off;
	if (!strcmp(e->name, CPIO_TRAILER)) {
		r->done = true;
		return 0;
	}

	/* Header and name are padded together: the data starts 4-aligned. */
	data_off = ALIGN_UP(name_off + field[CPIO_NAMESIZE], (size_t)4);
	if (data_off > r->len || field[CPIO_FILESIZE] > r->len - data_off)
		return cpio_fail(r, MIN(data_off, r->len), "data past the end of the archive");
	e->data = r->base + data_off;
	e->size = field[CPIO_FILESIZE];
	e->mode = field[CPIO_MODE];
	/* The last entry's padding may be cut off: the missing trailer is reported next. */
	r->pos = MIN(ALIGN_UP(data_off + e->size, (size_t)4), r->len);
	return 1;
}
