/* include/irqlab/vsprintf.h - formatted output into a buffer (lib/vsprintf.c).
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, with flags '-' '0' '+' ' ', a width and a
 * precision (either may be '*'), and the length modifiers hh h l ll z t.
 * Like C's, the return value is the length the whole output would have had, so a caller
 * can see truncation; the buffer is always terminated when size > 0. */
#ifndef IRQLAB_VSPRINTF_H
#define IRQLAB_VSPRINTF_H

#include <irqlab/types.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#ifdef IRQLAB_HOST_TEST
/* The host tests link lib/vsprintf.c next to the C library: there, ours go by these. */
int irqlab_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int irqlab_snprintf(char *buf, size_t size, const char *fmt, ...);
#endif

#endif
