"""Helpers for the labs' scenario checks (tests/labs/labN.py): typing through QMP and
reading QEMU's own view of the interrupt controllers. A check gets a booted Machine
(tests/irqlab.py) and raises AssertionError, with what it saw, when the kernel is wrong."""
import re
import time

from irqlab import PROMPT, info_pic, isr_when_idle, timeout_mult

HOLD_MS = 10
GAP = 0.03              # keys sent 20 ms or more apart all arrive, in order (measured here)
QCODE = {" ": "spc", "\r": "ret", "!": ("shift", "1"), "-": "minus", ".": "dot"}

QEMU_PIN = re.compile(r"pin (\d+)\s+0x([0-9a-f]{16})")
IRQ_ROW = re.compile(r"^\s*(\d+):\s+(\d+)\s+(\S+)\s+(\d+)-(\S+)\s+(.*)$", re.M)

# IOAPIC redirection entry bits (82093AA datasheet, "IOREDTBL"), as QEMU prints them raw.
RTE_VECTOR = 0xff
RTE_POLARITY_LOW = 1 << 13
RTE_LEVEL = 1 << 15
RTE_MASKED = 1 << 16


def type_text(m, text):
    """Types text on the PS/2 keyboard through QMP send-key (US layout: letters, digits
    and the few symbols in QCODE; capitals with Shift)."""
    for ch in text:
        if ch.isupper():
            keys = ("shift", ch.lower())
        elif ch in QCODE:
            keys = QCODE[ch] if isinstance(QCODE[ch], tuple) else (QCODE[ch],)
        else:
            assert ch.isalnum(), "no qcode for %r" % ch
            keys = (ch,)
        m.send_key(*keys, hold_ms=HOLD_MS)
        time.sleep(GAP)


def type_line(m, line, expect, timeout=5):
    """Types line and Enter on the keyboard; waits for expect and the next prompt."""
    start = len(m.out)
    type_text(m, line + "\r")
    # The shell echoes each key as it comes: silence after the last one means the keys
    # went nowhere, and there is no point waiting the whole timeout for them.
    deadline = time.time() + 2 * timeout_mult()
    while len(m.out) == start and time.time() < deadline:
        time.sleep(0.05)
    try:
        return m.wait_for(expect + "\n" + PROMPT, timeout=timeout if len(m.out) > start else 0)
    except AssertionError:
        seen = m.out[m.cursor:][-400:]
        raise AssertionError("typed %r on the keyboard: the shell did not answer %r; the "
                             "console shows:\n%s" % (line, expect, seen)) from None


def ioapic_pins(m):
    """{pin: raw 64-bit redirection entry} as QEMU holds them."""
    info = m.hmp("info pic")
    pins = {int(p): int(v, 16) for p, v in QEMU_PIN.findall(info)}
    assert pins, "no IOAPIC pins in QEMU's info pic:\n" + info
    return pins


def proc_interrupts(m):
    """/proc/interrupts rows: {irq: (count, chip, pin, flow, handlers)}."""
    out = m.command("cat /proc/interrupts")
    return {int(irq): (int(n), chip, int(pin), flow, names.strip())
            for irq, n, chip, pin, flow, names in IRQ_ROW.findall(out)}


def softirq_count(m, name):
    """The CPU0 count of one /proc/softirqs row."""
    out = m.command("cat /proc/softirqs")
    row = re.search(r"^\s*%s:\s+(\d+)" % re.escape(name), out, re.M)
    assert row, "no %s row in /proc/softirqs:\n%s" % (name, out)
    return int(row.group(1))


# With -smp N, /proc/interrupts and /proc/softirqs have one count column per CPU.
IRQ_ROW_CPUS = re.compile(r"^\s*(\d+):((?:\s+\d+)+)\s+([A-Za-z]\S*)\s+(\d+)-(\S+)\s+(.*)$", re.M)
RTE_DEST_SHIFT = 56     # 82093AA IOREDTBL bits 63:56, the destination field


def proc_interrupts_cpus(m):
    """/proc/interrupts rows on any number of CPUs: {irq: [count on CPU0, CPU1, ...]}."""
    out = m.command("cat /proc/interrupts")
    return {int(row[0]): [int(n) for n in row[1].split()] for row in IRQ_ROW_CPUS.findall(out)}


def softirq_counts(m, name):
    """One /proc/softirqs row: [count on CPU0, CPU1, ...]."""
    out = m.command("cat /proc/softirqs")
    row = re.search(r"^\s*%s:((?:\s+\d+)+)\s*$" % re.escape(name), out, re.M)
    assert row, "no %s row in /proc/softirqs:\n%s" % (name, out)
    return [int(n) for n in row.group(1).split()]
