"""The course notes' hello-interrupt driver: IRQ 11 raised by reading /dev/lothars_device,
in both interrupt-controller modes, and the shared-line demo."""
import re

import pytest

from irqlab import booted


@pytest.fixture(scope="module", params=["apic", "pic"])
def m(request):
    with booted(cmdline="irqchip=%s" % request.param) as machine:
        machine.mode = request.param
        yield machine


def row11(m):
    out = m.command("cat /proc/interrupts")
    row = re.search(r"^\s*11:\s+(\d+)\s+(\S+)\s+(\d+-\S+)\s+(.*)$", out, re.M)
    assert row, out
    return int(row.group(1)), row.group(2), row.group(3), row.group(4).strip()


def test_registered_at_boot_on_irq11(m):
    count, chip, pin, names = row11(m)
    assert names == "lothars_device"
    if m.mode == "apic":
        assert (chip, pin) == ("IO-APIC", "11-fasteoi")    # level-triggered per the MADT
    else:
        assert (chip, pin) == ("XT-PIC", "11-edge")


def test_reading_the_device_raises_irq11(m):
    before = row11(m)[0]
    out = m.command("cat /dev/lothars_device")
    assert re.search(r"lothars_device: interrupt on IRQ 11: in_hardirq\(\)=1 "
                     r"irqs_disabled\(\)=1", out), out
    assert "lothars_device: tasklet: in_interrupt()=1 in_serving_softirq()=1 " \
           "in_hardirq()=0" in out
    assert "raised IRQ 11: /proc/interrupts count %d -> %d, handled by lothars_device: yes" \
        % (before, before + 1) in out
    assert "No irq handler for vector" not in out
    # The tasklet hands over to a work item: process context, in a kworker. The read
    # waits for both bottom halves, so their lines come before its answer.
    assert re.search(r"lothars_device: work item: in kworker/\d+:\d+H?, in_interrupt\(\)=0 "
                     r"in_task\(\)=1\n(.*\n)?raised IRQ 11", out), out
    assert row11(m)[0] == before + 1


def test_raise_command_reaches_the_same_handler(m):
    before = row11(m)[0]
    out = m.command("raise 11")
    assert "raised IRQ 11: its count went %d -> %d; handlers: lothars_device" \
        % (before, before + 1) in out
    # Nothing was pending on the device: its handler said IRQ_NONE, no tasklet ran.
    assert "interrupt on IRQ 11" not in out


def test_demo_shared_irq(m):
    out = m.command("demo shared-irq")
    blocks = re.findall(r"lothars_device\s+IRQ_HANDLED (\d+) time\(s\)\n\s+lothars_second\s+"
                        r"IRQ_HANDLED (\d+) time\(s\)\n\s+line: (\d+) deliveries, (\d+) "
                        r"unhandled", out)
    assert len(blocks) == 4, out
    first = [tuple(map(int, b)) for b in blocks]
    base_a, base_b, base_n, base_u = first[0]
    assert base_b == 0
    # 1: device A claims; 2: device B claims; 3: nobody does.
    assert first[1] == (base_a + 1, 0, base_n + 1, base_u)
    assert first[2] == (base_a + 1, 1, base_n + 2, base_u)
    assert first[3] == (base_a + 1, 1, base_n + 3, base_u + 1)
    assert "lothars_second: interrupt on IRQ 11" in out
    assert "free_irq(11, &second) removed only the second device's handler." in out
    assert row11(m)[3] == "lothars_device"


def test_keys_arrive_through_the_ioapic_too(m):
    if m.mode != "apic":
        pytest.skip("the 8259 keyboard path is covered by test_keyboard.py")
    for key in ["e", "c", "h", "o", "spc", "shift-a", "p", "i", "c", "ret"]:
        if key.startswith("shift-"):
            m.send_key("shift", key[6:])
        else:
            m.send_key(key)
    m.wait_for("Apic\n")
    out = m.command("cat /proc/interrupts")
    row = re.search(r"^\s*1:\s+(\d+)\s+IO-APIC\s+1-edge\s+i8042$", out, re.M)
    assert row and int(row.group(1)) >= 20, out
