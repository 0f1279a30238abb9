"""The harness's own waiting rules (tests/irqlab.py), checked on a stand-in for QEMU.

Machine.wait_exit bounds how long the guest may stay silent, not how long it may run: a
selftest on a loaded host runs slowly but keeps printing, and must not be cut off. These
run a shell script in QEMU's place, so they take no boot.
"""
import os
import time

import pytest

import conftest
import irqlab


class Script(irqlab.Machine):
    """A Machine whose 'QEMU' is a shell script: same reader, same waits."""
    uses_qmp = False

    def __init__(self, script):
        super().__init__()
        self.script = script

    def args(self):
        return ["sh", "-c", self.script]

    def status(self):
        return {"running": True}


def test_a_guest_that_keeps_printing_runs_past_the_timeout(monkeypatch):
    monkeypatch.setenv("IRQLAB_TIMEOUT_MULT", "1")
    monkeypatch.setattr(irqlab, "EXIT_CAP_FACTOR", 1000)
    # Fifteen lines 0.2 s apart: 3 s in all, never 2 s silent.
    with Script("for i in $(seq 15); do echo line $i; sleep 0.2; done; exit 3") as m:
        t0 = time.time()
        monkeypatch.setattr(m, "cpu_seconds", lambda: time.time() - t0)  # always running
        assert m.wait_exit(2) == 3
        assert "line 15" in m.out


def test_a_silent_busy_guest_is_reported_as_hung(monkeypatch):
    """A guest spinning without a word (a lockup) had its CPU time: hung at the timeout."""
    monkeypatch.setenv("IRQLAB_TIMEOUT_MULT", "1")
    monkeypatch.setattr(irqlab, "SLOW_CAP", 40)
    with Script("echo started; sleep 60") as m:
        t0 = time.time()
        monkeypatch.setattr(m, "cpu_seconds", lambda: time.time() - t0)  # always running
        with pytest.raises(irqlab.MachineError, match="printed nothing for 0.5s"):
            m.wait_exit(0.5)
        assert time.time() - t0 < 0.5 * 40, "waited for the cap, not for the CPU time"


def test_a_silent_idle_guest_is_reported_after_the_cap(monkeypatch):
    """A guest waiting idle for ever (a lost interrupt) uses no CPU: SLOW_CAP times later."""
    monkeypatch.setenv("IRQLAB_TIMEOUT_MULT", "1")
    monkeypatch.setattr(irqlab, "SLOW_CAP", 4)
    with Script("echo started; sleep 30") as m:
        t0 = time.time()
        with pytest.raises(irqlab.MachineError, match="printed nothing for 0.3s"):
            m.wait_exit(0.3)
        assert time.time() - t0 >= 0.3 * 4


def test_a_guest_starved_of_cpu_is_not_cut_off(monkeypatch):
    """On a loaded host QEMU gets no CPU for a while: its timeout has not run out, however
    long the host's clock says it has been."""
    monkeypatch.setenv("IRQLAB_TIMEOUT_MULT", "1")
    with Script("echo started; sleep 1.5; echo done; exit 3") as m:
        monkeypatch.setattr(m, "cpu_seconds", lambda: 0.0)      # never scheduled
        assert m.wait_exit(0.3) == 3
    with Script("sleep 1.5; echo 'prompt> '; sleep 30") as m:
        monkeypatch.setattr(m, "cpu_seconds", lambda: 0.0)
        m.wait_for("prompt> ", timeout=0.3)


def test_a_guest_that_prints_forever_is_capped(monkeypatch):
    monkeypatch.setenv("IRQLAB_TIMEOUT_MULT", "1")
    monkeypatch.setattr(irqlab, "EXIT_CAP_FACTOR", 4)
    with Script("while :; do echo tick; sleep 0.05; done") as m:
        with pytest.raises(irqlab.MachineError, match="still printing after 1.2s"):
            m.wait_exit(0.3)


class CrashingBoots(Script):
    """A 'QEMU' that dies of SIGSEGV before the kernel is up, for the first crashes
    boots, and then boots to the prompt."""

    def __init__(self, crashes):
        super().__init__("")
        self.crashes = crashes
        self.boots = 0

    def args(self):
        self.boots += 1
        if self.boots <= self.crashes:
            return ["sh", "-c", "echo '[    0.000000] irqlab: booting'; kill -SEGV $$"]
        return ["sh", "-c", "echo '%s'; printf '\\n%s'; sleep 30" % (irqlab.READY,
                                                                     irqlab.PROMPT)]


def test_a_boot_qemu_crashed_in_is_booted_once_more():
    with CrashingBoots(crashes=1) as m:
        m.wait_ready(timeout=10)
        assert m.boots == 2
        assert "QEMU crashed': 'SIGSEGV'" in m.earlier_crash, m.earlier_crash


def test_a_second_qemu_crash_is_reported():
    with CrashingBoots(crashes=2) as m:
        with pytest.raises(irqlab.MachineError, match="QEMU crashed': 'SIGSEGV'"):
            m.wait_ready(timeout=10)
        assert m.boots == 2


def test_the_long_modules_named_to_start_first_are_real_and_start_first():
    """conftest.LONG_MODULES, the modules pytest-xdist hands out first: each is a test
    module here, and collection puts every test of them, in that order, before the rest."""
    class Item:
        def __init__(self, path):
            self.fspath = path

    here = os.path.dirname(os.path.abspath(__file__))
    for name in conftest.LONG_MODULES:
        assert os.path.exists(os.path.join(here, name)), name
    items = [Item(os.path.join(here, n)) for n in
             ["test_apic.py"] + conftest.LONG_MODULES[::-1] + ["test_zz.py"]]
    conftest.pytest_collection_modifyitems(items)
    assert [os.path.basename(i.fspath) for i in items] == \
        conftest.LONG_MODULES + ["test_apic.py", "test_zz.py"]
