/* include/linux/compiler_types.h - __user. Linux marks pointers into user space with
 * it for sparse; the compiler ignores it there as here. irqlab has one
 * address space (no user mode), so it marks nothing but keeps a Linux driver's
 * prototypes (read(struct file *, char __user *, ...)) compiling unchanged. */
#ifndef LINUX_COMPILER_TYPES_H
#define LINUX_COMPILER_TYPES_H

#define __user

#endif
