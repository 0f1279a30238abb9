; iso/cdboot.asm - irqlab's CD boot loader: from the BIOS straight to the multiboot
; kernel, the ISO's default El Torito boot image. GRUB stays on the ISO, one key away.
;
; "El Torito" Bootable CD-ROM Format Specification 1.0, section "No Emulation Booting";
; BIOS Enhanced Disk Drive Specification, section "Extended Read" (INT 13h AH=42h);
; ACPI Specification, section "INT 15H, E820H - Query System Address Map";
; System V ABI (ELF), section "Program Header";
; Multiboot Specification 0.6.96, sections "Boot information format" and "Machine state".
;
; Why: under QEMU's TCG, GRUB's own start (inflating its core image, starting its
; modules, normal mode) takes about 0.2 s before it reads the kernel; this loader takes
; a few milliseconds. What it does is what GRUB's `multiboot` and `module` lines do:
;
;   1. The BIOS loads this file's first 2 KiB at 0000:7C00 and jumps here, with DL the
;      CD drive's number. If Shift is held, go to GRUB and its menu instead (step 6).
;   2. Ask the BIOS for the memory map (E820), for the multiboot structure.
;   3. Read the kernel's ELF header, then each PT_LOAD segment to its physical address
;      (above 1 MiB: real mode cannot reach it, so each 64 KiB read into a buffer below
;      1 MiB is copied up in "unreal" mode), and zero the rest of its memory size.
;   4. Read the initramfs to the first page after the kernel, as a multiboot module
;      whose line ends in "initramfs", as GRUB's `module` line gives it.
;   5. Fill in the multiboot information, switch to 32-bit protected mode with flat
;      segments, and jump to the kernel's entry with EAX = 0x2BADB002, EBX = the info.
;   6. (Shift) Read the first 2 KiB of GRUB's El Torito image to 0000:7C00, from code
;      copied out of the way, and jump there as the BIOS would have: GRUB then reads
;      the rest of its core itself, from the boot information table at offset 8.
;
; Where the files are on the CD is not looked up at boot: tools/isobootmap.py writes
; the kernel's, the initramfs's and GRUB's first sector and length into the boot map
; below after xorriso has made the ISO, as xorriso's -boot-info-table writes a boot
; image's own address into it.

bits 16
org 0x7c00

SECTOR          equ 2048                ; a CD sector
LOAD_SIZE       equ 2048                ; what the BIOS loads (-boot-load-size 4)
CHUNK           equ 32                  ; sectors a read: 64 KiB
BUF_SEG         equ 0x1000              ; the read buffer, 1000:0000 = 0x10000, 64 KiB
BUF             equ 0x10000
ELF_HDR         equ 0x9800              ; the kernel's first sector: ELF and program headers
MBI             equ 0x9000              ; the multiboot information, and after it:
MODS            equ MBI + 0x80          ;   the module list (one module)
MMAP            equ MBI + 0x100         ;   the memory map, up to 64 entries of 24 bytes
MMAP_MAX        equ 64
TRAMPOLINE      equ 0x0600              ; step 6's code, off GRUB's way
GRUB_DAP        equ 0x0500              ; its read request
KERNEL_MIN      equ 0x100000            ; segments below 1 MiB are refused

CODE_SEL        equ 0x08
DATA_SEL        equ 0x10

start:
        jmp     0:main                  ; CS = 0: some BIOSes jump to 07C0:0000
        times 8 - ($ - $$) db 0
        ; 8..63: room for an El Torito boot information table; nothing is read from it.
        times 64 - ($ - $$) db 0

; The boot map (tools/isobootmap.py finds it by its magic): first sector, length in bytes.
bootmap:        db "IRQLABBM"
kernel_lba:     dd 0
kernel_len:     dd 0
initrd_lba:     dd 0
initrd_len:     dd 0
grub_lba:       dd 0
grub_len:       dd 0

main:
        cli
        xor     ax, ax
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     sp, 0x7c00
        sti
        cld
        mov     [drive], dl
        mov     ah, 0x02                ; INT 16h: shift flags; bits 0-1 are the Shifts
        int     0x16
        test    al, 0x03
        jnz     grub
        cmp     dword [kernel_lba], 0
        je      no_map
        in      al, 0x92                ; A20 on: "fast A20", port 92h bit 1 (not bit 0:
        or      al, 0x02                ; that one resets the machine)
        and     al, 0xfe
        out     0x92, al
        call    memory_map
        call    load_kernel
        call    load_initrd
        jmp     enter_kernel

; --- 2. the memory map -------------------------------------------------------------------
; Multiboot's entries are E820's 20 bytes with a size word in front: {size, base, length,
; type}. Also finds ram_top, the end of the usable block holding 1 MiB: what is loaded
; must fit below it.
memory_map:
        mov     di, MMAP + 4
        xor     ebx, ebx
.next:
        mov     eax, 0xe820
        mov     edx, 0x534d4150         ; "SMAP"
        mov     ecx, 20
        int     0x15
        jc      .done
        cmp     eax, 0x534d4150
        jne     .done
        mov     dword [di - 4], 20
        cmp     dword [di + 16], 1      ; usable RAM
        jne     .kept
        cmp     dword [di + 4], 0       ; below 4 GiB, base and length
        jne     .kept
        cmp     dword [di + 12], 0
        jne     .kept
        mov     eax, [di]
        cmp     eax, KERNEL_MIN
        ja      .kept
        add     eax, [di + 8]
        cmp     eax, KERNEL_MIN
        jbe     .kept
        mov     [ram_top], eax
.kept:
        add     di, 24
        cmp     di, MMAP + 24 * MMAP_MAX
        jae     .done
        test    ebx, ebx
        jnz     .next
.done:
        sub     di, MMAP + 4
        mov     [mmap_len], di
        cmp     dword [ram_top], 0
        je      no_memory
        ret

; --- reading -------------------------------------------------------------------------------
; Copies ECX bytes of a file, from byte ESI of it, to the linear address EDI (anywhere
; in the first 4 GiB); the file starts at sector [file_lba]. Reads whole sectors, CHUNK
; at a time, into BUF, and copies from there.
read_file:
.chunk:
        test    ecx, ecx
        jz      .done
        mov     eax, esi
        and     eax, SECTOR - 1
        mov     [skip], eax             ; bytes of the first sector before ours
        mov     edx, CHUNK * SECTOR
        sub     edx, eax                ; bytes of ours this chunk can hold
        cmp     edx, ecx
        jbe     .sized
        mov     edx, ecx
.sized:
        mov     [take], edx
        add     eax, edx
        add     eax, SECTOR - 1
        shr     eax, 11                 ; sectors to read
        mov     [dap_count], ax
        mov     eax, esi
        shr     eax, 11
        add     eax, [file_lba]
        mov     [dap_lba], eax
        push    esi
        mov     si, dap
        mov     dl, [drive]
        mov     ah, 0x42
        int     0x13
        pop     esi
        jc      read_error
        push    ecx
        push    esi
        mov     esi, BUF
        add     esi, [skip]
        mov     ecx, [take]
        call    copy_high               ; EDI moves on with it
        pop     esi
        pop     ecx
        add     esi, [take]
        sub     ecx, [take]
        jmp     .chunk
.done:
        ret

; Real mode addresses 1 MiB; a segment register loaded in protected mode keeps its 4 GiB
; limit when the CPU goes back to real mode ("unreal mode"), so 32-bit addresses work
; through it. The BIOS may reload DS and ES with 64 KiB limits (its disk code passes
; through protected mode), so this is set up again for every copy, and interrupts stay
; off until the copy is done: a BIOS interrupt handler could do the same.
unreal:
        cli
        push    ds
        push    es
        lgdt    [gdt_desc]
        mov     eax, cr0
        or      al, 1
        mov     cr0, eax
        jmp     $ + 2                   ; into protected mode
        mov     bx, DATA_SEL
        mov     ds, bx
        mov     es, bx
        and     al, 0xfe
        mov     cr0, eax
        jmp     $ + 2                   ; and back: the 4 GiB limits stay
        pop     es                      ; base 0 again, limit unchanged
        pop     ds
        ret

; ECX bytes from linear ESI to linear EDI; EDI ends after them.
copy_high:
        call    unreal
        push    ecx
        shr     ecx, 2
        a32 rep movsd
        pop     ecx
        and     ecx, 3
        a32 rep movsb
        sti
        ret

; ECX zero bytes at linear EDI.
zero_high:
        call    unreal
        xor     al, al
        a32 rep stosb
        sti
        ret

; --- 3. the kernel ---------------------------------------------------------------------
load_kernel:
        mov     eax, [kernel_lba]
        mov     [file_lba], eax
        xor     esi, esi
        mov     edi, ELF_HDR
        mov     ecx, SECTOR
        call    read_file
        cmp     dword [ELF_HDR], 0x464c457f     ; "\x7fELF"
        jne     not_elf
        cmp     word [ELF_HDR + 4], 0x0101      ; ELFCLASS32, ELFDATA2LSB
        jne     not_elf
        cmp     word [ELF_HDR + 18], 3          ; e_machine: EM_386
        jne     not_elf
        mov     eax, [ELF_HDR + 24]             ; e_entry
        mov     [entry], eax
        movzx   eax, word [ELF_HDR + 44]        ; e_phnum
        mov     [phnum], ax
        movzx   eax, word [ELF_HDR + 42]        ; e_phentsize: each must be in the sector
        mul     word [phnum]
        add     eax, [ELF_HDR + 28]             ; e_phoff
        cmp     eax, SECTOR
        ja      not_elf
        mov     bx, [ELF_HDR + 28]
        add     bx, ELF_HDR                     ; BX: the program header
.phdr:
        cmp     word [phnum], 0
        je      .done
        cmp     dword [bx], 1                   ; p_type: PT_LOAD
        jne     .next
        mov     edi, [bx + 12]                  ; p_paddr
        cmp     edi, KERNEL_MIN
        jb      not_elf
        mov     eax, edi
        add     eax, [bx + 20]                  ; + p_memsz
        jc      too_big
        cmp     eax, [ram_top]
        ja      too_big
        cmp     eax, [kernel_end]
        jbe     .below
        mov     [kernel_end], eax
.below:
        mov     esi, [bx + 4]                   ; p_offset
        mov     ecx, [bx + 16]                  ; p_filesz
        push    bx
        call    read_file
        pop     bx
        mov     ecx, [bx + 20]                  ; the rest, up to p_memsz: .bss
        sub     ecx, [bx + 16]
        push    bx
        call    zero_high
        pop     bx
.next:
        add     bx, [ELF_HDR + 42]
        dec     word [phnum]
        jmp     .phdr
.done:
        ret

; --- 4. the initramfs ----------------------------------------------------------------
load_initrd:
        mov     edi, [kernel_end]
        add     edi, 0xfff                      ; page-aligned, as the kernel's header
        and     edi, 0xfffff000                 ; asks (MB_PAGE_ALIGN)
        mov     [MODS], edi                     ; mod_start
        mov     ecx, [initrd_len]
        mov     eax, edi
        add     eax, ecx
        jc      too_big
        cmp     eax, [ram_top]
        ja      too_big
        mov     [MODS + 4], eax                 ; mod_end
        mov     dword [MODS + 8], initrd_line
        mov     dword [MODS + 12], 0
        mov     eax, [initrd_lba]
        mov     [file_lba], eax
        xor     esi, esi
        jmp     read_file

; --- 5. the multiboot information, and the jump ---------------------------------------
MBI_MEMORY      equ 1 << 0
MBI_CMDLINE     equ 1 << 2
MBI_MODS        equ 1 << 3
MBI_MEM_MAP     equ 1 << 6
MBI_LOADER_NAME equ 1 << 9

enter_kernel:
        mov     di, MBI
        mov     cx, 0x80
        xor     al, al
        rep stosb
        mov     dword [MBI + 0], MBI_MEMORY | MBI_CMDLINE | MBI_MODS | MBI_MEM_MAP | MBI_LOADER_NAME
        mov     dword [MBI + 4], 640            ; mem_lower, KiB
        mov     eax, [ram_top]
        sub     eax, KERNEL_MIN
        shr     eax, 10
        mov     [MBI + 8], eax                  ; mem_upper, KiB above 1 MiB
        mov     dword [MBI + 16], kernel_line   ; cmdline
        mov     dword [MBI + 20], 1             ; mods_count
        mov     dword [MBI + 24], MODS          ; mods_addr
        movzx   eax, word [mmap_len]
        mov     [MBI + 44], eax                 ; mmap_length
        mov     dword [MBI + 48], MMAP          ; mmap_addr
        mov     dword [MBI + 64], loader_name   ; boot_loader_name

        cli
        lgdt    [gdt_desc]
        mov     eax, cr0
        or      al, 1
        mov     cr0, eax
        jmp     CODE_SEL:.pm
bits 32
.pm:
        mov     ax, DATA_SEL
        mov     ds, ax
        mov     es, ax
        mov     fs, ax
        mov     gs, ax
        mov     ss, ax
        mov     eax, 0x2badb002                 ; the multiboot loader's magic
        mov     ebx, MBI
        jmp     [entry]
bits 16

; --- 6. GRUB -----------------------------------------------------------------------------
grub:
        cmp     dword [grub_lba], 0
        je      no_map
        mov     si, msg_grub
        call    say
        mov     di, GRUB_DAP
        mov     word [di], 16                   ; the request's size
        mov     word [di + 2], 1                ; one sector: GRUB's cdboot
        mov     dword [di + 4], 0x00007c00      ; to 0000:7C00
        mov     eax, [grub_lba]
        mov     [di + 8], eax
        mov     dword [di + 12], 0
        mov     [di + 16], eax                  ; for its boot information table
        mov     eax, [grub_len]
        mov     [di + 20], eax
        mov     si, trampoline
        mov     di, TRAMPOLINE
        mov     cx, trampoline_end - trampoline
        rep movsb
        mov     dl, [drive]
        jmp     0:TRAMPOLINE

; Copied to TRAMPOLINE and run there, over which this loader is overwritten: only fixed
; addresses and relative jumps.
trampoline:
        mov     si, GRUB_DAP
        push    dx
        mov     ah, 0x42
        int     0x13
        pop     dx
        jc      .stop
        mov     eax, [GRUB_DAP + 16]            ; bi_file and bi_length, as the BIOS's
        mov     [0x7c00 + 12], eax              ; El Torito boot would have had
        mov     eax, [GRUB_DAP + 20]            ; xorriso's -boot-info-table give them
        mov     [0x7c00 + 16], eax
        jmp     0:0x7c00
.stop:
        hlt
        jmp     .stop
trampoline_end:

; --- errors --------------------------------------------------------------------------------
no_map:
        mov     si, msg_no_map
        jmp     fail
no_memory:
        mov     si, msg_no_memory
        jmp     fail
read_error:
        mov     si, msg_read
        jmp     fail
not_elf:
        mov     si, msg_not_elf
        jmp     fail
too_big:
        mov     si, msg_too_big
fail:
        call    say
.halt:
        cli
        hlt
        jmp     .halt

; Prints the string at SI on the screen (INT 10h) and on COM1 (port 3F8h, when its
; transmitter is empty), where the kernel's own messages go.
say:
        lodsb
        test    al, al
        jz      .done
        mov     ah, 0x0e
        xor     bx, bx
        push    ax
        int     0x10
        mov     dx, 0x3fd                       ; COM1 line status
.wait:
        in      al, dx
        test    al, 0x20                        ; transmitter holding register empty
        jz      .wait
        pop     ax
        mov     dx, 0x3f8
        out     dx, al
        jmp     say
.done:
        ret

msg_grub:       db "irqlab cdboot: Shift held, starting GRUB", 13, 10, 0
msg_no_map:     db "irqlab cdboot: no boot map (tools/isobootmap.py did not run)", 13, 10, 0
msg_no_memory:  db "irqlab cdboot: the BIOS gave no memory map (E820)", 13, 10, 0
msg_read:       db "irqlab cdboot: CD read error", 13, 10, 0
msg_not_elf:    db "irqlab cdboot: /boot/irqlab.elf is not an i386 ELF loadable above 1 MiB", 13, 10, 0
msg_too_big:    db "irqlab cdboot: out of memory: the kernel and initramfs do not fit in RAM", 13, 10, 0
kernel_line:    db 0                            ; GRUB passes what follows the file name
initrd_line:    db "initramfs", 0               ; on its `multiboot` and `module` lines
loader_name:    db "irqlab cdboot", 0

align 8
gdt:
        dq      0
        dq      0x00cf9a000000ffff              ; CODE_SEL: base 0, 4 GiB, 32-bit, exec/read
        dq      0x00cf92000000ffff              ; DATA_SEL: base 0, 4 GiB, read/write
gdt_desc:
        dw      gdt_desc - gdt - 1
        dd      gdt

dap:                                            ; INT 13h AH=42h's disk address packet
        db      16, 0
dap_count:      dw 0
                dw 0, BUF_SEG                   ; to BUF_SEG:0000
dap_lba:        dd 0, 0

drive:          db 0
phnum:          dw 0
mmap_len:       dw 0
align 4
ram_top:        dd 0
kernel_end:     dd 0
entry:          dd 0
file_lba:       dd 0
skip:           dd 0
take:           dd 0

%if $ - $$ > LOAD_SIZE
%error "cdboot is larger than what the BIOS loads"
%endif
        times LOAD_SIZE - ($ - $$) db 0
