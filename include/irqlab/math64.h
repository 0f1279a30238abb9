/* include/irqlab/math64.h - 64-bit arithmetic a 32-bit CPU does without dividing.
 *
 * The i386 has no 64-by-64 division: gcc calls __udivdi3 (arch/x86/libgcc.c), a loop of
 * some hundred instructions. Paths that run per interrupt convert with a multiply and a
 * shift instead, as Linux's clocksources do (mult and shift are worked out once). */
#ifndef IRQLAB_MATH64_H
#define IRQLAB_MATH64_H

#include <irqlab/types.h>

/* (a * mul) >> shift, shift <= 32, without the 96-bit product overflowing: a's two
 * halves are multiplied apart (Linux's mul_u64_u32_shr). Two MULs, no division. */
static inline u64 mul_u64_u32_shr(u64 a, u32 mul, unsigned int shift)
{
	u32 lo = (u32)a, hi = (u32)(a >> 32);
	u64 ret = ((u64)lo * mul) >> shift;

	if (hi)
		ret += ((u64)hi * mul) << (32 - shift);
	return ret;
}

#endif
