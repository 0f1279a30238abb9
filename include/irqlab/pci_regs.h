/* include/irqlab/pci_regs.h - PCI configuration space, by the register names of the PCI
 * Local Bus Specification, "Configuration Space Header" (type 0 and the PCI-to-PCI
 * bridge's type 1), "Capabilities List" and "Message Signaled Interrupts". Constants
 * only. */
#ifndef IRQLAB_PCI_REGS_H
#define IRQLAB_PCI_REGS_H

#define PCI_VENDOR_ID           0x00    /* 16 bits; 0xffff: no function here */
#define PCI_DEVICE_ID           0x02
#define PCI_COMMAND             0x04
#define   PCI_COMMAND_IO        0x0001  /* respond to its I/O BARs */
#define   PCI_COMMAND_MEMORY    0x0002  /* respond to its memory BARs */
#define   PCI_COMMAND_MASTER    0x0004  /* may start transactions: DMA, and MSI writes */
#define   PCI_COMMAND_INTX_DISABLE 0x0400 /* INTx# stays deasserted */
#define PCI_STATUS              0x06
#define   PCI_STATUS_INTERRUPT  0x0008  /* INTx# is asserted, whatever the disable bit */
#define   PCI_STATUS_CAP_LIST   0x0010
#define PCI_CLASS_REVISION      0x08    /* revision in bits 0-7, class code above */
#define PCI_CACHE_LINE_SIZE     0x0c
#define PCI_LATENCY_TIMER       0x0d
#define PCI_HEADER_TYPE         0x0e
#define   PCI_HEADER_TYPE_MASK  0x7f
#define   PCI_HEADER_TYPE_NORMAL 0
#define   PCI_HEADER_TYPE_BRIDGE 1
#define   PCI_HEADER_TYPE_MFD   0x80    /* functions 1-7 may exist */
#define PCI_BASE_ADDRESS_0      0x10    /* six BARs in a type 0 header, two in a bridge */
#define   PCI_BASE_ADDRESS_SPACE_IO     0x01
#define   PCI_BASE_ADDRESS_MEM_TYPE_64  0x04
#define   PCI_BASE_ADDRESS_MEM_PREFETCH 0x08
#define   PCI_BASE_ADDRESS_MEM_MASK     (~0x0fu)
#define   PCI_BASE_ADDRESS_IO_MASK      (~0x03u)
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID        0x2e
#define PCI_CAPABILITY_LIST     0x34
#define PCI_INTERRUPT_LINE      0x3c    /* what the firmware wrote: a hint, not routing */
#define PCI_INTERRUPT_PIN       0x3d    /* 0 none, 1-4 INTA#-INTD# */

/* Type 1 (PCI-to-PCI bridge) header. */
#define PCI_PRIMARY_BUS         0x18
#define PCI_SECONDARY_BUS       0x19
#define PCI_SUBORDINATE_BUS     0x1a

/* Capabilities: a list of (id, next) bytes from PCI_CAPABILITY_LIST. */
#define PCI_CAP_LIST_ID         0
#define PCI_CAP_LIST_NEXT       1
#define PCI_CAP_ID_PM           0x01
#define PCI_CAP_ID_MSI          0x05
#define PCI_CAP_ID_VNDR         0x09
#define PCI_CAP_ID_EXP          0x10
#define PCI_CAP_ID_MSIX         0x11

/* The MSI capability. */
#define PCI_MSI_FLAGS           2
#define   PCI_MSI_FLAGS_ENABLE  0x0001
#define   PCI_MSI_FLAGS_QMASK   0x000e  /* log2 of the vectors it asks for */
#define   PCI_MSI_FLAGS_QSIZE   0x0070  /* log2 of the vectors enabled */
#define   PCI_MSI_FLAGS_64BIT   0x0080
#define   PCI_MSI_FLAGS_MASKBIT 0x0100  /* per-vector mask and pending bits */
#define PCI_MSI_ADDRESS_LO      4
#define PCI_MSI_ADDRESS_HI      8       /* 64-bit capabilities only */
#define PCI_MSI_DATA_32         8
#define PCI_MSI_MASK_32         12
#define PCI_MSI_DATA_64         12
#define PCI_MSI_MASK_64         16

/* The MSI-X capability. */
#define PCI_MSIX_FLAGS          2
#define   PCI_MSIX_FLAGS_QSIZE  0x07ff  /* table size - 1 */
#define   PCI_MSIX_FLAGS_MASKALL 0x4000
#define   PCI_MSIX_FLAGS_ENABLE 0x8000
#define PCI_MSIX_TABLE          4       /* BAR in bits 0-2, offset above */
#define   PCI_MSIX_TABLE_BIR    0x7

/* The PCI Express capability. */
#define PCI_EXP_FLAGS           2
#define   PCI_EXP_FLAGS_TYPE    0x00f0
#define   PCI_EXP_FLAGS_VERS    0x000f

#endif
