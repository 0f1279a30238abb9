"""The course notes' two examples that hold interrupts off for ten seconds
(samples/notes/irq_disable.c, irqs_disabled.c: local_irq_disable(), mdelay(10000),
local_irq_enable()), on a machine of their own.

With IF clear the delay cannot wait in HLT (kernel/time/delay.c): the CPU spins on the
TSC, and under plain TCG ten guest seconds of spinning are ten seconds of a host core
each. This machine runs under QEMU's -icount instead: the guest's clocks (TSC, LAPIC
timer, PIT) advance 2^7 ns for each instruction it executes rather than with the host's
clock, so the ten seconds are the guest's own, counted in instructions (about 78 million,
well under a second of the host's time). While the guest idles they pass in real time
(sleep=on, the default). Everything checked here is in the guest's time: the ten seconds
between the two messages, the timer held off for them."""
import re

import pytest

from irqlab import booted
from test_notes_irq import insmod, loc_count, rmmod

ICOUNT = ["-icount", "shift=7"]
STAMPED = r"^\[\s*(\d+\.\d+)\] %s$"


@pytest.fixture(scope="module")
def m():
    with booted(extra_args=ICOUNT) as machine:
        yield machine


def stamp(out, line):
    found = re.search(STAMPED % re.escape(line), out, re.M)
    assert found, (line, out)
    return float(found.group(1))


def test_irq_disable_holds_off_the_timer(m):
    before = loc_count(m)
    out = insmod(m, "irq_disable")
    assert "module is loaded on processor:0\n" in out
    assert "interrupts disabled on processor:0\n" in out
    # Ten seconds with IF clear: the timer interrupt waits (one is pending at the end),
    # where it would have come a thousand times or more.
    assert loc_count(m) - before < 100
    rmmod(m, "irq_disable")


def test_irqs_disabled_reports_both_states(m):
    out = insmod(m, "irqs_disabled")
    assert out.index("IRQ Disabled\n") < out.index("IRQ Enabled\n"), out
    # mdelay(10000) between the two, interrupts off all along: ten of the guest's seconds.
    assert stamp(out, "IRQ Enabled") - stamp(out, "IRQ Disabled") >= 10.0, out
    rmmod(m, "irqs_disabled")
