"""The harness's own waiting rules (tests/irqlab.py), checked on a stand-in for QEMU.

Machine.wait_exit bounds how long the guest may stay silent, not how long it may run: a
selftest on a loaded host runs slowly but keeps printing, and must not be cut off. These
run a shell script in QEMU's place, so they take no boot.
"""
import pytest

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
    # Six lines 0.2 s apart: 1.2 s in all, never 0.6 s silent.
    with Script("for i in 1 2 3 4 5 6; do echo line $i; sleep 0.2; done; exit 3") as m:
        assert m.wait_exit(0.6) == 3
        assert "line 6" in m.out


def test_a_silent_guest_is_reported_as_hung(monkeypatch):
    monkeypatch.setenv("IRQLAB_TIMEOUT_MULT", "1")
    with Script("echo started; sleep 30") as m:
        with pytest.raises(irqlab.MachineError, match="printed nothing for 0.5s"):
            m.wait_exit(0.5)


def test_a_guest_that_prints_forever_is_capped(monkeypatch):
    monkeypatch.setenv("IRQLAB_TIMEOUT_MULT", "1")
    monkeypatch.setattr(irqlab, "EXIT_CAP_FACTOR", 4)
    with Script("while :; do echo tick; sleep 0.05; done") as m:
        with pytest.raises(irqlab.MachineError, match="still printing after 1.2s"):
            m.wait_exit(0.3)
