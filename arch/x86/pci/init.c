/* arch/x86/pci/init.c - the PCI scan, as an initcall that runs before the drivers'.
 *
 * Initcalls run in link order and arch/ links before drivers/, so every PCI driver's
 * pci_register_driver() finds the devices already scanned and routed (Linux orders the
 * same things with its initcall levels: arch_initcall, subsys_initcall, device_initcall).
 */
#include <irqlab/init.h>
#include "drivers/pci/pci.h"

static int pci_arch_init(void)
{
	pci_subsys_init();
	return 0;
}
device_initcall(pci_arch_init);
