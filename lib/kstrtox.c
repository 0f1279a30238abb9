/* lib/kstrtox.c - numbers from strings: Linux's kstrto*() semantics
 * (include/irqlab/kstrtox.h), for module parameters and the writable /proc and /sys
 * files. Process context; no division (a multiply and a compare per digit). */
#include <irqlab/errno.h>
#include <irqlab/kstrtox.h>
#include <irqlab/string.h>

#define ULONG_MAX       (~0ul)
#define LONG_MAX        ((long)(ULONG_MAX >> 1))
#define INT_MAX         ((int)(~0u >> 1))
#define INT_MIN         (-INT_MAX - 1)

/* The digits of s (no sign) in base, into *res. */
static int parse_digits(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long v = 0;
	const char *start;

	if (base == 0 || base == 16) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && hex_to_bin((u8)s[2]) >= 0) {
			base = 16;
			s += 2;
		} else if (base == 0) {
			base = s[0] == '0' && s[1] && s[1] != '\n' ? 8 : 10;
		}
	}
	start = s;
	for (; *s && *s != '\n'; s++) {
		int d = hex_to_bin((u8)*s);

		if (d < 0 || (unsigned int)d >= base)
			return -EINVAL;
		/* v * base + d past ULONG_MAX: the compiler's overflow checks, right
		 * whatever the width of unsigned long (the host tests' is 64 bits). */
		if (__builtin_mul_overflow(v, base, &v) ||
		    __builtin_add_overflow(v, (unsigned int)d, &v))
			return -ERANGE;
	}
	if (s == start || (*s == '\n' && s[1]))
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	if (*s == '+')
		s++;
	return parse_digits(s, base, res);
}

int kstrtol(const char *s, unsigned int base, long *res)
{
	unsigned long v;
	bool neg = *s == '-';
	int err;

	if (*s == '-' || *s == '+')
		s++;
	err = parse_digits(s, base, &v);
	if (err)
		return err;
	if (v > (unsigned long)LONG_MAX + neg)
		return -ERANGE;
	*res = neg ? (long)(0ul - v) : (long)v;
	return 0;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long v;
	int err = kstrtoul(s, base, &v);

	if (err)
		return err;
	if (v > ~0u)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	long v;
	int err = kstrtol(s, base, &v);

	if (err)
		return err;
	if (v < INT_MIN || v > INT_MAX)
		return -ERANGE;
	*res = (int)v;
	return 0;
}
