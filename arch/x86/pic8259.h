/* arch/x86/pic8259.h - the two cascaded 8259A PICs. */
#ifndef ARCH_X86_PIC8259_H
#define ARCH_X86_PIC8259_H

#include <irqlab/types.h>

#define PIC_NR_IRQS     16
#define PIC_CASCADE_IRQ 2       /* the slave's INT pin is wired to the master's IR2 */

void i8259_init(void);          /* remap to 0x20-0x2f, everything masked */
void i8259_setup_irqs(void);    /* attach the i8259 chip to lines 0-15 (PIC mode) */
void i8259_mask_all(void);      /* for the switch to the IOAPIC */
u8 i8259_read_isr(int chip);    /* 0 = master, 1 = slave */
u16 i8259_get_mask(void);       /* the cached IMR: bit set = masked; 8-15 the slave's */
u16 i8259_read_imr(void);       /* the same, read back from the chips */
extern u32 i8259_spurious_counts[2];  /* spurious IRQ 7 and IRQ 15 */

#endif
