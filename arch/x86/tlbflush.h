/* arch/x86/tlbflush.h - making every CPU forget a kernel mapping that was taken away. */
#ifndef ARCH_X86_TLBFLUSH_H
#define ARCH_X86_TLBFLUSH_H

#include <irqlab/types.h>

/* Flushes [start, end) from this CPU's TLB and, through a function call IPI it waits
 * for, from every other online CPU's (counted there in TLB). Process context with
 * interrupts on once other CPUs are online (kernel/smp.c's rule); on one CPU, any. */
void flush_tlb_kernel_range(u32 start, u32 end);

#endif
