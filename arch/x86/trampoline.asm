; arch/x86/trampoline.asm - where an application processor (AP) starts: real mode, below
; 1 MiB, to protected mode with paging on and into the kernel.
;
; Intel MultiProcessor Specification 1.4, appendix B "Operating System Programming
; Guidelines", section "Universal Start-up Algorithm"; Intel SDM Vol. 3A, chapter
; "Multiple-Processor Management", section "MP Initialization Protocol Algorithm for MP
; Systems" (the startup IPI's vector VV starts the AP in real mode at CS:IP = VV00:0000),
; and chapter "Mode Switching", section "Switching to Protected Mode".
;
; The code between trampoline_start and trampoline_end is copied by arch/x86/smpboot.c to
; a page below 1 MiB and runs there, at whatever page that is: every reference inside it
; is an offset from trampoline_start (REL), relative to CS in real mode and to EBX (the
; page's linear address) in protected mode, so it is position-independent. Before each
; startup IPI the boot CPU fills in the parameters at the end (its own CR0 and CR3, the
; AP's stack top, which CPU it is, where to go); the AP computes the addresses that
; depend on where the page is itself. CR4 stays as INIT left it (0), as the boot CPU's:
; irqlab uses no CR4 feature.

%include "arch/x86/segment.inc"

%define REL(x)  ((x) - trampoline_start)

CR0_PE          equ 1 << 0

section .rodata
align 16
global trampoline_start, trampoline_end
global tr_cr0, tr_cr3, tr_stack_top, tr_cpu, tr_entry
bits 16
trampoline_start:
        cli
        cld
        mov ax, cs
        mov ds, ax
        ; The page's linear address, from CS (VV00): everything else is relative to it.
        xor ebx, ebx
        mov bx, ax
        shl ebx, 4
        lea eax, [ebx + REL(tr_gdt)]
        mov [REL(tr_gdt_ptr) + 2], eax
        lea eax, [ebx + REL(protected_mode)]
        mov [REL(tr_far_jump)], eax
        o32 lgdt [REL(tr_gdt_ptr)]   ; o32: all 32 bits of the base
        mov eax, cr0
        or eax, CR0_PE
        mov cr0, eax
        ; A far jump loads CS with a 32-bit code segment and ends real mode: the
        ; instructions after MOV CR0 must be this jump ("Switching to Protected Mode").
        jmp dword far [REL(tr_far_jump)]

bits 32
protected_mode:
        mov ax, __KERNEL_DS
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov fs, ax                  ; flat until gdt_load_cpu() gives this CPU its own
        mov gs, ax
        ; Paging with the kernel's page tables: this page is identity-mapped there, so
        ; the next instruction is found at the same address once PG is set.
        mov eax, [ebx + REL(tr_cr3)]
        mov cr3, eax
        ; The boot CPU's CR0 whole, not OR'd in: INIT leaves CD and NW set (caches off),
        ; and this also turns on PG and WP as the kernel runs with them.
        mov eax, [ebx + REL(tr_cr0)]
        mov cr0, eax
        mov esp, [ebx + REL(tr_stack_top)]
        xor ebp, ebp                ; a zero frame pointer ends every backtrace
        push dword [ebx + REL(tr_cpu)]
        push dword 0                ; a return address start_secondary never uses
        jmp [ebx + REL(tr_entry)]   ; start_secondary(cpu), in the kernel's own text

align 8
; The temporary GDT: flat code and data at the kernel's own selector numbers, so nothing
; changes meaning when gdt_load_cpu() switches to this CPU's own table.
tr_gdt:
        dq 0
        dq 0x00cf9a000000ffff       ; __KERNEL_CS: base 0, limit 4 GiB, code, ring 0
        dq 0x00cf92000000ffff       ; __KERNEL_DS: base 0, limit 4 GiB, data, ring 0
tr_gdt_end:
tr_gdt_ptr:
        dw tr_gdt_end - tr_gdt - 1
        dd 0                        ; linear address of tr_gdt: filled in by the AP
tr_far_jump:
        dd 0                        ; linear address of protected_mode: by the AP
        dw __KERNEL_CS

align 4
; Filled in by the boot CPU (smpboot.c) before the startup IPI.
tr_cr0:         dd 0
tr_cr3:         dd 0
tr_stack_top:   dd 0
tr_cpu:         dd 0
tr_entry:       dd 0
trampoline_end:
