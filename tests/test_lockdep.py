"""The IRQ-safety checker: `demo lockdep`, and the selftest boots (which run with
'lockdep' on, conftest.py) finding no inconsistent lock state in irqlab itself."""
import re

import pytest

from conftest import KERNELS, read_selftest


def test_demo_lockdep_reports_the_deadlock_before_it_happens(m):
    out = m.command("demo lockdep")
    assert out.count("] WARNING: inconsistent lock state\n") == 1, out
    assert "inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage." in out
    assert re.search(r"first taken in hard-IRQ context at demo_lock_handler\+0x", out), out
    assert re.search(r"taken with interrupts enabled at demo_lockdep_run\+0x", out), out
    assert re.search(r"CPU0\n.*----\n.*  lock\(demo_lock\);\n.*  <Interrupt>\n"
                     r".*    lock\(demo_lock\);\n.*\n.* \*\*\* DEADLOCK \*\*\*", out), out
    assert "Fix: spin_lock_irqsave() in the shell." in out
    assert "no report: the interrupt cannot come while it is held" in out
    assert "demo_irqsafe_lock" not in out.split("3. the fix")[0]
    # each class is reported once: the second run says so, and nothing hung
    again = m.command("demo lockdep")
    assert "] WARNING: inconsistent lock state" not in again, again
    assert "each lock class is reported once" in again
    assert m.command("echo alive").strip().endswith("alive")


def test_demo_lockdep_is_listed(m):
    assert re.search(r"^\s+lockdep\s", m.command("demo"), re.M)


def outside_lockdep_suite(out):
    """The log without the lockdep suite's block, whose reports are on purpose."""
    return re.sub(r"# Subtest: lockdep\n.*?\nok \d+ lockdep\n", "", out, flags=re.S)


@pytest.mark.parametrize("kernel", ["gcc", "gcc-smp2", "gcc-smp4-q35"])
def test_selftest_boot_has_no_inconsistent_lock_state(kernel):
    assert "lockdep" in KERNELS[kernel][1].split()
    _code, out = read_selftest(kernel)
    assert "lockdep: IRQ-safety checker on" in out, out[-3000:]
    assert "# Subtest: lockdep" in out          # the checker was proven to work there
    rest = outside_lockdep_suite(out)
    at = rest.find("inconsistent lock state")
    assert at < 0, "irqlab itself has an inconsistent lock:\n" + rest[max(0, at - 200):at + 2500]
