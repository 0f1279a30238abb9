/* drivers/misc/qemu_exit.c - leaving QEMU with a status, through its isa-debug-exit device
 * (-device isa-debug-exit,iobase=0xf4,iosize=0x04). The tests run QEMU with it; without
 * it the write goes nowhere and the machine halts. */
#include "arch/x86/cpu.h"
#include "arch/x86/io.h"
#include "qemu_exit.h"

#define ISA_DEBUG_EXIT_PORT 0xf4

void qemu_exit_if_present(u8 code)
{
	outl(ISA_DEBUG_EXIT_PORT, code);
}

void qemu_exit(u8 code)
{
	qemu_exit_if_present(code);
	halt_forever();
}
