/* arch/x86/lapic.h - the local APIC: registers (Intel SDM Vol. 3A, "Local APIC Register
 * Address Map") and what the rest of the kernel calls. */
#ifndef ARCH_X86_LAPIC_H
#define ARCH_X86_LAPIC_H

#include <irqlab/percpu.h>
#include <irqlab/types.h>
#include "ptrace.h"

#define MSR_IA32_APICBASE               0x1b
#define   MSR_IA32_APICBASE_BSP         BIT(8)  /* this is the bootstrap processor */
#define   MSR_IA32_APICBASE_EXTD        BIT(10) /* x2APIC mode: MSRs, not MMIO */
#define   MSR_IA32_APICBASE_ENABLE      BIT(11) /* the global enable */
#define   MSR_IA32_APICBASE_BASE        0xfffff000u

/* Offsets into the 4 KiB register page. Every register is 32 bits wide on a 16-byte
 * boundary and must be accessed as one aligned 32-bit load or store. */
#define LAPIC_ID                0x020
#define   LAPIC_ID_SHIFT        24
#define LAPIC_VERSION           0x030
#define   LAPIC_VERSION_MASK    0xff
#define   LAPIC_MAXLVT(v)       (((v) >> 16) & 0xff)    /* number of LVT entries - 1 */
#define LAPIC_TPR               0x080   /* task priority: classes at or below it wait */
#define LAPIC_EOI               0x0b0
#define LAPIC_SVR               0x0f0   /* spurious-interrupt vector register */
#define   LAPIC_SVR_VECTOR_MASK 0xff
#define   LAPIC_SVR_ENABLE      BIT(8)  /* software enable */
#define   LAPIC_SVR_EOI_SUPPRESS BIT(12) /* directed EOI: left clear, see ioapic.c */
#define LAPIC_ISR               0x100   /* in-service: 8 registers of 32 vectors */
#define LAPIC_TMR               0x180   /* trigger mode: 1 = the vector came level */
#define LAPIC_IRR               0x200   /* requested, not yet in service */
#define LAPIC_VECTOR_REG(base, v) ((base) + ((v) / 32) * 0x10)
#define LAPIC_ESR               0x280   /* error status */
#define   LAPIC_ESR_SEND_CS     BIT(0)
#define   LAPIC_ESR_RECV_CS     BIT(1)
#define   LAPIC_ESR_SEND_ACCEPT BIT(2)
#define   LAPIC_ESR_RECV_ACCEPT BIT(3)
#define   LAPIC_ESR_REDIRECTABLE_IPI BIT(4)
#define   LAPIC_ESR_SEND_ILLEGAL_VECTOR BIT(5)
#define   LAPIC_ESR_RECV_ILLEGAL_VECTOR BIT(6)
#define   LAPIC_ESR_ILLEGAL_REGISTER BIT(7)
#define LAPIC_ICR_LOW           0x300   /* interrupt command; writing it sends the IPI */
#define   LAPIC_ICR_BUSY        BIT(12) /* delivery status: send pending */
#define   LAPIC_ICR_ASSERT      BIT(14)
#define   LAPIC_ICR_LEVELTRIG   BIT(15)
#define   LAPIC_ICR_DEST_SELF   (1u << 18)      /* destination shorthand: self */
#define LAPIC_ICR_HIGH          0x310
#define   LAPIC_ICR_DEST_SHIFT  24              /* physical destination: an APIC ID */
#define LAPIC_LVT_TIMER         0x320
#define LAPIC_LVT_THERMAL       0x330
#define LAPIC_LVT_PMC           0x340
#define LAPIC_LVT_LINT0         0x350
#define LAPIC_LVT_LINT1         0x360
#define LAPIC_LVT_ERROR         0x370
/* Bits shared by the LVT entries. */
#define   LAPIC_LVT_VECTOR_MASK 0xff
#define   LAPIC_DM_FIXED        (0u << 8)
#define   LAPIC_DM_NMI          (4u << 8)
#define   LAPIC_DM_INIT         (5u << 8)       /* ICR: reset the target to wait for SIPI */
#define   LAPIC_DM_STARTUP      (6u << 8)       /* ICR: start at vector << 12, real mode */
#define   LAPIC_DM_EXTINT       (7u << 8)
#define   LAPIC_DM_MASK         (7u << 8)
#define   LAPIC_LVT_LEVEL       BIT(15)
#define   LAPIC_LVT_MASKED      BIT(16)
#define   LAPIC_LVT_TIMER_MODE_MASK (3u << 17)
#define   LAPIC_LVT_TIMER_ONESHOT  (0u << 17)
#define   LAPIC_LVT_TIMER_PERIODIC (1u << 17)
#define LAPIC_TIMER_ICR         0x380   /* initial count; writing it (re)starts the timer */
#define LAPIC_TIMER_CCR         0x390   /* current count */
#define LAPIC_TIMER_DCR         0x3e0   /* divide configuration */
#define   LAPIC_TDCR_DIV_16     0x3     /* bits 3,1,0 = 0,1,1 */

/* Which controller delivers device interrupts (Linux's names). Set once at boot by
 * init_IRQ() (arch/x86/irqinit.c). */
enum apic_intr_mode_id {
	APIC_PIC,               /* the 8259 pair, through LINT0 as the BIOS left it */
	APIC_SYMMETRIC_IO,      /* the IOAPIC and this local APIC */
};
extern enum apic_intr_mode_id apic_intr_mode;

/* Checks CPUID and IA32_APIC_BASE and maps the register page. Touches no register, so
 * a failure leaves the machine as the BIOS left it. 0, -ENODEV or -ENOMEM. Boot only. */
int lapic_probe(void);
/* Enables the LAPIC for APIC mode: SVR, LINT0/1, the error LVT; the timer stopped. */
void setup_local_APIC(void);
/* The LAPIC timer as a free-running count (masked one-shot from 0xffffffff, /16) for
 * time_init() to time beside the TSC in one PIT window; _end() stops it and keeps the
 * counts per ms measured (0: none) for setup_boot_APIC_clock(). Boot, interrupts off. */
void lapic_timer_calibration_start(void);
u64 lapic_timer_elapsed(void);
void lapic_timer_calibration_end(u32 per_ms);
/* Makes the LAPIC timer the periodic tick at the rate time_init() measured (or measures
 * it against the PIT now, if it could not), and stops the PIT. Boot, interrupts on. 0,
 * or -errno with the PIT still ticking. */
int setup_boot_APIC_clock(void);
/* Starts this AP's LAPIC timer with the boot CPU's calibration; false if there is none.
 * AP bring-up, interrupts off. */
bool setup_secondary_APIC_clock(void);

/* The 32-bit register accessors, after lapic_probe(). Any context. */
u32 lapic_read(u32 reg);
void lapic_write(u32 reg, u32 v);
/* Ends the highest-priority interrupt in service. Hard-IRQ context, interrupts off. */
void lapic_eoi(void);
u8 lapic_id(void);
/* The errors latched since the last call (writes the ESR, then reads it). Any context. */
u32 lapic_read_esr(void);
/* Is vector's ISR bit set: delivered to the CPU and not yet ended by an EOI? */
bool lapic_vector_in_service(unsigned int vector);
/* Raises vector on this CPU, as a fixed, edge IPI. Any context. */
void apic_send_IPI_self(unsigned int vector);
/* Sends the IPI that icr_low describes (delivery mode, vector, trigger) to the LAPIC
 * with that APIC ID, once the previous one has left. Interrupts off. */
void lapic_icr_write(u32 icr_low, u8 apicid);
/* Has the last IPI been accepted (delivery status idle)? */
bool lapic_icr_idle(void);

/* The timer's initial count: LAPIC timer clock ticks per jiffy (0 until calibrated). */
extern u32 lapic_timer_period;

/* The system-vector handlers, from entry.asm through system_vector_handlers[]. */
void sysvec_apic_timer_interrupt(struct pt_regs *regs);
void sysvec_error_interrupt(struct pt_regs *regs);
void sysvec_spurious_apic_interrupt(struct pt_regs *regs);
void sysvec_reschedule_ipi(struct pt_regs *regs);       /* smp_resched.c */

#endif
