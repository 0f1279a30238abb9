/* kernel/tests/modules/reloc.c - relocations of each kind the loader applies:
 * R_386_32 pointers in data (to its data, to its code, to the kernel's), and
 * R_386_PC32/PLT32 calls to its own functions and into the kernel. */
#include <irqlab/module.h>
#include <irqlab/slab.h>
#include <irqlab/timer.h>
#include "ktest_module.h"

static int target[4] = { 10, 11, 12, 13 };
static int result[4];

int reloc_helper(int x);
int reloc_cold(int x);

/* Global, so that the assembler leaves the call to the loader (R_386_PC32) instead of
 * resolving it within .text. */
__attribute__((noinline)) int reloc_helper(int x)
{
	return 3 * x + target[1];
}

/* In a section of its own: a call between two sections of the module. */
__attribute__((noinline, section(".text.reloc_cold"))) int reloc_cold(int x)
{
	return reloc_helper(x) + 100;
}

/* R_386_32 with addends: &target[2] is target + 8. */
static int *const table_ro[2] = { &target[0], &target[2] };
static int *table[2] = { &target[3], &target[1] };
static int (*fnptr)(int) = reloc_helper;
static void *(*kernel_fn)(size_t, gfp_t) = kmalloc;

static int reloc_init(void)
{
	void *p;

	result[0] = reloc_cold(5);              /* PC32 to its own text: 3*5 + 11 + 100 */
	result[1] = fnptr(7) + *table_ro[1];    /* through an R_386_32: 3*7 + 11 + 12 */
	p = kmalloc(16, GFP_KERNEL);            /* PC32 (or PLT32) into the kernel */
	result[2] = p != NULL && kernel_fn == kmalloc;
	kfree(p);
	result[3] = *table[0] + *table[1];      /* 13 + 11 */
	udelay(1);
	ktest_module_ptrs[KTEST_RELOC_TABLE] = (void *)table_ro;
	ktest_module_ptrs[KTEST_RELOC_TARGET] = target;
	ktest_module_ptrs[KTEST_RELOC_HELPER] = (void *)reloc_helper;
	ktest_module_ptrs[KTEST_RELOC_RESULT] = result;
	return 0;
}

static void reloc_exit(void)
{
	ktest_module_exits++;
}

module_init(reloc_init);
module_exit(reloc_exit);
MODULE_LICENSE("Dual BSD/GPL");
