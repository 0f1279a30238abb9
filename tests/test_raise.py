"""`raise <irq>` in both controller modes: the lines it offers are the ones the active
controller has, a line it cannot raise is explained, and a raise reports what each
handler returned and whether the delivery was counted as unhandled."""
import re

import pytest

APIC_LINES = "0-1,3-15"         # the MADT moves IRQ 0 to pin 2: no pin is left for IRQ 2
PIC_LINES = "0-15"


@pytest.fixture(scope="module")
def m(irqchip_machine):
    return irqchip_machine


def lines(m):
    return APIC_LINES if m.mode == "apic" else PIC_LINES


def interrupts(m):
    """/proc/interrupts' line rows: {irq: (count, names)}."""
    rows = {}
    for mm in re.finditer(r"^\s*(\d+):\s+(\d+)\s+\S+\s+\d+-\S+(.*)$",
                          m.command("cat /proc/interrupts"), re.M):
        rows[int(mm.group(1))] = (int(mm.group(2)), mm.group(3).strip())
    return rows


def test_help_and_usage_offer_the_controllers_lines(m):
    assert re.search(r"^  raise <irq %s>  +raise an interrupt" % lines(m), m.command("help"),
                     re.M)
    assert m.command("raise").strip() == "usage: raise <irq %s>" % lines(m)
    assert m.command("raise 40").strip() == "usage: raise <irq %s>" % lines(m)


@pytest.mark.parametrize("irq", [16, 17, 23])
def test_a_line_beyond_the_controller_is_explained(m, irq):
    out = m.command("raise %d" % irq).strip()
    if m.mode == "apic":
        assert out == ("raise: IRQ %d has no interrupt controller pin in APIC mode (IOAPIC "
                       "pins 16-23 carry PCI interrupt links; one gets its chip when a PCI "
                       "device routed to it is found: see /proc/pci_irq)" % irq)
    else:
        assert out == ("raise: IRQ %d does not exist in 8259 mode (the two 8259s have lines "
                       "0-15)" % irq)
    assert "-22" not in out


def test_irq2_in_apic_mode_is_the_pits_pin(m):
    out = m.command("raise 2").strip()
    if m.mode == "apic":
        assert out == ("raise: IRQ 2 has no interrupt controller pin in APIC mode (its pin, "
                       "IOAPIC pin 2, carries IRQ 0: an interrupt source override in the "
                       "ACPI MADT)")
    else:       # the cascade line: its no_action handler says IRQ_NONE
        assert re.search(r"^  cascade +returned IRQ_NONE ", out, re.M), out


def test_raise_11_says_the_device_had_nothing_pending(m):
    # The hello-interrupt module's handler: IRQ_NONE unless its read() raised the line.
    assert "init_hello_interrupt() major = " in m.command("insmod interrupt.ko")
    try:
        raise_11_with_lothars_device(m)
    finally:
        assert "cleanup_hello_interrupt() READY." in m.command("rmmod interrupt")


def raise_11_with_lothars_device(m):
    before = interrupts(m)[11][0]
    out = m.command("raise 11")
    unhandled = re.search(r"^  counted as unhandled: no handler claimed it \((\d+) unhandled "
                          r"since boot;", out, re.M)
    assert "raised IRQ 11: its count went %d -> %d\n" % (before, before + 1) in out
    assert re.search(r"^  lothars_device +returned IRQ_NONE \(no data pending on its device: "
                     r"raise only raises the line\)$", out, re.M), out
    assert unhandled, out
    again = m.command("raise 11")
    assert "(%d unhandled since boot;" % (int(unhandled.group(1)) + 1) in again, again


def test_raise_0_is_handled_by_the_timer(m):
    out = m.command("raise 0")
    assert re.search(r"^  timer +returned IRQ_HANDLED$", out, re.M), out
    assert re.search(r"^  counted as handled$", out, re.M), out


@pytest.mark.parametrize("irq", [3, 7])
def test_a_line_with_counts_but_no_handler_shows_in_proc_interrupts(m, irq):
    assert irq not in interrupts(m)
    out = m.command("raise %d" % irq)
    assert "no handler on this line: the interrupt stays pending, the line masked" in out
    assert interrupts(m)[irq] == (1, "")      # counted, the name column empty (as Linux)
