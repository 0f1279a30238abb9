/* include/asm/current.h - current: include/irqlab/sched.h. */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#include <irqlab/sched.h>

#endif
