"""Lab 1, IDT and exceptions: what `make grade LAB=1` runs, and the points.

The KTAP cases run on one boot (SELFTEST); the #PF decode is read from that boot's
console (the traps suite takes two page faults with fixups, and each prints its report);
the double fault needs a shell boot of its own, since it ends the kernel.
"""
TITLE = "IDT and exceptions"
HANDOUT = "docs/labs/lab1-idt-exceptions.md"
SELFTEST = "selftest=cpu_tables,traps"

KTAP = [
    ("cpu_tables", "test_idt_gates", 2),
    ("cpu_tables", "test_stubs_push_a_zero_only_without_error_code", 5),
    ("cpu_tables", "test_doublefault_task_ready", 5),
    ("traps", "test_divide_error_is_fixed_up", 4),
    ("traps", "test_gp_error_code_is_the_selector", 4),
    ("traps", "test_invalid_opcode_is_fixed_up", 2),
    ("traps", "test_null_write_page_fault", 3),
    ("traps", "test_guard_page_read_faults", 2),
    ("traps", "test_mapped_read_does_not_fault", 1),
    ("traps", "test_int3_resumes_after_the_instruction", 3),
    ("traps", "test_extable_lookup", 4),
]

# SDM figure "Page-Fault Error Code", for the two faults the traps suite takes: a
# supervisor write to the unmapped page 0 (NULL + 4), and a read of a guard page.
PF_WRITE_NOT_PRESENT = ("error code 0x0002: P=0 not-present, W/R=1 write, U/S=0 supervisor, "
                        "RSVD=0, I/D=0")
PF_READ_NOT_PRESENT = ("error code 0x0000: P=0 not-present, W/R=0 read, U/S=0 supervisor, "
                       "RSVD=0, I/D=0")


def check_pf_decode(ctx):
    out = ctx.selftest_out
    assert "#PF page fault: vector 14" in out, \
        "the selftest boot took no page fault (see build/grade-lab1-selftest.log)"
    for want in (PF_WRITE_NOT_PRESENT, PF_READ_NOT_PRESENT):
        assert want in out, "no #PF report line\n  %s\nin the selftest boot; its error " \
            "code lines were:\n  %s" % (want, "\n  ".join(
                l.split("] ", 1)[-1] for l in out.splitlines() if "error code 0x" in l) or
                "(none)")


DF_END = "---[ end Kernel panic - not syncing: double fault ]---"


def check_double_fault(ctx, m):
    m.write("trigger doublefault\r")
    out = m.wait_for(DF_END, timeout=15)
    assert "#DF double fault: vector 8 (abort), through the task gate to the TSS at " \
           "selector 0x0020, on its own stack" in out, out[-1500:]
    assert "is not mapped: the stack ran into a guard page" in out, out[-1500:]
    assert m.status()["status"] == "running", "QEMU stopped after the double fault: %s" % (
        m.status(),)


CHECKS = [
    # (name, points, boot command line or None for the selftest's output, function)
    ("pf_error_code_decoded", 5, None, check_pf_decode),
    ("double_fault_through_task_gate", 6, "", check_double_fault),
]

# The regions each test exercises (a pattern matches test names as the grader prints
# them): a failed test names them, so a student knows where to look.
REGIONS = {
    "cpu_tables.idt_gates": ["error-code-vectors", "doublefault-task"],
    "cpu_tables.stubs_push_a_zero_only_without_error_code": ["error-code-vectors"],
    "cpu_tables.doublefault_task_ready": ["doublefault-task"],
    "traps.*": ["error-code-vectors", "extable-search"],
    "pf_error_code_decoded": ["pf-error-code", "error-code-vectors", "extable-search"],
    "double_fault_through_task_gate": ["doublefault-task"],
}
