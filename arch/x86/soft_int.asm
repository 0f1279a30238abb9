; arch/x86/soft_int.asm - raising any vector from software.
;
; Intel SDM Vol. 2A, "INT n/INTO/INT3/INT1 - Call to Interrupt Procedure": INT takes its
; vector as an immediate, so raising a vector chosen at run time needs one tiny function
; per vector. x86_raise_vector(v) calls the v-th: "int v; ret".
;
; The CPU delivers INT n through the same IDT gate, stub and frame as the hardware
; interrupt on that vector, whatever EFLAGS.IF says. This is how irqlab injects an
; interrupt on a line of the 8259, which cannot be told to raise a line itself.

section .text
align 4
global soft_int_stubs
soft_int_stubs:
%assign v 0
%rep 256
        int v                       ; CD vv (INT3 is written CD 03 too: 2 bytes each)
        ret                         ; C3
        nop                         ; pad to 4 bytes, so stub v is at soft_int_stubs + 4*v
%assign v v + 1
%endrep
