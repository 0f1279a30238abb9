/* arch/x86/idt.c - the Interrupt Descriptor Table.
 *
 * Intel SDM Vol. 3A, "Interrupt and Exception Handling", sections "Interrupt Descriptor
 * Table (IDT)" and "IDT Descriptors" (interrupt, trap and task gates).
 *
 * All 256 vectors point at the stubs generated in entry.asm. Every gate is an interrupt
 * gate (the CPU clears IF on entry, so a handler starts with interrupts off) except
 * vector 8, the double fault, which is a task gate: it switches to a known-good stack
 * even when the fault happened because the current stack is gone.
 */
#include <irqlab/panic.h>
#include "idt.h"
#include "ipi.h"
#include "irq.h"
#include "lapic.h"
#include "segment.h"
#include "traps.h"

#define GATE_PRESENT    BIT(7)
#define GATE_DPL(n)     ((n) << 5)
#define GATE_TASK       0x5
#define GATE_INTR32     0xe             /* IF cleared on entry */
#define GATE_TRAP32     0xf             /* IF left as it was */

struct idt_gate {
	u16 offset_low;
	u16 selector;           /* code segment, or the TSS selector for a task gate */
	u8  zero;
	u8  type_attr;
	u16 offset_high;
} __packed;
_Static_assert(sizeof(struct idt_gate) == 8, "IDT gates are 8 bytes");

struct idt_ptr {
	u16 limit;
	u32 base;
} __packed;

static struct idt_gate idt[IDT_ENTRIES] __aligned(8);

extern const u32 vector_stub_table[IDT_ENTRIES];
extern const u32 entry_first_system_vector;

/* The LAPIC's own vectors skip do_IRQ (Linux: apic_idts[] and the sysvec_* entries). A
 * system vector nobody claims goes to do_IRQ after all, which reports it. */
sysvec_handler_t system_vector_handlers[NR_SYSTEM_VECTORS];
#define SYSVEC(vector)  system_vector_handlers[(vector) - FIRST_SYSTEM_VECTOR]

static void sysvec_init(void)
{
	if (entry_first_system_vector != FIRST_SYSTEM_VECTOR)
		panic("entry.asm's FIRST_SYSTEM_VECTOR 0x%x is not idt.h's 0x%x",
		      entry_first_system_vector, FIRST_SYSTEM_VECTOR);
	for (unsigned v = 0; v < NR_SYSTEM_VECTORS; v++)
		system_vector_handlers[v] = do_IRQ;
	SYSVEC(LOCAL_TIMER_VECTOR) = sysvec_apic_timer_interrupt;
	SYSVEC(RESCHEDULE_VECTOR) = sysvec_reschedule_ipi;
	SYSVEC(ERROR_APIC_VECTOR) = sysvec_error_interrupt;
	SYSVEC(CALL_FUNCTION_VECTOR) = sysvec_call_function;
	SYSVEC(CALL_FUNCTION_SINGLE_VECTOR) = sysvec_call_function_single;
	SYSVEC(IRQ_WORK_VECTOR) = sysvec_irq_work;
	SYSVEC(SPURIOUS_APIC_VECTOR) = sysvec_spurious_apic_interrupt;
}

static void idt_set_gate(unsigned vector, u32 offset, u16 selector, u8 type_attr)
{
	idt[vector].offset_low = offset & 0xffff;
	idt[vector].selector = selector;
	idt[vector].zero = 0;
	idt[vector].type_attr = type_attr;
	idt[vector].offset_high = offset >> 16;
}

/* Points vector straight at handler, bypassing the common entry: for the benchmark's
 * bare-iret floor. idt_restore_gate() puts the normal stub back. */
void idt_set_raw_handler(unsigned vector, void (*handler)(void))
{
	idt_set_gate(vector, (u32)handler, __KERNEL_CS, GATE_PRESENT | GATE_INTR32);
}

void idt_restore_gate(unsigned vector)
{
	idt_set_gate(vector, vector_stub_table[vector], __KERNEL_CS, GATE_PRESENT | GATE_INTR32);
}

void idt_load(void)
{
	struct idt_ptr ptr = { sizeof(idt) - 1, (u32)idt };

	__asm__ __volatile__("lidt %0" :: "m"(ptr));
}

void idt_init(void)
{
	sysvec_init();
	for (unsigned v = 0; v < IDT_ENTRIES; v++)
		idt_set_gate(v, vector_stub_table[v], __KERNEL_CS, GATE_PRESENT | GATE_INTR32);
	/* The task gate's offset is unused; the selector names the double-fault TSS. */
	idt_set_gate(X86_TRAP_DF, 0, __DOUBLEFAULT_TSS, GATE_PRESENT | GATE_TASK);
	idt_load();
}
