/* kernel/mm/stack.c - kernel thread stacks, each with an unmapped guard page below.
 *
 * A stack is THREAD_SIZE (8 KiB) aligned to THREAD_SIZE, cut from an order-2 block
 * (16 KiB, aligned to 16 KiB) from the page allocator:
 *
 *   page 0     given back to the allocator at once
 *   page 1     the guard page: unmapped while the stack exists
 *   pages 2-3  the stack; ESP starts at the top of page 3 and grows down
 *
 * Running off the bottom of the stack touches the guard page: a page fault (#PF).
 * The CPU then tries to push the #PF frame onto the same stack - ring 0 to ring 0 does
 * not switch stacks - which faults again while delivering the first fault: a double
 * fault (#DF). Vector 8 is a task gate (arch/x86/idt.c), so the CPU switches to the
 * double-fault task with its own stack and reports the overflow instead of triple-
 * faulting (Intel SDM Vol. 3A, "Interrupt 8-Double Fault Exception (#DF)"). Without the
 * guard page the stack would silently grow into whatever lies below it.
 *
 * Every page involved is marked PG_stack, so __free_pages() and kfree() refuse them
 * with a clear report, and a fault address can be recognised as a stack overflow
 * (addr_in_stack_guard()).
 *
 * Locking: stack_lock (irqsave) covers nr_thread_stacks, the PG_stack marks and the guard
 * pages' page-table entries, so that a stack being freed on one CPU is never half
 * unmarked while another CPU checks or frees it. The page allocator's zone_lock is
 * taken outside it, never under it.
 */
#include <irqlab/irqflags.h>
#include <irqlab/mm.h>
#include <irqlab/string.h>
#include <irqlab/panic.h>
#include <irqlab/spinlock.h>
#include "arch/x86/tlbflush.h"

#define STACK_BLOCK_ORDER       (THREAD_SIZE_ORDER + 1)
#define GUARD_PAGE              1               /* index in the block */
#define FIRST_STACK_PAGE        2

static DEFINE_SPINLOCK(stack_lock);
u32 nr_thread_stacks;                   /* stack_lock */

void *alloc_thread_stack(void)
{
	struct page *block = alloc_pages(GFP_KERNEL, STACK_BLOCK_ORDER);
	unsigned long flags;

	if (!block)
		return NULL;
	/* Page by page from here on, so page 0 can go back and the rest be freed alone. */
	split_page(block, STACK_BLOCK_ORDER);
	__free_page(block);

	/* A new thread starts on a zeroed stack: it never sees what a previous owner of the
	 * pages left there. It also matters under QEMU's TCG: a page that still holds code
	 * the bootloader ran is write-watched by QEMU (self-modifying code detection), and
	 * every store to it takes a slow path until the translated code is all overwritten.
	 * Writing the whole stack once ends that; without it a context switch between
	 * threads on such stacks measured ~100x slower under 'bench' (docs/performance.md). */
	memset(page_address(&block[FIRST_STACK_PAGE]), 0, THREAD_SIZE);
	spin_lock_irqsave(&stack_lock, flags);
	for (unsigned int i = GUARD_PAGE; i < (1u << STACK_BLOCK_ORDER); i++)
		block[i].flags |= PG_stack;
	set_guard_page((u32)page_address(&block[GUARD_PAGE]));
	nr_thread_stacks++;
	spin_unlock_irqrestore(&stack_lock, flags);
	/* Another CPU may still hold the guard page's translation from when it was plain
	 * RAM (a buffer, or a stack freed before). A thread there that ran off this stack
	 * would write through that stale entry into the page below, silently, instead of
	 * faulting: the overflow the guard page exists to catch. */
	flush_tlb_kernel_range((u32)page_address(&block[GUARD_PAGE]),
			       (u32)page_address(&block[FIRST_STACK_PAGE]));
	return page_address(&block[FIRST_STACK_PAGE]);
}

/* Is base what alloc_thread_stack() returned, and still in use? stack_lock held. */
static bool is_thread_stack(void *base)
{
	unsigned long pfn = (u32)base >> PAGE_SHIFT;

	if ((u32)base & (THREAD_SIZE - 1) || pfn == 0 ||
	    !pfn_valid(pfn + THREAD_SIZE / PAGE_SIZE - 1))
		return false;
	if (!(pfn_to_page(pfn - 1)->flags & PG_stack) || kern_addr_mapped((u32)base - PAGE_SIZE))
		return false;                   /* no guard page below */
	for (unsigned long i = 0; i < THREAD_SIZE / PAGE_SIZE; i++)
		if ((pfn_to_page(pfn + i)->flags & (PG_stack | PG_head)) != (PG_stack | PG_head))
			return false;
	return true;
}

void free_thread_stack(void *base)
{
	struct page *page;
	unsigned long flags;

	spin_lock_irqsave(&stack_lock, flags);
	if (!is_thread_stack(base)) {
		spin_unlock_irqrestore(&stack_lock, flags);
		WARN(1, "free_thread_stack(0x%08x): not a stack from alloc_thread_stack(), or "
		     "freed already; ignored\n", (u32)base);
		return;
	}
	page = virt_to_page(base) - 1;          /* the guard page */
	/* Mapped again before the page is free: the next owner expects plain RAM. */
	clear_guard_page((u32)page_address(page));
	for (unsigned int i = 0; i < 1 + THREAD_SIZE / PAGE_SIZE; i++)
		page[i].flags &= ~PG_stack;
	nr_thread_stacks--;
	spin_unlock_irqrestore(&stack_lock, flags);

	for (unsigned int i = 0; i < 1 + THREAD_SIZE / PAGE_SIZE; i++)
		__free_page(&page[i]);
}

bool addr_in_stack_guard(u32 addr)
{
	struct page *page = virt_to_page((void *)addr);

	return page && (page->flags & PG_stack) && !kern_addr_mapped(addr);
}
