/* arch/x86/tlb.c - kernel TLB shootdowns.
 *
 * Intel SDM Vol. 3A, chapter "Paging", section "Invalidation of TLBs and Paging-
 * Structure Caches" (INVLPG), and "Propagation of Paging-Structure Changes to Multiple
 * Processors": each CPU caches translations in its own TLB, and a PTE written on one
 * CPU does not reach the others' TLBs; the software must tell them (a "TLB shootdown").
 *
 * Only taking a mapping away needs a shootdown: a not-present PTE is never cached, so
 * mapping a page (clear_guard_page(), ioremap_page()) changes nothing a TLB holds.
 */
#include <irqlab/smp.h>
#include "cpu.h"
#include "hardirq.h"
#include "paging.h"
#include "tlbflush.h"

struct flush_tlb_info {
	u32 start, end;
};

static void flush_tlb_range_local(const struct flush_tlb_info *f)
{
	for (u32 addr = f->start; addr < f->end; addr += PAGE_SIZE)
		invlpg(addr);
}

/* In hard-IRQ context, on a CPU that got the shootdown IPI. */
static void do_kernel_range_flush(void *info)
{
	flush_tlb_range_local(info);
	this_cpu_inc(irq_tlb_count);
}

void flush_tlb_kernel_range(u32 start, u32 end)
{
	struct flush_tlb_info info = { start & ~(PAGE_SIZE - 1), end };

	flush_tlb_range_local(&info);
	/* Waits: the caller may hand the range out as soon as this returns. */
	if (num_online_cpus() > 1)
		smp_call_function(do_kernel_range_flush, &info, true);
}
