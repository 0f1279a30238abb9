"""The 8259 pair as QEMU itself sees it (HMP `info pic`): the remap the kernel programmed,
which cannot be read back from the chips, and masks that open exactly the lines irqlab
has handlers on, as listed in its /proc/interrupts."""
import re

from guest_events import wait_ticks
from irqlab import info_pic, isr_when_idle

IRQ_ROW = re.compile(r"^\s*(\d+):\s+(\d+)\s+(\S+)\s+\d+-(\S+)\s+(.+)$", re.M)
MACHINE = dict(cmdline="irqchip=pic")     # fixture m's machine (tests/conftest.py)


def lines_with_actions(m):
    """{irq: (chip, handlers)} for every numbered row of /proc/interrupts."""
    out = m.command("cat /proc/interrupts")
    return {int(irq): (chip, names.strip()) for irq, _n, chip, _flow, names in IRQ_ROW.findall(out)}


def test_remap_master_0x20_slave_0x28(m):
    chips = info_pic(m)
    assert chips["master"]["irq_base"] == 0x20
    assert chips["slave"]["irq_base"] == 0x28


def test_imr_opens_exactly_the_lines_with_actions(m):
    lines = lines_with_actions(m)
    assert lines, "/proc/interrupts lists no line"
    assert all(chip == "XT-PIC" for chip, _ in lines.values()), lines
    open_bits = 0
    for irq in lines:
        open_bits |= 1 << irq
    chips = info_pic(m)
    assert chips["master"]["imr"] == ~open_bits & 0xff, \
        "master imr %02x, lines with actions %s" % (chips["master"]["imr"], sorted(lines))
    assert chips["slave"]["imr"] == ~(open_bits >> 8) & 0xff, \
        "slave imr %02x, lines with actions %s" % (chips["slave"]["imr"], sorted(lines))


def test_isr_clear_when_idle(m):
    wait_ticks(m, 10)   # some timer ticks and their EOIs
    assert isr_when_idle(m) == (0, 0)
