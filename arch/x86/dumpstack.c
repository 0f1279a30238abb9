/* arch/x86/dumpstack.c - the body of the exception report: what a student reads, with
 * the SDM open, to find out what went wrong.
 *
 * Intel SDM Vol. 3A, "Interrupt and Exception Handling", section "Error Code" (figure
 * "Error Code"), and "Paging", section "Page-Fault Exceptions" (figure "Page-Fault Error
 * Code"); "System Architecture Overview", sections "System Flags and Fields in the EFLAGS
 * Register" and "Control Registers".
 *
 *   #PF page fault: vector 14 (fault) in kernel code, context task
 *   error code 0x0002: P=0 not-present, W/R=1 write, U/S=0 supervisor, RSVD=0, I/D=0
 *   CR2: 0x00000004, the linear address that faulted (in page 0: a NULL pointer)
 *   EIP: 0008:[<001012d1>] trap_demo_write+0x21/0x40
 *   EAX: ... (every register, EFLAGS decoded, CR0-CR4)
 *   Call Trace:
 *    [<001012d1>] trap_demo_write+0x21/0x40       <- the faulting EIP itself
 *    [<00103f9a>] demo_pf+0x1a/0x20               <- then the EBP chain from regs->ebp
 *
 * Field names are the SDM's, so each can be looked up in the figure it comes from. The
 * first line, which names the exception, and the call trace are printed by traps.c
 * around these.
 */
#include <irqlab/kallsyms.h>
#include <irqlab/printk.h>
#include <irqlab/vsprintf.h>
#include "cpu.h"
#include "dumpstack.h"
#include "paging.h"
#include "trapnr.h"

/* Error codes, SDM "Error Code" (figure "Error Code") and "Page-Fault Exceptions" (figure
 * "Page-Fault Error Code"). */
#define SEL_EC_EXT      BIT(0)  /* EXT: an event external to the program caused it */
#define SEL_EC_IDT      BIT(1)  /* IDT: the index names an IDT gate */
#define SEL_EC_TI       BIT(2)  /* TI (when IDT=0): 1 = LDT, 0 = GDT */
#define SEL_EC_INDEX(e) (((e) >> 3) & 0x1fff)

#define PF_EC_P         BIT(0)  /* 0: page not present; 1: protection violation */
#define PF_EC_WR        BIT(1)  /* W/R: 0 read, 1 write */
#define PF_EC_US        BIT(2)  /* U/S: 0 supervisor, 1 user mode */
#define PF_EC_RSVD      BIT(3)  /* a reserved bit was set in a paging entry */
#define PF_EC_ID        BIT(4)  /* I/D: an instruction fetch */

#define BITV(ec, b)     (((ec) & (b)) ? 1 : 0)

static u32 gdt_limit(void)
{
	struct { u16 limit; u32 base; } __packed gdtr;

	__asm__ __volatile__("sgdt %0" : "=m"(gdtr));
	return gdtr.limit;
}

void show_error_code(const char *lvl, const struct pt_regs *regs, u32 cr2)
{
	u32 ec = regs->error_code;

	switch (regs->vector) {
	case X86_TRAP_TS:
	case X86_TRAP_NP:
	case X86_TRAP_SS:
	case X86_TRAP_GP:
		if (ec == 0) {
			printk("%serror code 0x0000: no selector (this fault is not about a "
			       "segment selector)\n", lvl);
		} else if (ec & SEL_EC_IDT) {
			printk("%serror code 0x%04x: IDT vector %u, IDT=1 (an IDT gate), EXT=%u\n",
			       lvl, ec, SEL_EC_INDEX(ec), BITV(ec, SEL_EC_EXT));
		} else {
			printk("%serror code 0x%04x: selector index %u, TI=%u (%s), IDT=0, "
			       "EXT=%u%s%s\n", lvl, ec, SEL_EC_INDEX(ec), BITV(ec, SEL_EC_TI),
			       (ec & SEL_EC_TI) ? "LDT" : "GDT", BITV(ec, SEL_EC_EXT),
			       (ec & SEL_EC_EXT) ? " (an external event)" : "",
			       !(ec & SEL_EC_TI) && SEL_EC_INDEX(ec) * 8 + 7 > gdt_limit() ?
			       "; past the GDT's limit" : "");
		}
		break;
	case X86_TRAP_PF:
		/* LAB 1 BEGIN pf-error-code: each bit of the #PF error code by its SDM name */
		printk("%serror code 0x%04x: P=%u %s, W/R=%u %s, U/S=%u %s, RSVD=%u, I/D=%u%s\n",
		       lvl, ec, BITV(ec, PF_EC_P), (ec & PF_EC_P) ? "protection" : "not-present",
		       BITV(ec, PF_EC_WR), (ec & PF_EC_WR) ? "write" : "read",
		       BITV(ec, PF_EC_US), (ec & PF_EC_US) ? "user" : "supervisor",
		       BITV(ec, PF_EC_RSVD), BITV(ec, PF_EC_ID),
		       (ec & PF_EC_ID) ? " instruction fetch" : "");
		/* LAB 1 STUB
		printk("%serror code 0x%04x\n", lvl, ec);
		LAB 1 END */
		printk("%sCR2: 0x%08x, the linear address that faulted%s\n", lvl, cr2,
		       cr2 < PAGE_SIZE ? " (in page 0: a NULL pointer)" : "");
		break;
	case X86_TRAP_DF:
	case X86_TRAP_AC:
	case X86_TRAP_CP:
		printk("%serror code 0x%04x\n", lvl, ec);
		break;
	default:
		break;  /* no error code for this vector */
	}
}

static u32 read_ss(void)
{
	u32 ss;

	__asm__ __volatile__("movl %%ss, %0" : "=r"(ss));
	return ss & 0xffff;
}

void __show_regs(const char *lvl, const struct pt_regs *regs, u32 sp, u32 ss)
{
	static const struct { u32 bit; const char *name; } flags[] = {
		{ EFLAGS_CF, "CF" }, { BIT(2), "PF" }, { BIT(4), "AF" }, { BIT(6), "ZF" },
		{ BIT(7), "SF" }, { EFLAGS_TF, "TF" }, { EFLAGS_IF, "IF" }, { EFLAGS_DF, "DF" },
		{ BIT(11), "OF" }, { EFLAGS_NT, "NT" },
	};
	char sym[96], fl[40];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (regs->eflags & flags[i].bit)
			n += snprintf(fl + n, sizeof(fl) - n, "%s ", flags[i].name);
	fl[n] = '\0';
	sprint_symbol(sym, sizeof(sym), regs->eip);
	printk("%sEIP: %04x:[<%08x>] %s\n", lvl, regs->cs & 0xffff, regs->eip, sym);
	printk("%sEAX: %08x EBX: %08x ECX: %08x EDX: %08x\n", lvl,
	       regs->eax, regs->ebx, regs->ecx, regs->edx);
	printk("%sESI: %08x EDI: %08x EBP: %08x ESP: %08x\n", lvl,
	       regs->esi, regs->edi, regs->ebp, sp);
	printk("%sCS: %04x DS: %04x ES: %04x FS: %04x GS: %04x SS: %04x\n", lvl,
	       regs->cs & 0xffff, regs->ds & 0xffff, regs->es & 0xffff, regs->fs & 0xffff,
	       regs->gs & 0xffff, ss & 0xffff);
	printk("%sEFLAGS: %08x [ %s]\n", lvl, regs->eflags, fl);
	printk("%sCR0: %08x CR2: %08x CR3: %08x CR4: %08x\n", lvl,
	       read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

void show_regs(const char *lvl, const struct pt_regs *regs)
{
	__show_regs(lvl, regs, regs_kernel_sp(regs), read_ss());
}
