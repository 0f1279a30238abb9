/* include/asm/io.h - inb/outb and their kin: irqlab's arch/x86/io.h, with Linux's
 * argument order for the writes: outb(value, port), where irqlab's is (port, value). */
#ifndef ASM_IO_H
#define ASM_IO_H

#include <arch/x86/io.h>

#define outb(value, port) (outb)((port), (value))
#define outw(value, port) (outw)((port), (value))
#define outl(value, port) (outl)((port), (value))

#endif
