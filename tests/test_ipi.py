"""Interprocessor interrupts seen from the shell: `bt all` sends an NMI to every other
CPU and each prints its own backtrace, whole, once; the NMI row counts them; the NMI,
CAL and TLB rows of /proc/interrupts have one column per CPU in Linux's layout. The
function call IPIs themselves are checked in the kernel (the smp_call KTAP suite)."""
import re

import pytest

from irqlab import Machine

ROWS = {"NMI": "Non-maskable interrupts", "CAL": "Function call interrupts",
        "TLB": "TLB shootdowns"}
STAMP = re.compile(r"^\[\s*\d+\.\d+\] ", re.M)
HEADER = re.compile(r"^NMI backtrace for cpu (\d+)$")
# One CPU's block: the task it was running, the registers the NMI found (not for the CPU that asked, which is
# running the command), then its call trace, and nothing else in between.
BLOCK = re.compile(r"NMI backtrace for cpu (?P<cpu>\d+)\n"
                   r"CPU: (?P=cpu) PID: \d+ Comm: \S+\n"     # dump_stack's header, as Linux's
                   r"(EIP: 0008:\[<[0-9a-f]{8}>\] \S+\n"
                   r"EAX: .*\nESI: .*\nCS: .*\nEFLAGS: .*\nCR0: .*\n)?"
                   r"Call Trace:\n"
                   r"(?: \[<[0-9a-f]{8}>\] \S+\n)+")


def arch_rows(proc, cpus):
    """{name: [count per CPU]} for the NMI, CAL and TLB rows, checking Linux's layout
    ("%*s: " with the width of the largest line number, "%10u " per CPU, two spaces,
    the text)."""
    rows = {}
    for name, text in ROWS.items():
        m = re.search(r"^%s:((?: {1,}\d+)+)   %s$" % (name, text), proc, re.M)
        assert m, (name, proc)
        counts = [int(n) for n in m.group(1).split()]
        assert m.group(0) == "%s: %s  %s" % (name, "".join("%10d " % c for c in counts), text)
        assert len(counts) == cpus, (name, proc)
        rows[name] = counts
    return rows


def blocks(out):
    """The backtrace blocks of a `bt` command's output, as (cpu, text), checking that
    each is whole and that nothing else stands between them."""
    text = STAMP.sub("", out)
    start = text.index("NMI backtrace for cpu")
    found, pos = [], start
    while pos < len(text.rstrip("\n")):
        m = BLOCK.match(text, pos)
        assert m, "not a whole backtrace block at:\n" + text[pos:pos + 800]
        found.append((int(m.group(1)), m.group(0)))
        pos = m.end()
    return text[:start], found


@pytest.mark.parametrize("smp", [2, 4])
def test_bt_all_prints_each_cpu_once_whole(smp):
    rounds = 3                                  # three CPUs answering at once, thrice
    with Machine(smp=smp) as m:
        m.wait_ready()
        before = arch_rows(m.command("cat /proc/interrupts"), smp)
        for _ in range(rounds):
            out = m.command("bt all")
            head, found = blocks(out)
            others = "1" if smp == 2 else "1-%d" % (smp - 1)   # Linux's CPU list
            assert "Sending NMI from CPU 0 to CPUs %s:" % others in head, out
            assert sorted(cpu for cpu, _ in found) == list(range(smp)), out
            assert found[0][0] == 0             # the asking CPU first, its own stack
            assert "EIP:" not in found[0][1] and "cmd_bt" in found[0][1], found[0][1]
            for cpu, block in found[1:]:
                assert "EIP:" in block, block   # the others: where the NMI found them
        after = arch_rows(m.command("cat /proc/interrupts"), smp)
        assert [a - b for a, b in zip(after["NMI"], before["NMI"])] == \
            [0] + [rounds] * (smp - 1)


def test_bt_one_cpu():
    with Machine(smp=4) as m:
        m.wait_ready()
        head, found = blocks(m.command("bt 2"))
        assert "Sending NMI from CPU 0 to CPUs 2:" in head
        assert [cpu for cpu, _ in found] == [2]
        assert "bt: CPU 5 is not online" in m.command("bt 5")
        assert "usage: bt <all|cpu>" in m.command("bt")


def test_bt_all_on_one_cpu():
    with Machine() as m:
        m.wait_ready()
        head, found = blocks(m.command("bt all"))
        assert "Sending NMI" not in head        # nobody to send to
        assert [cpu for cpu, _ in found] == [0]
        assert arch_rows(m.command("cat /proc/interrupts"), 1)["NMI"] == [0]


def test_nmi_from_outside_is_still_reported():
    """An NMI nobody asked a backtrace for (QEMU's inject-nmi, as a front-panel NMI
    button) keeps its report as a trap, and counts in the NMI row too."""
    with Machine() as m:
        m.wait_ready()
        m.qmp("inject-nmi")
        m.wait_for("is a trap: resuming at the next instruction")
        assert "vector 2 (interrupt)" in m.out, m.out[-2000:]
        assert "NMI backtrace" not in m.out
        assert arch_rows(m.command("cat /proc/interrupts"), 1)["NMI"] == [1]
