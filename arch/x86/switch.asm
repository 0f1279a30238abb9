; arch/x86/switch.asm - switching from one thread's stack to another's.
;
; System V i386 ABI, "Function Calling Sequence": EBX, ESI, EDI and EBP belong to the
; caller and must survive a call; EAX, ECX and EDX may be clobbered. So a context switch
; only has to save those four and the stack pointer: everything else the thread had is
; already on its own stack, saved by the C code that called schedule().
;
;   void __switch_to_asm(u32 *prev_sp, u32 next_sp);
;
; saves prev's callee-saved registers on prev's stack, stores ESP in *prev_sp, loads
; next_sp, pops next's registers and returns - into next's call of __switch_to_asm, or,
; for a brand-new thread, into ret_from_kernel_thread (see kthread_stack_init()).

section .text
global __switch_to_asm
__switch_to_asm:
        mov eax, [esp + 4]          ; prev_sp
        mov edx, [esp + 8]          ; next_sp
        push ebp
        push ebx
        push esi
        push edi
        mov [eax], esp
        mov esp, edx                ; from here on we are the next thread
        pop edi
        pop esi
        pop ebx
        pop ebp
        ret

; A new thread's first return lands here, on its own fresh stack.
global ret_from_kernel_thread
extern kthread_entry
ret_from_kernel_thread:
        call kthread_entry          ; runs the thread function; never returns
.hang:  cli
        hlt
        jmp .hang
