; arch/x86/bench_stubs.asm - the floor of the benchmark: an IDT gate whose handler is a
; single IRET (Intel SDM Vol. 3A, "Interrupt and Exception Handling": what the CPU does
; on INT n and on IRET, and nothing else). kernel/bench/bench_irq.c points a spare vector
; at it for int_iret_floor.

section .text
global bench_iret_stub
bench_iret_stub:
        iret
