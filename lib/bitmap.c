/* lib/bitmap.c - cpumasks to text and back, in Linux's formats (include/irqlab/bitmap.h).
 * The parsers follow Linux's: bitmap_parse reads the groups from the right, each at most
 * 8 hex digits; bitmap_parselist reads numbers and ranges from the left. */
#include <irqlab/bitmap.h>
#include <irqlab/errno.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>

#define CHUNK_BITS 32

int bitmap_print_mask(char *buf, size_t size, unsigned long mask, unsigned int nbits)
{
	unsigned int digits = (nbits % CHUNK_BITS ? nbits % CHUNK_BITS : CHUNK_BITS) + 3;

	/* One group: nbits is at most 32 here. */
	return snprintf(buf, size, "%0*lx", (int)(digits / 4),
			nbits < CHUNK_BITS ? mask & ((1ul << nbits) - 1) : mask);
}

int bitmap_print_list(char *buf, size_t size, unsigned long mask, unsigned int nbits)
{
	int n = 0;

	for (unsigned int bit = 0; bit < nbits; bit++) {
		unsigned int last = bit;

		if (!(mask & (1ul << bit)))
			continue;
		while (last + 1 < nbits && (mask & (1ul << (last + 1))))
			last++;
		n += snprintf(buf + MIN((size_t)n, size), size - MIN((size_t)n, size),
			      last > bit ? "%s%u-%u" : "%s%u", n ? "," : "", bit, last);
		bit = last;
	}
	if (!n && size)
		buf[0] = '\0';
	return n;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The text up to the first newline, without the spaces (and, for a mask, the commas)
 * around it: [*start, *end). */
static void trim(const char *buf, size_t len, const char **start, const char **end,
		 bool commas)
{
	const char *s = buf, *e = buf;

	while (e < buf + len && *e && *e != '\n')
		e++;
	while (s < e && (is_space(*s) || (commas && *s == ',')))
		s++;
	while (e > s && (is_space(e[-1]) || (commas && e[-1] == ',')))
		e--;
	*start = s;
	*end = e;
}

int bitmap_parse(const char *buf, size_t len, unsigned long *maskp, unsigned int nbits)
{
	const char *start, *end;
	unsigned long mask = 0;
	unsigned int chunk = 0;

	trim(buf, len, &start, &end, true);
	/* Groups from the right: the last is bits 0-31. */
	while (end > start) {
		unsigned long group = 0;
		unsigned int digits = 0;

		while (end > start && end[-1] != ',') {
			int v = hex_to_bin((unsigned char)*--end);

			if (v < 0)
				return -EINVAL;
			if (digits == 8)
				return -EOVERFLOW;
			group |= (unsigned long)v << (4 * digits++);
		}
		if (!digits)
			return -EINVAL;         /* ",," */
		if (chunk++ && group)
			return -EOVERFLOW;      /* bits past 31 */
		mask |= group;
		if (end > start)
			end--;                  /* the comma */
	}
	if (nbits < CHUNK_BITS && (mask >> nbits))
		return -EOVERFLOW;
	*maskp = mask;
	return 0;
}

static const char *parse_uint(const char *s, const char *end, unsigned int *v)
{
	const char *p = s;

	*v = 0;
	while (p < end && *p >= '0' && *p <= '9' && *v < 1000)
		*v = *v * 10 + (unsigned int)(*p++ - '0');
	return p == s ? NULL : p;
}

int bitmap_parselist(const char *buf, size_t len, unsigned long *maskp, unsigned int nbits)
{
	const char *p, *end;
	unsigned long mask = 0;

	trim(buf, len, &p, &end, false);
	while (p < end) {
		unsigned int first, last;

		p = parse_uint(p, end, &first);
		if (!p)
			return -EINVAL;
		last = first;
		if (p < end && *p == '-') {
			p = parse_uint(p + 1, end, &last);
			if (!p || last < first)
				return -EINVAL;
		}
		if (p < end && *p++ != ',')
			return -EINVAL;
		if (last >= nbits)
			return -ERANGE;
		for (unsigned int bit = first; bit <= last; bit++)
			mask |= 1ul << bit;
	}
	*maskp = mask;
	return 0;
}
