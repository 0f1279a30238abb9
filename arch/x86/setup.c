/* arch/x86/setup.c - setup_arch(): the PC-specific half of the boot, from the
 * bootloader's hand-off to a kernel with its command line, CPU tables, mapped RAM, a
 * page allocator and the firmware's tables.
 *
 * Multiboot Specification version 0.6.96, sections "Machine state" (EAX holds the magic
 * value, EBX the physical address of the information structure) and "Boot information
 * format" (the command line, the BIOS's memory map in the mmap_* fields, and the boot
 * modules in mods_*: one of them is the initramfs).
 */
#include <irqlab/acpi.h>
#include <irqlab/cmdline.h>
#include <irqlab/init.h>
#include <irqlab/initramfs.h>
#include <irqlab/mm.h>
#include <irqlab/panic.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "acpi.h"
#include "drivers/firmware/qemu_fw_cfg.h"
#include "idt.h"
#include "multiboot.h"
#include "paging.h"
#include "segment.h"

#define KERNEL_LOAD_ADDR        0x100000        /* 1 MiB: where the kernel image starts */

/* What the bootloader handed over, kept by i386_start_kernel() for setup_arch(). */
static u32 boot_magic;
static const struct multiboot_info *boot_info;

/* On the boot stack with interrupts off. */
void i386_start_kernel(u32 magic, const struct multiboot_info *mbi)
{
	boot_magic = magic;
	boot_info = mbi;
	start_kernel();
}

/* The bootloader's line, then QEMU's fw_cfg file: later options override earlier ones. */
static void setup_command_line(void)
{
	char extra[COMMAND_LINE_SIZE];
	size_t n;

	if (boot_info->flags & MULTIBOOT_INFO_CMDLINE)
		strlcpy(boot_command_line, (const char *)boot_info->cmdline,
			sizeof(boot_command_line));
	if (fw_cfg_read_file("opt/irqlab/cmdline", extra, sizeof(extra)) >= 0) {
		n = strlen(boot_command_line);
		if (n + 1 + strlen(extra) >= sizeof(boot_command_line))
			pr_warn("cmdline: fw_cfg options do not fit; ignoring \"%s\"\n", extra);
		else
			snprintf(boot_command_line + n, sizeof(boot_command_line) - n, "%s%s",
				 n ? " " : "", extra);
	}
}

/* Prints the BIOS's memory map and returns the end of the RAM block that holds the
 * kernel (the one starting at or below 1 MiB): the RAM paging maps. */
static u32 e820_memory_setup(void)
{
	const struct multiboot_info *mbi = boot_info;
	u32 top = 0;

	if (mbi->flags & MULTIBOOT_INFO_MEM_MAP) {
		u32 p = mbi->mmap_addr, end = mbi->mmap_addr + mbi->mmap_length;

		pr_info("BIOS-provided physical RAM map:\n");
		while (p < end) {
			const struct multiboot_mmap_entry *e = (const void *)p;

			pr_info(" BIOS-e820: [mem 0x%08llx-0x%08llx] %s\n", e->addr,
				e->addr + e->len - 1,
				e->type == MULTIBOOT_MEMORY_AVAILABLE ? "usable" : "reserved");
			if (e->type == MULTIBOOT_MEMORY_AVAILABLE && e->addr <= KERNEL_LOAD_ADDR &&
			    e->addr + e->len > KERNEL_LOAD_ADDR)
				top = (u32)MIN(e->addr + e->len, 0xffffffffull);
			p += e->size + sizeof(e->size);
		}
	}
	if (!top && (mbi->flags & MULTIBOOT_INFO_MEMORY))
		top = KERNEL_LOAD_ADDR + mbi->mem_upper * 1024;
	if (!top)
		panic("no memory information from the bootloader");
	return top;
}

/* Does the module's command line end in "initramfs"? GRUB passes what follows the file
 * name in grub.cfg's `module` line; QEMU's -initrd passes the file name and its words. */
static bool module_named_initramfs(const struct multiboot_mod_list *mod)
{
	static const char want[] = "initramfs";
	const char *cmdline = (const char *)mod->cmdline;
	size_t n;

	if (!mod->cmdline || mod->cmdline >= mapped_ram_top)
		return false;
	n = strnlen(cmdline, mapped_ram_top - mod->cmdline);
	while (n && cmdline[n - 1] == ' ')
		n--;
	return n >= sizeof(want) - 1 && !memcmp(cmdline + n - (sizeof(want) - 1), want,
						sizeof(want) - 1);
}

/* The initramfs among the boot modules (Linux's reserve_initrd()): the one whose command
 * line ends in "initramfs", else the first that starts like a newc cpio archive. Its
 * memory was reserved with the other modules' (mm_init()); only mapped RAM can be read. */
static void find_initrd(void)
{
	const struct multiboot_mod_list *mod = (const void *)boot_info->mods_addr;
	const struct multiboot_mod_list *found = NULL;
	const char *why = "its line ends in \"initramfs\"";
	u32 i;

	if (!(boot_info->flags & MULTIBOOT_INFO_MODS) || !boot_info->mods_count)
		return;
	if (boot_info->mods_addr >= mapped_ram_top) {
		pr_err("initramfs: the module list at 0x%08x is not in mapped RAM\n",
		       boot_info->mods_addr);
		return;
	}
	for (i = 0; i < boot_info->mods_count && !found; i++)
		if (module_named_initramfs(&mod[i]))
			found = &mod[i];
	if (!found)
		why = "a newc cpio archive";
	for (i = 0; i < boot_info->mods_count && !found; i++)
		if (mod[i].mod_end <= mapped_ram_top &&
		    cpio_is_newc((const void *)mod[i].mod_start, mod[i].mod_end - mod[i].mod_start))
			found = &mod[i];
	if (!found)
		return;
	if (found->mod_end > mapped_ram_top || found->mod_end < found->mod_start) {
		pr_err("initramfs: module at 0x%08x-0x%08x is not in mapped RAM (up to 0x%08x)\n",
		       found->mod_start, found->mod_end, mapped_ram_top);
		return;
	}
	pr_info("initramfs: boot module %u of %u at 0x%08x-0x%08x: %s\n",
		(unsigned)(found - mod), boot_info->mods_count, found->mod_start,
		found->mod_end, why);
	initrd_start = found->mod_start;
	initrd_end = found->mod_end;
}

void setup_arch(void)
{
	u32 ram_top;

	if (boot_magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("not started by a multiboot loader (magic 0x%08x)", boot_magic);
	setup_command_line();
	parse_early_param();            /* 'quiet' before the long lists below */
	/* After the options: with 'quiet', even the first lines stay in the log only, as
	 * in Linux. */
	pr_info("irqlab: booting\n");
	pr_info("Command line: %s\n", boot_command_line);
	/* Which loader started us: GRUB, irqlab's CD loader, or QEMU's -kernel ("qemu"). */
	if (boot_info->flags & MULTIBOOT_INFO_BOOT_LOADER_NAME)
		pr_info("Boot loader: %s\n", (const char *)boot_info->boot_loader_name);

	/* CPU tables before anything can fault or interrupt; paging needs the RAM size. */
	gdt_init();
	arch_early_irq_init();
	idt_init();
	ram_top = e820_memory_setup();
	mm_check_ram(ram_top);          /* before paging_init() maps RAM that may not exist */
	paging_init(ram_top);
	mm_init(boot_info);             /* page allocator and kmalloc: RAM must be mapped */
	find_initrd();                  /* after paging: the modules are read through it */

	/* The firmware's tables lie in RAM that paging_init() left unmapped: they are
	 * mapped as they are read. The MADT is read in either irqchip mode: its lines
	 * describe the machine, and init_IRQ() chooses by them. */
	acpi_table_init();
	acpi_boot_init();
}
