/* arch/x86/multiboot.h - what the bootloader hands over.
 *
 * Multiboot Specification version 0.6.96, section "Boot information format". */
#ifndef ARCH_X86_MULTIBOOT_H
#define ARCH_X86_MULTIBOOT_H

#include <irqlab/types.h>

#define MULTIBOOT_BOOTLOADER_MAGIC      0x2BADB002

#define MULTIBOOT_INFO_MEMORY           BIT(0)  /* mem_lower, mem_upper valid */
#define MULTIBOOT_INFO_CMDLINE          BIT(2)
#define MULTIBOOT_INFO_MODS             BIT(3)  /* mods_count, mods_addr valid */
#define MULTIBOOT_INFO_MEM_MAP          BIT(6)  /* mmap_length, mmap_addr valid */
#define MULTIBOOT_INFO_BOOT_LOADER_NAME BIT(9)

struct multiboot_info {
	u32 flags;
	u32 mem_lower;          /* KiB below 1 MiB */
	u32 mem_upper;          /* KiB above 1 MiB, up to the first hole */
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
	u32 drives_length, drives_addr;
	u32 config_table;
	u32 boot_loader_name;
} __packed;

/* One per boot module, at mods_addr: the module occupies [mod_start, mod_end). */
struct multiboot_mod_list {
	u32 mod_start, mod_end;
	u32 cmdline;
	u32 pad;
} __packed;

#define MULTIBOOT_MEMORY_AVAILABLE      1

struct multiboot_mmap_entry {
	u32 size;               /* of the rest of this entry: the next is at +size+4 */
	u64 addr;
	u64 len;
	u32 type;
} __packed;

/* boot/boot.asm's call into C (arch/x86/setup.c), with the bootloader's EAX and EBX. */
__noreturn void i386_start_kernel(u32 magic, const struct multiboot_info *mbi);

#endif
