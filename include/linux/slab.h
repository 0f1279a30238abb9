/* include/linux/slab.h - kmalloc/kfree and GFP_KERNEL/GFP_ATOMIC: include/irqlab/slab.h. */
#ifndef LINUX_SLAB_H
#define LINUX_SLAB_H

#include <irqlab/slab.h>
#include <irqlab/gfp.h>

#endif
