; boot/boot.asm - the multiboot header, the first stack, and the jump into C.
;
; Multiboot Specification version 0.6.96, section "The layout of Multiboot header"
; and section "Machine state": GRUB (or QEMU's -kernel loader) enters here in 32-bit
; protected mode with paging off, interrupts off, EAX = 0x2BADB002 and EBX = the
; physical address of the multiboot information structure.

MB_MAGIC        equ 0x1BADB002
MB_PAGE_ALIGN   equ 1 << 0          ; load modules on page boundaries
MB_MEMORY_INFO  equ 1 << 1          ; we need mem_* and the memory map
MB_FLAGS        equ MB_PAGE_ALIGN | MB_MEMORY_INFO
MB_CHECKSUM     equ -(MB_MAGIC + MB_FLAGS)

BOOT_STACK_SIZE equ 16384

section .multiboot
align 4
        dd MB_MAGIC
        dd MB_FLAGS
        dd MB_CHECKSUM

; kernel_main's stack, then the idle thread's (kernel/sched/idle.c); the shell and every
; other thread have their own. paging_init() leaves the page below unmapped: running off
; the bottom is a page fault, then a double fault (the #PF frame cannot be pushed either).
section .bss
align 4096
global boot_stack_guard, boot_stack_bottom, boot_stack_top
boot_stack_guard:
        resb 4096
boot_stack_bottom:
        resb BOOT_STACK_SIZE
boot_stack_top:

section .text
global _start
extern i386_start_kernel
_start:
        mov esp, boot_stack_top
        xor ebp, ebp                ; a zero frame pointer ends every backtrace
        push ebx                    ; struct multiboot_info * (physical = virtual)
        push eax                    ; the bootloader's magic
        call i386_start_kernel
.hang:  cli                         ; start_kernel never returns; if it does, stop here
        hlt
        jmp .hang
