; arch/x86/entry.asm - the 256 IDT entry stubs, the common entry path, and the
; double-fault task.
;
; Intel SDM Vol. 3A, "Interrupt and Exception Handling": sections "Exception and
; Interrupt Handling" (what the CPU pushes) and "Error Code" (which vectors push one).
;
; Every vector gets a stub that makes the frame uniform (a 0 where the CPU pushed no error
; code, then the vector number) and jumps to common_entry, which saves the rest of
; struct pt_regs (arch/x86/ptrace.h) and calls C with a pointer to it:
;   vectors 0-31 (exceptions)  -> exception_handlers[vector](regs)   arch/x86/traps.c
;   vectors 32-0xeb            -> do_IRQ(regs)                        arch/x86/irq.c
;   vectors 0xec-0xff (the LAPIC's own: timer, error, spurious)
;                              -> system_vector_handlers[vector - 0xec](regs)
;                                                                     arch/x86/lapic.c

%include "arch/x86/segment.inc"

PT_REGS_SIZE     equ 68            ; must match struct pt_regs (checked in ptrace.h)
PT_REGS_GS       equ 32            ; offsetof(struct pt_regs, gs), and fs, es, ds after it
PT_REGS_FS       equ 36
PT_REGS_ES       equ 40
PT_REGS_DS       equ 44
PT_REGS_VECTOR   equ 48            ; offsetof(struct pt_regs, vector)
FIRST_EXTERNAL_VECTOR equ 0x20     ; below: CPU exceptions; from here: interrupts
FIRST_SYSTEM_VECTOR equ 0xec       ; from here: LAPIC system vectors (arch/x86/idt.h)

; On the way out: segment register %1 gets pt_regs' slot at offset %2 (from ESP, which
; points at the frame) unless it holds that selector already. EAX is free: POPAD follows.
%macro RESTORE_SEG 2
        mov ax, %1
        cmp ax, [esp + %2]
        je %%same
        mov %1, [esp + %2]
%%same:
%endmacro

; make bench BREAKDOWN=1: a TSC stamp where the entry has saved the interrupted registers
; and where the exit is about to restore them (include/irqlab/bench_stamp.h, whose enum
; these two numbers must match: kernel/bench/bench.c checks them). Nothing otherwise.
%ifdef CONFIG_BENCH_BREAKDOWN
BS_ENTRY         equ 2
BS_EXIT          equ 14
extern bench_stamps
%macro BENCH_STAMP 1
        rdtsc                       ; EAX and EDX are saved in pt_regs at both stamps
        mov [fs:bench_stamps + 4 * %1], eax
%endmacro
section .rodata
global bench_stamp_asm_stages
bench_stamp_asm_stages:
        dd BS_ENTRY, BS_EXIT
%else
%macro BENCH_STAMP 1
%endmacro
%endif

; For some exceptions the CPU pushes an error code ("Error Code" in the SDM, and each
; vector's entry in "Exception and Interrupt Reference"); for them the stub must not push one.
; LAB 1 BEGIN error-code-vectors: true for exactly the vectors that push an error code
; #DF(8), #TS(10), #NP(11), #SS(12), #GP(13), #PF(14), #AC(17) and #CP(21).
%define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21)
; LAB 1 STUB
; %define HAS_ERROR_CODE(v) 0
; LAB 1 END

section .text
align 16
global vector_stubs
vector_stubs:
%assign v 0
%rep 256
align 16
vector_stub_ %+ v:
%if HAS_ERROR_CODE(v) == 0
        push dword 0                ; no error code from the CPU: keep the frame uniform
%endif
        push dword v
        jmp common_entry
%assign v v + 1
%endrep

; The stubs' addresses, for idt_init() to put in the gates.
section .rodata
align 4
global entry_first_system_vector
entry_first_system_vector:
        dd FIRST_SYSTEM_VECTOR      ; for idt_init() to check against idt.h
global vector_stub_table
vector_stub_table:
%assign v 0
%rep 256
        dd vector_stub_ %+ v
%assign v v + 1
%endrep

; The selectors as segment.inc gives them to this file, for kernel/tests/test_cpu_tables.c
; to hold against segment.h: nothing else can see both.
global segment_inc_selectors
segment_inc_selectors:
        dd __KERNEL_CS, __KERNEL_DS

section .text
extern exception_handlers
extern system_vector_handlers
extern do_IRQ
extern irqentry_exit_cond_resched
global common_entry, ret_from_intr
common_entry:
        push ds
        push es
        push fs
        push gs
        pushad
        BENCH_STAMP BS_ENTRY
        ; Whatever was interrupted, C runs on the kernel's segments. Almost always they
        ; are loaded already (irqlab has no user mode), and a segment load is the CPU
        ; walking the GDT and checking the descriptor (a helper call under TCG): so
        ; only a selector that differs is loaded. Reading one is a plain move.
        mov ax, __KERNEL_DS
        mov cx, ds
        cmp cx, ax
        je .ds_ok
        mov ds, ax
.ds_ok: mov cx, es
        cmp cx, ax
        je .es_ok
        mov es, ax
.es_ok: cld                         ; the C ABI expects DF clear
        mov eax, [esp + PT_REGS_VECTOR]
        push esp                    ; struct pt_regs *regs
        cmp eax, FIRST_EXTERNAL_VECTOR
        jae .irq
        call [exception_handlers + eax * 4]
        jmp ret_from_intr
.irq:
        cmp eax, FIRST_SYSTEM_VECTOR
        jae .sysvec
        call do_IRQ
        jmp .irq_exit
.sysvec:
        call [system_vector_handlers - FIRST_SYSTEM_VECTOR * 4 + eax * 4]
.irq_exit:
        call irqentry_exit_cond_resched ; an interrupt may have made another thread due
ret_from_intr:
        add esp, 4                  ; drop the regs argument
        BENCH_STAMP BS_EXIT
        ; The interrupted code's segments back, again loading only a selector that
        ; differs from the one in the register now (a handler may have changed one, or
        ; the interrupted code ran on others). Only the low 16 bits of each slot are
        ; the selector: PUSH of a segment register may leave the high half as it was.
        RESTORE_SEG gs, PT_REGS_GS
        RESTORE_SEG fs, PT_REGS_FS
        RESTORE_SEG es, PT_REGS_ES
        RESTORE_SEG ds, PT_REGS_DS
        popad
        add esp, 16 + 8             ; drop the segment slots, the vector and the error code
        iret

; The double fault arrives through a task gate (idt.c), so the CPU has switched to
; doublefault_tss: a fresh stack, interrupts off, and the faulting task's registers saved
; in main_tss. Its error code (always 0) is on the new stack.
global doublefault_task_entry
extern do_double_fault
doublefault_task_entry:
        push esp                    ; pointer to the error code, for the report
        call do_double_fault        ; reports and halts; never returns
.hang:  cli
        hlt
        jmp .hang
