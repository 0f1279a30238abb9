"""The two interrupt controllers from the outside: irqlab's choice of mode on each machine
QEMU offers, what it reports (/proc/interrupts, /proc/ioapic, dmesg), and what QEMU says
was really programmed (`info pic`, `info lapic`)."""
import re

import pytest

from irqlab import PROMPT, booted

APIC_LINE = "irqchip: using the IO-APIC and the local APIC"
PIC_LINE = "irqchip: using the 8259 PIC (XT-PIC): "
NO_LAPIC = "no local APIC (CPUID.01h:EDX[9] is 0)"
NO_RSDP = "no ACPI tables (no RSDP)"

ROW = re.compile(r"^\s*(\d+):\s+(\d+)\s+(\S+)\s+(\d+)-(\S+)\s+(.*)$")
ARCH_ROW = re.compile(r"^\s*([A-Z]{3}):\s+(\d+)")
PIN = re.compile(r"^\s*(\d+)\s+(\d+|-)\s+0x([0-9a-f]+)\s+(edge|level)\s+(high|low)\s+"
                 r"(masked|unmasked)\s+(\d+)", re.M)
QEMU_PIN = re.compile(r"pin (\d+)\s+0x([0-9a-f]{16})")
QEMU_8259 = re.compile(r"pic(\d): irr=\w+ imr=(\w+)")


def interrupts(m):
    """/proc/interrupts as {irq: (count, chip, hwirq, flow, actions)} and {LOC: n, ...}."""
    lines, arch = {}, {}
    for line in m.command("cat /proc/interrupts").splitlines():
        r = ROW.match(line)
        if r:
            lines[int(r.group(1))] = (int(r.group(2)), r.group(3), int(r.group(4)),
                                      r.group(5), r.group(6).strip())
            continue
        r = ARCH_ROW.match(line)
        if r:
            arch[r.group(1)] = int(r.group(2))
    return lines, arch


def jiffies(m):
    out = m.command("uptime")
    r = re.search(r"\((\d+) jiffies at HZ=(\d+)\)", out)
    assert r, out
    return int(r.group(1)), int(r.group(2))


def measure_tick(m, wait_ms):
    """(outer, (LOC, IRQ 0), inner) around a wait of wait_ms on the guest's own clock:
    the LOC and IRQ 0 counts over a window that holds the jiffies window `inner` and is
    held by the jiffies window `outer`. Ticks go on while each console command runs;
    nested windows keep every comparison exact, however long that takes. No host clock
    is read: a loaded host only makes the windows longer."""
    ja, _ = jiffies(m)
    la, aa = interrupts(m)
    jb, hz = jiffies(m)
    m.write("sleep %d\r" % wait_ms)               # prints nothing: the prompt follows
    m.wait_for("sleep %d\n" % wait_ms)
    m.wait_for(PROMPT)
    jc, _ = jiffies(m)
    lb, ab = interrupts(m)
    jd, _ = jiffies(m)
    counts = (ab["LOC"] - aa["LOC"], lb[0][0] - la[0][0])
    # [ja, jd] holds the (LOC, IRQ 0) window, which holds [jb, jc].
    return jd - ja, counts, jc - jb, hz


def assert_the_tick_is(m, source, wait_ms):
    """Every jiffy came from source ("LOC" or "IRQ 0"), none from the other."""
    outer, (loc, irq0), inner, hz = measure_tick(m, wait_ms)
    ticks, other = (loc, irq0) if source == "LOC" else (irq0, loc)
    assert inner >= wait_ms * hz // 1000 > 0, (inner, wait_ms)   # the guest did wait
    assert inner <= ticks <= outer, "%s: %d, jiffies %d..%d" % (source, ticks, inner, outer)
    assert other == 0, "the other timer ticks too: %d" % other


# --- APIC mode: QEMU's pc machine, defaults (the fixture m, tests/conftest.py) -----------
def test_apic_mode_chosen_and_proc_interrupts(m):
    assert APIC_LINE in m.out, m.out[-3000:]
    lines, arch = interrupts(m)
    assert {"LOC", "SPU", "ERR"} <= set(arch), arch
    for irq, (_n, chip, _hw, flow, _names) in lines.items():
        assert chip == "IO-APIC", (irq, lines[irq])
        assert flow in ("edge", "fasteoi")
    # Linux's rows: the PIT on pin 2 through the MADT override; no 8259 cascade line.
    assert lines[0][1:] == ("IO-APIC", 2, "edge", "timer"), lines[0]
    assert lines[4][1:] == ("IO-APIC", 4, "edge", "serial"), lines[4]
    assert 2 not in lines
    assert lines[0][0] > 0, "IRQ 0 never came through the IOAPIC (check_timer)"


def test_apic_qemu_sees_what_irqlab_programmed(m):
    """Every IOAPIC pin as QEMU holds it equals irqlab's read-back; a pin is unmasked
    exactly when its line has a handler; both 8259s are fully masked."""
    pins = {int(p[0]): p for p in PIN.findall(m.command("cat /proc/ioapic"))}
    assert len(pins) >= 24, pins
    lines, _ = interrupts(m)
    requested_pins = {hw for (_n, _c, hw, _f, _a) in lines.values()}
    info = m.hmp("info pic")

    qemu = {int(p): int(v, 16) for p, v in QEMU_PIN.findall(info)}
    assert set(qemu) == set(pins), info
    for pin, (_p, irq, vec, trig, pol, mask, dest) in pins.items():
        raw = qemu[pin]
        assert raw & 0xff == int(vec, 16), (pin, hex(raw))
        assert bool(raw >> 15 & 1) == (trig == "level"), (pin, hex(raw))
        assert bool(raw >> 13 & 1) == (pol == "low"), (pin, hex(raw))
        assert bool(raw >> 16 & 1) == (mask == "masked"), (pin, hex(raw))
        assert raw >> 56 == int(dest), (pin, hex(raw))
        assert (mask == "unmasked") == (pin in requested_pins), (pin, lines)

    # IRQ 0 -> pin 2 with the vector the boot log announced.
    r = re.search(r"IOAPIC: IRQ 0 -> pin (\d+), vector 0x([0-9a-f]+), edge, active high",
                  m.out)
    assert r, m.out[-3000:]
    pin, vec = int(r.group(1)), int(r.group(2), 16)
    assert pins[pin][1] == "0" and qemu[pin] & 0xff == vec and not qemu[pin] >> 16 & 1
    # The keyboard's line, once a driver has it: QEMU pin 1 unmasked on irqlab's vector.
    if 1 in lines:
        assert pins[1][1] == "1" and not qemu[1] >> 16 & 1
        assert qemu[1] & 0xff == int(pins[1][2], 16)

    imr = dict(QEMU_8259.findall(info))
    assert imr == {"0": "ff", "1": "ff"}, info


def test_apic_qemu_lapic_state(m):
    info = m.hmp("info lapic")
    r = re.search(r"periodic on vector 0x([0-9a-f]+) is the tick", m.out)
    assert r, m.out[-3000:]
    lvtt = int(re.search(r"LVTT\s+0x([0-9a-f]+)", info).group(1), 16)
    assert lvtt & 0xff == int(r.group(1), 16), info
    assert lvtt >> 17 & 3 == 1 and not lvtt >> 16 & 1, info       # periodic, unmasked
    r = re.search(r"enabled, spurious vector 0x([0-9a-f]+)", m.out)
    spiv = int(re.search(r"SPIV\s+0x([0-9a-f]+)", info).group(1), 16)
    assert spiv & 0x100 and spiv & 0xff == int(r.group(1), 16), info
    lvt0 = int(re.search(r"LVT0\s+0x([0-9a-f]+)", info).group(1), 16)
    assert lvt0 >> 16 & 1, "LINT0 (the 8259's INTR) must be masked:\n" + info


def test_apic_local_timer_is_the_tick(m):
    assert_the_tick_is(m, "LOC", 500)
    # How long a tick lasts, from QEMU's own view of the timer: its LAPIC counts at
    # 1 GHz ahead of the divider, so the initial count times the divider is the period
    # in ns. Calibrated against the PIT, both on QEMU's virtual clock: exact to 0.01%
    # on any host; a wrong divider would be 2x or 16x off.
    info = m.hmp("info lapic")
    r = re.search(r"Timer\s+DCR=0x[0-9a-f]+ \(divide by (\d+)\) initial_count = (\d+)", info)
    assert r, info
    period_ns, tick_ns = int(r.group(1)) * int(r.group(2)), 10**9 // jiffies(m)[1]
    assert abs(period_ns - tick_ns) <= tick_ns // 1000, info


# --- PIC mode and the fallbacks ----------------------------------------------------------
def check_pic_mode(m, reasons, wait_ms=300):
    assert PIC_LINE in m.out, m.out[-3000:]
    said = m.out[m.out.index(PIC_LINE):].splitlines()[0]
    for reason in reasons:
        assert reason in said, said
    lines, arch = interrupts(m)
    assert lines[0][1:] == ("XT-PIC", 0, "edge", "timer"), lines
    assert lines[2][1:] == ("XT-PIC", 2, "edge", "cascade"), lines
    assert all(chip == "XT-PIC" for (_n, chip, _h, _f, _a) in lines.values()), lines
    assert arch["LOC"] == 0
    assert_the_tick_is(m, "IRQ 0", wait_ms)


def test_pic_mode_on_request():
    with booted(cmdline="irqchip=pic") as m:
        check_pic_mode(m, ["irqchip=pic on the command line"])
        info = m.hmp("info pic")
        imr = dict(QEMU_8259.findall(info))
        assert int(imr["0"], 16) & 0x15 == 0, info          # timer, cascade, serial open
        assert all(int(v, 16) >> 16 & 1 for _p, v in QEMU_PIN.findall(info)), info
        assert "no IOAPIC in use" in m.command("cat /proc/ioapic")


@pytest.mark.parametrize("kw,reasons,absent", [
    (dict(cpu="486"), [NO_LAPIC], [NO_RSDP]),
    (dict(machine="isapc"), [NO_LAPIC, NO_RSDP], []),
    (dict(machine="pc,acpi=off"), [NO_RSDP], [NO_LAPIC]),
], ids=["cpu-486", "isapc", "pc-acpi-off"])
def test_fallback_to_8259(kw, reasons, absent):
    with booted(**kw) as m:
        check_pic_mode(m, reasons)
        said = m.out[m.out.index(PIC_LINE):].splitlines()[0]
        for reason in absent:
            assert reason not in said, said


def test_q35_uses_the_apic():
    with booted(machine="q35") as m:
        assert APIC_LINE in m.out, m.out[-3000:]
        lines, _ = interrupts(m)
        assert lines[0][1:] == ("IO-APIC", 2, "edge", "timer"), lines
        assert dict(QEMU_8259.findall(m.hmp("info pic"))) == {"0": "ff", "1": "ff"}
        assert_the_tick_is(m, "LOC", 300)
