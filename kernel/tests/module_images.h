/* kernel/tests/module_images.h - the test modules (kernel/tests/modules/), built to
 * .ko files and embedded in the kernel image for kernel/tests/test_module.c. */
#ifndef KERNEL_TESTS_MODULE_IMAGES_H
#define KERNEL_TESTS_MODULE_IMAGES_H

#include <irqlab/types.h>

/* The bytes of NAME.ko and their count into *len; NULL if there is no such module. */
const void *ktest_module_image(const char *name, size_t *len);

#endif
