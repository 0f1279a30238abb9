/* arch/x86/io.h - port I/O and memory-mapped register accessors.
 *
 * Intel SDM Vol. 1, chapter "Input/Output": IN/OUT move 8, 16 or 32 bits between EAX and
 * an I/O port. io_wait() writes to port 0x80 (POST codes, unused) to give old devices
 * such as the 8259 time to settle between writes. */
#ifndef ARCH_X86_IO_H
#define ARCH_X86_IO_H

#include <irqlab/types.h>

static inline void outb(u16 port, u8 v)  { __asm__ __volatile__("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outw(u16 port, u16 v) { __asm__ __volatile__("outw %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outl(u16 port, u32 v) { __asm__ __volatile__("outl %0, %1" :: "a"(v), "Nd"(port)); }

static inline u8 inb(u16 port)
{
	u8 v;
	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u16 inw(u16 port)
{
	u16 v;
	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;
	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#define IO_DELAY_PORT 0x80
static inline void io_wait(void) { outb(IO_DELAY_PORT, 0); }

/* Memory-mapped registers (LAPIC, IOAPIC) are read and written 32 bits at a time. */
static inline u32 mmio_read32(uintptr_t addr) { return *(volatile u32 *)addr; }
static inline void mmio_write32(uintptr_t addr, u32 v) { *(volatile u32 *)addr = v; }

#endif
