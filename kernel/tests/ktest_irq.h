/* kernel/tests/ktest_irq.h - what the IRQ core's tests look at from outside: the mask bit
 * in the controller that drives a line, and the kernel log. */
#ifndef KERNEL_TESTS_KTEST_IRQ_H
#define KERNEL_TESTS_KTEST_IRQ_H

#include <irqlab/types.h>

/* Is line irq masked at its controller (the IOAPIC's redirection entry in APIC mode, the
 * 8259's IMR read back from the chip otherwise)? Read from the hardware, not from
 * irqlab's own flags. */
bool ktest_masked_at_chip(unsigned int irq);

struct kunit;
/* True when the 8259s deliver the ISA lines (irqchip=pic and its fallbacks); otherwise
 * marks the running case skipped, with the reason, and returns false. */
bool ktest_pic_in_use(struct kunit *test);

/* A suite's .exit, after each case: if the case left an action on line irq for dev_id
 * (an ASSERT that failed returns before the case's free_irq), fails the case saying so
 * and frees it, so the next case finds the line as the suite found it. Process
 * context. */
void ktest_free_left_irq(struct kunit *test, unsigned int irq, void *dev_id);

/* SPU: the spurious interrupts every CPU has counted (arch/x86/hardirq.h), for a test
 * that may move between CPUs while it looks. */
u32 ktest_spurious_total(void);

/* Takes a copy of the log ring (dmesg); then ktest_log_has_line() looks in that copy for
 * a line that contains first, and second after it on the same line (NULL: any). */
void ktest_capture_log(void);
bool ktest_log_has_line(const char *first, const char *second);

/* The line of /proc file path whose first word (after its leading spaces) starts with
 * head, as it reads now, up to its newline; NULL if the file is missing, overflowed its
 * buffer or has no such line. The text stays until the next call. */
const char *ktest_proc_line(const char *path, const char *head);

#endif
