/* include/irqlab/err.h - ERR_PTR, PTR_ERR, IS_ERR: an -errno carried in a pointer, as
 * Linux's class_create() and device_create() return one. The top 4095 addresses are never
 * a kernel object's, so a pointer there is an error code. */
#ifndef IRQLAB_ERR_H
#define IRQLAB_ERR_H

#include <irqlab/types.h>

#define MAX_ERRNO 4095

static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr)
{
	return (unsigned long)ptr >= (unsigned long)-MAX_ERRNO;
}
static inline bool IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR(ptr); }

#endif
