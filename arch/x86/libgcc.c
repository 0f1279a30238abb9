/* arch/x86/libgcc.c - the 64-bit division helpers a 32-bit compiler calls for u64 '/'
 * and '%'. libgcc has them for gcc but clang --target=i686-elf ships no runtime, so
 * irqlab carries its own (shift-and-subtract: rare, and never on an interrupt path). */
#include <irqlab/types.h>

u64 __udivmoddi4(u64 num, u64 den, u64 *rem)
{
	u64 quot = 0, bit = 1;

	if (den == 0) {         /* as the hardware would: a divide error */
		__asm__ __volatile__("divl %0" :: "r"(0u), "a"(0u), "d"(0u));
		__builtin_unreachable();
	}
	while (den < num && !(den & (1ull << 63))) {
		den <<= 1;
		bit <<= 1;
	}
	while (bit) {
		if (num >= den) {
			num -= den;
			quot |= bit;
		}
		den >>= 1;
		bit >>= 1;
	}
	if (rem)
		*rem = num;
	return quot;
}

u64 __udivdi3(u64 num, u64 den) { return __udivmoddi4(num, den, NULL); }

u64 __umoddi3(u64 num, u64 den)
{
	u64 rem;

	__udivmoddi4(num, den, &rem);
	return rem;
}

s64 __divdi3(s64 num, s64 den)
{
	bool neg = (num < 0) != (den < 0);
	u64 q = __udivmoddi4(num < 0 ? -(u64)num : (u64)num, den < 0 ? -(u64)den : (u64)den, NULL);

	return neg ? -(s64)q : (s64)q;
}

s64 __moddi3(s64 num, s64 den)
{
	u64 rem;

	__udivmoddi4(num < 0 ? -(u64)num : (u64)num, den < 0 ? -(u64)den : (u64)den, &rem);
	return num < 0 ? -(s64)rem : (s64)rem;
}
