#ifndef ARCH_X86_QEMU_EXIT_H
#define ARCH_X86_QEMU_EXIT_H
#include <irqlab/types.h>
/* Values written to QEMU's isa-debug-exit device; QEMU exits with (v << 1) | 1. */
#define QEMU_EXIT_PASS  0x10    /* exit status 33 */
#define QEMU_EXIT_FAIL  0x11    /* exit status 35 */
/* Ends the QEMU run with code; halts if there is no isa-debug-exit device. */
__noreturn void qemu_exit(u8 code);
/* The same, but returns when there is no such device (any machine but QEMU with it),
 * for callers that have something else to do then. Any context. */
void qemu_exit_if_present(u8 code);
#endif
