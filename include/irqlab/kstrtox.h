/* include/irqlab/kstrtox.h - numbers from strings, as Linux's kstrto*() (lib/kstrtox.c).
 *
 * The whole string is the number: an optional sign, then digits in base (0: "0x" hex,
 * a leading "0" octal, else decimal), then at most one newline - what `echo 5 > FILE`
 * writes. 0, or -EINVAL for anything else, or -ERANGE when the value does not fit. */
#ifndef IRQLAB_KSTRTOX_H
#define IRQLAB_KSTRTOX_H

#include <irqlab/types.h>

int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtol(const char *s, unsigned int base, long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);

#endif
