/* lib/vsprintf.c - printk's formatter. Pure logic: also built for the host unit tests. */
#include <irqlab/export.h>
#include <irqlab/vsprintf.h>
#include <irqlab/string.h>

#ifdef IRQLAB_HOST_TEST
/* The host tests link this next to the C library: keep our names apart from its. */
#define vsnprintf irqlab_vsnprintf
#define snprintf  irqlab_snprintf
#endif

enum {
	F_LEFT  = 1 << 0,   /* '-': pad on the right */
	F_ZERO  = 1 << 1,   /* '0': pad numbers with zeros */
	F_PLUS  = 1 << 2,   /* '+': always a sign */
	F_SPACE = 1 << 3,   /* ' ': a space where '+' would be */
	F_UPPER = 1 << 4,   /* %X */
};

struct out {
	char *buf;
	size_t size;
	size_t len;         /* what the output would need, even past size */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_string(struct out *o, const char *s, int width, int prec, int flags)
{
	int len;

	if (!s)
		s = "(null)";
	len = (int)strnlen(s, prec < 0 ? (size_t)-1 : (size_t)prec);
	if (!(flags & F_LEFT))
		pad(o, ' ', width - len);
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (flags & F_LEFT)
		pad(o, ' ', width - len);
}

static void put_number(struct out *o, unsigned long long v, bool negative, unsigned base,
		       int width, int prec, int flags)
{
	const char *digits = (flags & F_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];   /* 2^64 in octal is 22 digits */
	int n = 0, len;
	char sign = 0;

	if (negative)
		sign = '-';
	else if (flags & F_PLUS)
		sign = '+';
	else if (flags & F_SPACE)
		sign = ' ';

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;  /* C: a zero precision prints no digits for zero */

	len = (prec > n ? prec : n) + (sign ? 1 : 0);
	if (!(flags & F_LEFT) && !((flags & F_ZERO) && prec < 0))
		pad(o, ' ', width - len);
	if (sign)
		put(o, sign);
	if (!(flags & F_LEFT) && (flags & F_ZERO) && prec < 0)
		pad(o, '0', width - len);
	pad(o, '0', prec - n);
	while (n)
		put(o, tmp[--n]);
	if (flags & F_LEFT)
		pad(o, ' ', width - len);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };

	for (; *fmt; fmt++) {
		int flags = 0, width = -1, prec = -1, lng = 0;
		bool is_size = false;
		unsigned base = 10;
		bool is_signed = false;
		unsigned long long uv;
		long long sv;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {      /* flags */
			fmt++;
			if (*fmt == '-') flags |= F_LEFT;
			else if (*fmt == '0') flags |= F_ZERO;
			else if (*fmt == '+') flags |= F_PLUS;
			else if (*fmt == ' ') flags |= F_SPACE;
			else break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else {
			for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
				width = width * 10 + (*fmt - '0');
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				for (prec = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
					prec = prec * 10 + (*fmt - '0');
			}
		}
		for (;; fmt++) {        /* length modifiers */
			if (*fmt == 'l') lng++;
			else if (*fmt == 'h') lng--;
			else if (*fmt == 'z' || *fmt == 't') is_size = true;
			else break;
		}

		switch (*fmt) {
		case '\0':
			fmt--;          /* a lone '%' at the end: print nothing more */
			continue;
		case '%':
			put(&o, '%');
			continue;
		case 'c':
			flags &= ~F_ZERO;
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - 1);
			put(&o, (char)va_arg(ap, int));
			if (flags & F_LEFT)
				pad(&o, ' ', width - 1);
			continue;
		case 's':
			put_string(&o, va_arg(ap, const char *), width, prec, flags);
			continue;
		case 'p':
			uv = (uintptr_t)va_arg(ap, void *);
			put_string(&o, "0x", 0, -1, 0);
			put_number(&o, uv, false, 16, width > 2 ? width - 2 : 0,
				   (int)(2 * sizeof(void *)), 0);
			continue;
		case 'd':
		case 'i':
			is_signed = true;
			break;
		case 'u':
			break;
		case 'x':
			base = 16;
			break;
		case 'X':
			base = 16;
			flags |= F_UPPER;
			break;
		case 'o':
			base = 8;
			break;
		default:        /* unknown conversion: show it as it was written */
			put(&o, '%');
			put(&o, *fmt);
			continue;
		}

		if (is_signed) {
			if (is_size)
				sv = va_arg(ap, ptrdiff_t);
			else if (lng >= 2)
				sv = va_arg(ap, long long);
			else if (lng == 1)
				sv = va_arg(ap, long);
			else if (lng == -1)
				sv = (short)va_arg(ap, int);
			else if (lng <= -2)
				sv = (signed char)va_arg(ap, int);
			else
				sv = va_arg(ap, int);
			uv = sv < 0 ? 0ull - (unsigned long long)sv : (unsigned long long)sv;
			put_number(&o, uv, sv < 0, base, width, prec, flags);
		} else {
			if (is_size)
				uv = va_arg(ap, size_t);
			else if (lng >= 2)
				uv = va_arg(ap, unsigned long long);
			else if (lng == 1)
				uv = va_arg(ap, unsigned long);
			else if (lng == -1)
				uv = (unsigned short)va_arg(ap, unsigned int);
			else if (lng <= -2)
				uv = (unsigned char)va_arg(ap, unsigned int);
			else
				uv = va_arg(ap, unsigned int);
			put_number(&o, uv, false, base, width, prec, flags & ~(F_PLUS | F_SPACE));
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}
EXPORT_SYMBOL(vsnprintf);

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
EXPORT_SYMBOL(snprintf);
