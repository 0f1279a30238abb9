"""Waiting on the guest's own events instead of the host's clock: its timer ticks, its
CPU reaching HLT, its reads of the keyboard's bytes. A test that sleeps on the host for
"long enough" fails when the host is loaded; these waits only take longer.

    wait_ticks(m, 10)                   # ten guest ticks have passed
    press_keys(m, ["e"], ["shift", "x"])  # typed, each key read by the guest
"""
import re
import time

from irqlab import MachineError, timeout_mult


def jiffies(m):
    """(jiffies, HZ) from the shell's `uptime`: the guest's own tick count."""
    out = m.command("uptime")
    r = re.search(r"\((\d+) jiffies at HZ=(\d+)\)", out)
    if not r:
        raise MachineError(m.report("no jiffies in uptime's answer: %r" % out))
    return int(r.group(1)), int(r.group(2))


def wait_ticks(m, n, timeout=10):
    """Waits until the guest's jiffies have moved on by n from now (read through the
    shell), and returns them: 'some timer ticks have happened' counted in the guest's
    ticks, so a slow or loaded host only makes the wait longer."""
    start, _ = jiffies(m)
    deadline = time.time() + timeout * timeout_mult()
    while True:
        now, _ = jiffies(m)
        if now - start >= n:
            return now
        if time.time() > deadline:
            raise MachineError(m.report("jiffies went from %d to %d, not on by %d"
                                        % (start, now, n)))


def wait_halted(m, timeout=10):
    """HMP `info registers` once the CPU sits in HLT (a panic or a halt prints its last
    line just before the HLT instruction), or as it is when timeout runs out."""
    deadline = time.time() + timeout * timeout_mult()
    while True:
        regs = m.hmp("info registers")
        if "HLT=1" in regs or time.time() > deadline:
            return regs
        time.sleep(0.02)


# -- typing on the PS/2 keyboard ------------------------------------------------------------
# qcodes whose set 1 scancode has the E0 prefix: two bytes (two interrupts) per event.
E0_KEYS = {"up", "down", "left", "right", "kp_enter", "kp_divide", "ctrl_r", "alt_r",
           "home", "end", "insert", "delete", "pgup", "pgdn"}
IRQ_STAT = re.compile(r"^\s*(\d+):\s+(\d+)$", re.M)


def scancode_bytes(combo):
    """Bytes the keyboard sends for one send-key combination: a make and a break per
    key, each two bytes for an E0 key."""
    return sum(2 * (2 if key in E0_KEYS else 1) for key in combo)


def irq_raises(m, irq):
    """How often QEMU's interrupt controller has seen line irq go up (HMP `info irq`,
    the first controller it lists; both count the same ISA lines)."""
    out = m.hmp("info irq").replace("\r", "")
    first = out.split("IRQ statistics for")[1] if "IRQ statistics for" in out else out
    counts = {int(i): int(n) for i, n in IRQ_STAT.findall(first)}
    return counts.get(irq, 0)


def press_keys(m, *combos, hold_ms=10, timeout=10):
    """send-key each combination in turn, the next one only after the guest has taken
    the bytes of the one before. QEMU's PS/2 keyboard queues 16 bytes and drops what
    comes on top, so keys sent at the host's pace are lost when the guest runs slowly
    (a loaded host). The i8042 raises IRQ 1 for a byte only once the guest has read the
    byte before it, so counting those raises (`info irq`) waits for the guest itself,
    whatever the speed of either side."""
    for combo in combos:
        want = irq_raises(m, 1) + scancode_bytes(combo)
        m.send_key(*combo, hold_ms=hold_ms)
        wait_irq_raises(m, 1, want, timeout)


def wait_irq_raises(m, irq, want, timeout=10):
    """Waits until QEMU has raised line irq want times since boot (irq_raises)."""
    deadline = time.time() + timeout * timeout_mult()
    while True:
        n = irq_raises(m, irq)
        if n >= want:
            return n
        if time.time() > deadline:
            raise MachineError(m.report("IRQ %d raised %d times, want %d: the guest has "
                                        "not read the keyboard's bytes" % (irq, n, want)))
        time.sleep(0.005)
