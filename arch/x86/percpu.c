/* arch/x86/percpu.c - per-CPU areas, their offsets, and the per-CPU state every entry
 * path touches. See include/irqlab/percpu.h: the boot CPU uses the section copy, offset
 * 0; every other CPU a zeroed copy of its own, reached through its GDT's FS segment. */
#include <irqlab/errno.h>
#include <irqlab/export.h>
#include <irqlab/gfp.h>
#include <irqlab/mm.h>
#include <irqlab/preempt.h>
#include <irqlab/string.h>

extern char __per_cpu_start[], __per_cpu_end[];

unsigned long __per_cpu_offset[NR_CPUS];
unsigned long __cpu_possible_mask = BIT(0), __cpu_online_mask = BIT(0);

DEFINE_PER_CPU(unsigned long, this_cpu_off);
DEFINE_PER_CPU(unsigned int, cpu_number);
EXPORT_PER_CPU_SYMBOL(cpu_number);
DEFINE_PER_CPU(unsigned int, __preempt_count);
EXPORT_PER_CPU_SYMBOL(__preempt_count);

int setup_per_cpu_area(unsigned int cpu)
{
	size_t size = (size_t)(__per_cpu_end - __per_cpu_start);
	struct page *page;
	char *area;

	if (cpu == 0 || cpu >= NR_CPUS)
		return -EINVAL;
	if (cpu_possible(cpu))
		return 0;
	/* Page-aligned, like the section (linker.ld): every variable keeps its alignment. */
	page = alloc_pages(GFP_KERNEL, get_order(size));
	if (!page)
		return -ENOMEM;
	area = page_address(page);
	memset(area, 0, size);
	__per_cpu_offset[cpu] = (unsigned long)(area - __per_cpu_start);
	per_cpu(this_cpu_off, cpu) = __per_cpu_offset[cpu];
	per_cpu(cpu_number, cpu) = cpu;
	set_cpu_possible(cpu);
	return 0;
}
