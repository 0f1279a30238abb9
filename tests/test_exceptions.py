"""CPU exceptions at the shell: `trigger <...>` and what the kernel does with each.

Faults with a fixup (divide, gp, ud, pf) and the int3 trap print the report and the shell
goes on: they share one booted machine. The fatal ones (a double fault, a fault with no
fixup, a panic during a selftest) each get a boot of their own, with QEMU's faster
-kernel loader; QEMU must stay up, halted, showing the report. Addresses in the reports
are checked against the ELF's own symbol table (nm), not against the kernel's.
"""
import os
import re
import shutil
import subprocess
import time

import pytest

import ktap
from conftest import KERNELS, read_selftest
from guest_events import wait_halted
from irqlab import EXIT_FAIL, booted, run_to_exit

TRIGGER_USAGE = "usage: trigger <divide|gp|int3|ud|pf|doublefault|bug>"
# irqlab's GDT has 5 entries (arch/x86/segment.h); the #GP demo loads the first selector
# past its end: index 5, GDT, so the error code is 5 << 3.
GDT_ENTRIES = 6
# The #PF demo writes to the 'status' field (offset 4) of a NULL struct pointer.
NULL_FIELD = 4

REGISTERS = ["EIP", "EAX", "EBX", "ECX", "EDX", "ESI", "EDI", "EBP", "ESP", "CS", "DS",
             "ES", "FS", "GS", "SS", "EFLAGS", "CR0", "CR2", "CR3", "CR4"]
TRACE_LINE = re.compile(r"^\[[ \d.]+\]  \[<([0-9a-f]{8})>\] ([\w.]+)\+0x([0-9a-f]+)/0x([0-9a-f]+)$",
                        re.M)


def elf_symbols(build):
    """{name: (address, size)} from the ELF, with the toolchain's own nm."""
    nm = shutil.which("i686-elf-nm") or shutil.which("i686-linux-gnu-nm") or "nm"
    out = subprocess.run([nm, "-S", "-n", os.path.join(build, "irqlab.elf")],
                         capture_output=True, text=True, check=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4:
            syms[parts[3]] = (int(parts[0], 16), int(parts[1], 16))
        elif len(parts) == 3:
            syms[parts[2]] = (int(parts[0], 16), 0)
    return syms


def in_function(syms, name, addr):
    start, size = syms[name]
    return start <= addr < start + size


def registers(report):
    regs = {}
    for name in REGISTERS:
        m = re.search(r"\b%s: (?:[0-9a-f]{4}:\[<)?([0-9a-f]{4,8})\b" % name, report)
        assert m, "register %s missing from the report:\n%s" % (name, report)
        regs[name] = int(m.group(1), 16)
    return regs


def call_trace(report):
    """[(address, function, offset)] after 'Call Trace:'."""
    _, _, trace = report.partition("Call Trace:")
    assert trace, "no Call Trace in:\n" + report
    return [(int(a, 16), f, int(o, 16)) for a, f, o, _s in TRACE_LINE.findall(trace)]


def check_trace(report, syms, first, callers):
    """The trace starts at the faulting EIP in `first`, then walks the EBP chain through
    the exception frame into `callers`, in order; every address is in the function the
    kernel named, by the ELF's own symbol table."""
    trace = call_trace(report)
    regs = registers(report)
    assert trace[0][0] == regs["EIP"] and trace[0][1] == first, trace
    for addr, func, off in trace:
        assert addr - off == syms[func][0], "%s+0x%x is not 0x%08x" % (func, off, addr)
    names = [f for _a, f, _o in trace[1:]]
    pos = [names.index(c) for c in callers]
    assert pos == sorted(pos), "callers out of order: %s" % names
    return trace


@pytest.fixture(scope="module")
def syms():
    return elf_symbols(KERNELS["gcc"][0])


FIXUP_DEMOS = {
    # name: (mnemonic and name, vector, demo function)
    "divide": ("#DE divide error", 0, "trap_demo_divide"),
    "gp": ("#GP general protection", 13, "trap_demo_gp"),
    "ud": ("#UD invalid opcode", 6, "trap_demo_ud"),
    "pf": ("#PF page fault", 14, "trap_demo_write"),
}


@pytest.mark.parametrize("demo", list(FIXUP_DEMOS))
def test_fault_reported_and_fixed_up(m, syms, demo):
    title, vector, func = FIXUP_DEMOS[demo]
    out = m.command("trigger " + demo)
    assert "%s: vector %d (fault) in kernel code, context task" % (title, vector) in out, out
    regs = registers(out)
    assert in_function(syms, func, regs["EIP"]), "EIP 0x%08x not in %s" % (regs["EIP"], func)
    assert regs["CS"] == 0x08 and regs["DS"] == 0x10 and regs["SS"] == 0x10
    assert regs["CR0"] & 0x80000000, "paging is off in the report's CR0"
    callers = (["demo_pf"] if demo == "pf" else []) + ["cmd_trigger", "shell_execute",
                                                       "shell_run", "kthread_entry"]
    check_trace(out, syms, func, callers)

    if demo == "gp":
        ec = GDT_ENTRIES << 3
        assert "error code 0x%04x: selector index %d, TI=0 (GDT), IDT=0, EXT=0; past the " \
               "GDT's limit" % (ec, GDT_ENTRIES) in out, out
    elif demo == "pf":
        assert "error code 0x0002: P=0 not-present, W/R=1 write, U/S=0 supervisor" in out, out
        assert "CR2: 0x%08x, the linear address that faulted" % NULL_FIELD in out, out
        assert regs["CR2"] == NULL_FIELD
    else:
        assert "error code" not in out, "%s has no error code:\n%s" % (title, out)

    # The fault is at EIP; the fixup resumes past it, inside the same demo function.
    mm = re.search(r"fixup found: resuming at recovery point 0x([0-9a-f]{8}) \(was EIP "
                  r"0x([0-9a-f]{8})\)", out)
    assert mm, out
    fixup, was = int(mm.group(1), 16), int(mm.group(2), 16)
    assert was == regs["EIP"] and fixup > was and in_function(syms, func, fixup)
    assert "resumed at its recovery point 0x%08x; the shell goes on" % fixup in out, out
    assert m.command("echo alive") == "alive\n"


def test_int3_is_a_trap_and_resumes_after(m, syms):
    out = m.command("trigger int3")
    assert "#BP breakpoint (int3): vector 3 (trap) in kernel code" in out, out
    regs = registers(out)
    check_trace(out, syms, "trap_demo_int3", ["cmd_trigger", "shell_execute"])
    mm = re.search(r"int3 at 0x([0-9a-f]{8}) \(trap_demo_int3\+\S+\) is a trap: the report's "
                  r"EIP 0x([0-9a-f]{8}) is the next instruction, and execution continued there",
                  out)
    assert mm, out
    at, eip = int(mm.group(1), 16), int(mm.group(2), 16)
    # int3 is one byte (0xcc): the next instruction is at + 1.
    assert eip == regs["EIP"] == at + 1, "int3 at 0x%08x, report EIP 0x%08x" % (at, regs["EIP"])
    assert "#BP is a trap: resuming at the next instruction, 0x%08x" % (at + 1) in out
    assert "fixup found" not in out
    assert m.command("echo alive") == "alive\n"


def proc_exceptions(m):
    """/proc/exceptions' rows: {vector: (mnemonic, kind, errcode, count, name)}."""
    rows = {}
    for line in m.command("cat /proc/exceptions").splitlines()[1:]:
        vec, mnemonic, kind, errcode, count, name = line.split(None, 5)
        rows[int(vec)] = (mnemonic, kind, errcode, int(count), name)
    return rows


def exception_counts(m):
    return {v: row[3] for v, row in proc_exceptions(m).items()}


def test_proc_exceptions_labels_follow_the_sdm(m):
    rows = proc_exceptions(m)
    assert rows[9][:3] == ("--", "abort", "no"), rows[9]       # not a second #MF
    assert rows[9][4] == "coprocessor segment overrun (reserved)"
    assert rows[16][0] == "#MF" and rows[2][0] == "--" and rows[1][1] == "fault/trap"
    mnemonics = [row[0] for row in rows.values() if row[0] != "--"]
    assert len(mnemonics) == len(set(mnemonics)), mnemonics
    assert [v for v, row in rows.items() if row[2] == "yes"] == [8, 10, 11, 12, 13, 14, 17, 21]


def test_proc_exceptions_counts_the_vector_taken(m):
    before = exception_counts(m)
    assert sorted(before) == list(range(22)), before
    m.command("trigger ud")
    after = exception_counts(m)
    assert after[6] == before[6] + 1
    assert {v: c for v, c in after.items() if v != 6} == {v: c for v, c in before.items() if v != 6}


@pytest.mark.parametrize("line", ["trigger", "trigger nope", "trigger divide gp"])
def test_trigger_usage(m, line):
    assert m.command(line) == TRIGGER_USAGE + "\n"


def test_help_lists_trigger(m):
    assert re.search(r"^  trigger +<divide\|gp\|int3\|ud\|pf\|doublefault\|bug> ",
                     m.command("help"), re.M)


# --- fatal: one boot each ---------------------------------------------------------------

def assert_halted_not_reset(m, tr):
    """QEMU is up, the guest did not reset or triple-fault (that would end QEMU under
    -no-reboot, or show 'shutdown'), the CPU sits in HLT with interrupts off, in the task
    whose TSS selector is tr, and the shell no longer answers."""
    assert m.proc.poll() is None, m.report("QEMU exited")
    assert m.status()["status"] == "running", m.report("not running")
    # The report's last line is printed just before the HLT: wait for the CPU to get there.
    info = wait_halted(m)
    assert "HLT=1" in info, info
    assert re.search(r"^EIP=\S+ EFL=([0-9a-f]+)", info, re.M)
    efl = int(re.search(r"EFL=([0-9a-f]+)", info).group(1), 16)
    assert not efl & 0x200, "interrupts are on in the halted CPU:\n" + info
    assert re.search(r"^TR =%04x " % tr, info, re.M), info
    m.write("echo alive\r")
    time.sleep(0.3)
    assert "alive" not in m.out[m.cursor:], m.report("the shell still answers")


@pytest.mark.parametrize("kernel", ["gcc", "clang"])
def test_doublefault_reports_and_halts(kernel):
    build = KERNELS[kernel][0]
    syms = elf_symbols(build)
    with booted(build=build, image="elf") as m:
        m.write("trigger doublefault\r")
        out = m.wait_for("---[ end Kernel panic - not syncing: double fault ]---")
        assert "#DF double fault: vector 8 (abort), through the task gate to the TSS at " \
               "selector 0x0020, on its own stack" in out, out
        assert "error code 0x0000" in out
        # The registers are the faulting task's (saved in main_tss), not the #DF task's:
        # EIP in the recursion, ESP in the guard page below the shell thread's stack.
        regs = registers(out)
        th = re.search(r"thread: shell \(pid \d+\), stack 0x([0-9a-f]{8})-0x([0-9a-f]{8}), "
                       r"guard page 0x([0-9a-f]{8})-0x([0-9a-f]{8})", out)
        assert th, out
        stack, guard = int(th.group(1), 16), int(th.group(3), 16)
        assert stack - guard == 4096 and int(th.group(4), 16) == stack - 1
        assert in_function(syms, "trap_demo_recurse", regs["EIP"]), hex(regs["EIP"])
        assert guard <= regs["ESP"] - 4 < stack, hex(regs["ESP"])
        assert guard <= regs["CR2"] < guard + 4096, "CR2 0x%08x not in the guard page" % regs["CR2"]
        assert "is not mapped: the stack ran into a guard page" in out
        trace = check_trace(out, syms, "trap_demo_recurse",
                            ["trap_demo_recurse", "trap_demo_doublefault", "cmd_trigger",
                             "shell_execute"])
        m_rep = re.search(r"\.\.\. the frame above (\d+) more times \(recursion\)", out)
        assert m_rep and int(m_rep.group(1)) > 50, out      # 8 KiB of 64-byte frames
        assert len(trace) < 16, "the recursion should print as one line and a count"
        assert "Kernel panic - not syncing: double fault" in out
        assert_halted_not_reset(m, tr=0x20)


def test_fault_without_fixup_panics_and_halts(syms):
    with booted(image="elf") as m:
        m.write("trigger bug\r")
        end = "---[ end Kernel panic - not syncing: Fatal exception: #UD invalid opcode ]---"
        out = m.wait_for(end)
        assert "#UD invalid opcode: vector 6 (fault) in kernel code" in out, out
        assert "fixup found" not in out
        check_trace(out, syms, "trap_demo_bug", ["cmd_trigger", "shell_execute"])
        # panic() does not print a second trace after the report.
        assert out.count("Call Trace:") == 1, out
        assert_halted_not_reset(m, tr=0x18)


def test_panic_in_selftest_is_an_error_and_fails_the_run():
    code, out = run_to_exit("selftest=panic_demo", timeout=30, image="elf")
    assert code == EXIT_FAIL, "exit %s:\n%s" % (code, out[-3000:])
    results = {(r.suite, r.case): r for r in ktap.parse(out)}
    assert results[("panic_demo", "test_panic_path_armed")].ok
    crashed = results[("panic_demo", "test_fault_without_fixup_panics")]
    assert not crashed.ok
    assert crashed.directive == "ERROR kernel panic: Fatal exception: #UD invalid opcode"
    assert not results[("panic_demo", "(suite)")].ok
    assert "#UD invalid opcode: vector 6 (fault)" in out


@pytest.mark.parametrize("kernel", list(KERNELS))
def test_panic_demo_not_in_plain_selftest(kernel):
    _code, out = read_selftest(kernel)
    suites = {r.suite for r in ktap.parse(out)}
    assert "traps" in suites and "panic_demo" not in suites, suites
