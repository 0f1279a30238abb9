/* include/irqlab/types.h - fixed-width types and the few helpers every file uses. */
#ifndef IRQLAB_TYPES_H
#define IRQLAB_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

typedef uint8_t  u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t   s8;
typedef int16_t  s16;
typedef int32_t  s32;
typedef int64_t  s64;

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define BIT(n)          (1u << (n))
#define ALIGN_UP(x, a)  (((x) + (a) - 1) & ~((a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((a) - 1))
#define MIN(a, b)       ((a) < (b) ? (a) : (b))
#define MAX(a, b)       ((a) > (b) ? (a) : (b))

#define __packed        __attribute__((packed))
#define __aligned(n)    __attribute__((aligned(n)))
#define __noreturn      __attribute__((noreturn))
#define __used          __attribute__((used))
#define __maybe_unused  __attribute__((unused))
#define __section(s)    __attribute__((section(s)))
#define __printf(a, b)  __attribute__((format(printf, a, b)))
#define __must_check    __attribute__((warn_unused_result))
#define __noinline      __attribute__((noinline))
#ifndef __always_inline        /* the host tests' libc defines it too */
#define __always_inline inline __attribute__((always_inline))
#endif
#define __weak          __attribute__((weak))
/* The address of this very place in the code (Linux's): what a macro that records "who
 * set this up" stores, the caller's own code rather than a return address. */
#define _THIS_IP_       ({ __label__ __here; __here: (unsigned long)&&__here; })
#define likely(x)       __builtin_expect(!!(x), 1)
#define unlikely(x)     __builtin_expect(!!(x), 0)
#define barrier()       __asm__ __volatile__("" ::: "memory")

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define READ_ONCE(x)     (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#endif
