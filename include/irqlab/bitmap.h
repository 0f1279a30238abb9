/* include/irqlab/bitmap.h - cpumasks as text, in Linux's two formats (lib/bitmap.c).
 *
 *   mask  "%*pb":  hex, in 32-bit groups separated by commas, most significant first;
 *                  the first group as many digits as its bits need ("3" for 2 CPUs,
 *                  "ff" for 8), the others 8: /proc/irq/N/smp_affinity
 *   list  "%*pbl": "0-1,3": /proc/irq/N/smp_affinity_list
 *
 * A mask here is one unsigned long: at most 32 bits (NR_CPUS is 8). Pure logic, also
 * built for the host tests. */
#ifndef IRQLAB_BITMAP_H
#define IRQLAB_BITMAP_H

#include <irqlab/types.h>

/* Writes the low nbits of mask (1..32) into buf, terminated, no newline. Returns the
 * length it needed (>= size: cut), as snprintf does. */
int bitmap_print_mask(char *buf, size_t size, unsigned long mask, unsigned int nbits);
int bitmap_print_list(char *buf, size_t size, unsigned long mask, unsigned int nbits);

/* Reads the first len bytes of buf (up to a newline; spaces and commas at the ends are
 * ignored) into *maskp. 0, -EINVAL (not hex, or not a list), -EOVERFLOW (a group of more
 * than 8 digits, or a bit at or past nbits: bitmap_parse), -ERANGE (a CPU at or past
 * nbits: bitmap_parselist). Groups past the first 32 bits are taken when they are zero
 * (a mask copied from a bigger machine, the course notes' "00000000,...,00000038"),
 * where Linux with NR_CPUS <= 32 says -EOVERFLOW. *maskp is written only on success. */
int bitmap_parse(const char *buf, size_t len, unsigned long *maskp, unsigned int nbits);
int bitmap_parselist(const char *buf, size_t len, unsigned long *maskp, unsigned int nbits);

#endif
