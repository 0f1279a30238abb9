/* kernel/shell/cmd_trigger.c - `trigger <exception>`: raise a CPU exception on purpose
 * and watch what the kernel does with it.
 *
 *   divide, gp, ud, pf  a fault in a demo function (arch/x86/trap_demos.c); its report
 *                       is printed and the exception fixup resumes at the recovery point
 *   int3                a trap: the report's EIP is the next instruction, and execution
 *                       simply goes on there
 *   doublefault         a stack overflow: #PF, then #DF on its own stack; halts
 *   bug                 a fault with no fixup: the report, then a panic; halts
 */
#include <irqlab/errno.h>
#include <irqlab/kallsyms.h>
#include <irqlab/string.h>
#include "arch/x86/trap_demos.h"
#include "arch/x86/traps.h"
#include "shell.h"

static void demo_pf(struct trap_demo *d)
{
	trap_demo_write(d, TRAP_DEMO_NULL_FIELD);
}

static const struct fixup_demo {
	const char *name;
	unsigned int vector;
	void (*run)(struct trap_demo *d);
} fixup_demos[] = {
	{ "divide", X86_TRAP_DE, trap_demo_divide },
	{ "gp",     X86_TRAP_GP, trap_demo_gp },
	{ "ud",     X86_TRAP_UD, trap_demo_ud },
	{ "pf",     X86_TRAP_PF, demo_pf },
};

/* Checks the handler's view (last_exception) against what the demo knows about itself. */
static int run_fixup_demo(const struct fixup_demo *demo)
{
	struct trap_demo d;
	u32 before = exception_counts[demo->vector];
	char sym[96];

	demo->run(&d);
	sprint_symbol(sym, sizeof(sym), d.insn);
	if (!d.faulted || exception_counts[demo->vector] != before + 1 ||
	    last_exception.vector != demo->vector || last_exception.eip != d.insn ||
	    last_exception.fixup != d.resume) {
		kprintf("trigger: %s: expected %s at 0x%08x fixed up to 0x%08x, but the handler "
			"saw vector %u at 0x%08x (fixup 0x%08x), faulted=%d\n", demo->name,
			trap_mnemonic(demo->vector), d.insn, d.resume, last_exception.vector,
			last_exception.eip, last_exception.fixup, d.faulted);
		return -EIO;
	}
	kprintf("trigger: %s at %s was fixed up: resumed at its recovery point 0x%08x; "
		"the shell goes on\n", trap_mnemonic(demo->vector), sym, d.resume);
	return 0;
}

static int run_int3_demo(void)
{
	struct trap_demo d;
	u32 before = exception_counts[X86_TRAP_BP];
	char sym[96];

	trap_demo_int3(&d);
	sprint_symbol(sym, sizeof(sym), d.insn);
	if (exception_counts[X86_TRAP_BP] != before + 1 || last_exception.eip != d.resume) {
		kprintf("trigger: int3: expected a #BP reporting EIP 0x%08x, the handler saw "
			"0x%08x (count %u -> %u)\n", d.resume, last_exception.eip, before,
			exception_counts[X86_TRAP_BP]);
		return -EIO;
	}
	kprintf("trigger: int3 at 0x%08x (%s) is a trap: the report's EIP 0x%08x is the next "
		"instruction, and execution continued there\n", d.insn, sym, last_exception.eip);
	return 0;
}

static int cmd_trigger(int argc, char **argv)
{
	if (argc != 2)
		return shell_usage("trigger");
	for (size_t i = 0; i < ARRAY_SIZE(fixup_demos); i++)
		if (strcmp(argv[1], fixup_demos[i].name) == 0)
			return run_fixup_demo(&fixup_demos[i]);
	if (strcmp(argv[1], "int3") == 0)
		return run_int3_demo();
	if (strcmp(argv[1], "doublefault") == 0) {
		kprintf("trigger: recursing until the stack runs into its guard page\n");
		trap_demo_doublefault();
	}
	if (strcmp(argv[1], "bug") == 0) {
		kprintf("trigger: ud2 with no exception fixup: a kernel bug, so a panic\n");
		trap_demo_bug();
	}
	return shell_usage("trigger");
}
SHELL_CMD(trigger, "<divide|gp|int3|ud|pf|doublefault|bug>",
	  "raise a CPU exception and see the report", cmd_trigger);
