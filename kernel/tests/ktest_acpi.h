/* kernel/tests/ktest_acpi.h - for the suites that build ACPI tables: making a checksum
 * right after the bytes it covers are written. Tests only. */
#ifndef KERNEL_TESTS_KTEST_ACPI_H
#define KERNEL_TESTS_KTEST_ACPI_H

#include <irqlab/types.h>

/* Sets *field so that the len bytes at p, field included, sum to 0. */
static inline void fix_checksum(void *p, size_t len, u8 *field)
{
	const u8 *bytes = p;
	u8 sum = 0;

	*field = 0;
	for (size_t i = 0; i < len; i++)
		sum += bytes[i];
	*field = (u8)-sum;
}

#endif
