"""`demo shared-irq` in both interrupt-controller modes: two devices on IRQ 11, each
handler saying IRQ_HANDLED or IRQ_NONE, each device's own tasklet and work item; and keys
through the IOAPIC. (The notes' hello-interrupt module is tests/test_hello_interrupt.py.)"""
import re

import pytest


@pytest.fixture(scope="module")
def m(irqchip_machine):
    return irqchip_machine


def row11(m):
    out = m.command("cat /proc/interrupts")
    row = re.search(r"^\s*11:\s+(\d+)\s+(\S+)\s+(\d+-\S+)\s*(.*)$", out, re.M)
    assert row, out
    return int(row.group(1)), row.group(2), row.group(3), row.group(4).strip()


def test_demo_shared_irq(m):
    out = m.command("demo shared-irq")
    blocks = re.findall(r"shared_dev_a\s+IRQ_HANDLED (\d+) time\(s\)\n\s+shared_dev_b\s+"
                        r"IRQ_HANDLED (\d+) time\(s\)\n\s+line: (\d+) deliveries, (\d+) "
                        r"unhandled", out)
    assert len(blocks) == 4, out
    first = [tuple(map(int, b)) for b in blocks]
    base_a, base_b, base_n, base_u = first[0]
    assert (base_a, base_b) == (0, 0)
    # 1: device A claims; 2: device B claims; 3: nobody does.
    assert first[1] == (1, 0, base_n + 1, base_u)
    assert first[2] == (1, 1, base_n + 2, base_u)
    assert first[3] == (1, 1, base_n + 3, base_u + 1)
    # Each device has its own tasklet and work item, named after it: the second
    # device's interrupt is followed by its own bottom halves, not the first's.
    assert re.search(r"shared_dev_b: interrupt on IRQ 11: in_hardirq\(\)=1 "
                     r"irqs_disabled\(\)=1\n.*shared_dev_b: tasklet: in_interrupt\(\)=1 "
                     r"in_serving_softirq\(\)=1 in_hardirq\(\)=0\n.*"
                     r"shared_dev_b: work item: in kworker/\d+:\d+H?, in_interrupt\(\)=0 "
                     r"in_task\(\)=1\n", out), out
    assert out.count("shared_dev_a: tasklet:") == 1, out
    assert out.count("shared_dev_a: work item:") == 1, out
    assert "free_irq(11, dev_id) removed the two demo handlers; the others stay." in out
    assert "shared_dev" not in row11(m)[3]
    # The line's chip and flow are the controller's: level through the IOAPIC (MADT).
    if m.mode == "apic":
        assert row11(m)[1:3] == ("IO-APIC", "11-fasteoi")
    else:
        assert row11(m)[1:3] == ("XT-PIC", "11-edge")


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
