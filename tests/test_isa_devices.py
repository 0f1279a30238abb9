"""Real ISA devices raising real interrupts, in both controller modes (one boot each):
the PS/2 mouse on IRQ 12 (the slave 8259's IR4 under irqchip=pic), moved and clicked
through QMP input-send-event, every packet checked; the parallel port on IRQ 7, found by
probing (`short probe`), one interrupt per byte written, and under the 8259 a real IRQ 7
told apart from a spurious one."""
import re
import time

import pytest

from irqlab import Budget, MachineError, info_pic, isr_when_idle

PACKET = re.compile(r"^packet (\d+): ([0-9a-f]{2}) ([0-9a-f]{2}) ([0-9a-f]{2})  buttons "
                    r"([L-])([M-])([R-])  dx ([+-]\d+) dy ([+-]\d+)(  overflow)?$", re.M)
CHIP = {"apic": "IO-APIC", "pic": "XT-PIC"}
LEFT, RIGHT, MIDDLE = 1, 2, 4


def rel(axis, value):
    return {"type": "rel", "data": {"axis": axis, "value": value}}


def btn(button, down):
    return {"type": "btn", "data": {"down": down, "button": button}}


# What the test does with the mouse: QEMU sums the relative moves between two syncs (one
# input-send-event) and sends them in packets of at most 127 counts; QEMU's y grows
# downwards, the PS/2 mouse's upwards.
MOVES = [
    [rel("x", 10), rel("y", -5)],
    [btn("left", True)],
    [rel("x", 3)],                              # a drag
    [btn("left", False)],
    [btn("right", True)], [btn("right", False)],
    [btn("middle", True), rel("x", -300), rel("y", 200)],
    [btn("middle", False)],
]
SENT_X = 10 + 3 - 300
SENT_Y = -(-5 + 200)
BUTTON_STATES = [0, LEFT, 0, RIGHT, 0, MIDDLE, 0]


def irq_row(m, irq):
    out = m.command("cat /proc/interrupts")
    row = re.search(r"^\s*%d:\s+([\d\s]+?)\s+(\S+)\s+%d-edge\s+(.*)$" % (irq, irq), out, re.M)
    assert row, "no IRQ %d row in:\n%s" % (irq, out)
    return sum(int(n) for n in row.group(1).split()), row.group(2), row.group(3).strip()


def read_packets(m):
    """Every packet /dev/input/mice shows, its raw bytes checked against its fields."""
    out = m.command("cat /dev/input/mice")
    assert "overwritten" not in out, out
    packets = []
    for p in PACKET.finditer(out):
        b0, b1, b2 = (int(p.group(i), 16) for i in (2, 3, 4))
        buttons = (LEFT if p.group(5) == "L" else 0) | (MIDDLE if p.group(6) == "M" else 0) \
            | (RIGHT if p.group(7) == "R" else 0)
        dx, dy = int(p.group(8)), int(p.group(9))
        assert b0 & 0x08, "bit 3 clear in a packet's first byte: " + p.group(0)
        assert buttons == b0 & 7, p.group(0)
        assert dx == b1 - (256 if b0 & 0x10 else 0), p.group(0)
        assert dy == b2 - (256 if b0 & 0x20 else 0), p.group(0)
        assert not p.group(10), "overflow: " + p.group(0)
        packets.append((int(p.group(1)), buttons, dx, dy))
    return packets


BUTTON = {"left": LEFT, "right": RIGHT, "middle": MIDDLE}


def move_and_collect(m, moves, want_x, want_y):
    """Sends moves one input-send-event at a time and reads packets until each has
    arrived (or the timeout says some were lost). One at a time: QEMU's mouse queue holds
    a few packets, and a button pressed and released while it is full would never be
    seen; so the next event goes only once the guest has read the last one's packets."""
    packets = []
    x = y = buttons = 0
    for events in moves:
        m.qmp("input-send-event", events=events)
        for e in events:
            if e["type"] == "rel":
                if e["data"]["axis"] == "x":
                    x += e["data"]["value"]
                else:
                    y -= e["data"]["value"]         # QEMU's y grows downwards
            elif e["data"]["down"]:
                buttons |= BUTTON[e["data"]["button"]]
            else:
                buttons &= ~BUTTON[e["data"]["button"]]
        budget = Budget(m, 10)
        while True:
            packets += read_packets(m)
            if (sum(p[2] for p in packets), sum(p[3] for p in packets)) == (x, y) \
                    and packets and packets[-1][1] == buttons:
                break
            if budget.spent():
                raise MachineError(m.report("packets sum to %r with buttons %r, want %r "
                                            "and %r: %r" % (
                                                (sum(p[2] for p in packets),
                                                 sum(p[3] for p in packets)),
                                                packets[-1][1] if packets else None,
                                                (x, y), buttons, packets)))
            time.sleep(0.05)
    assert (x, y) == (want_x, want_y)
    return packets


def mouse_status(m):
    out = m.command("mouse")
    nums = dict(re.findall(r"(packets|overflows|out of sync|resyncs|bytes lost)\s+(\d+)", out))
    pos = re.search(r"x ([+-]\d+) y ([+-]\d+)", out)
    presses = re.search(r"presses L (\d+) M (\d+) R (\d+)", out)
    assert pos and presses and len(nums) == 5, out
    return {k: int(v) for k, v in nums.items()}, (int(pos.group(1)), int(pos.group(2))), \
        tuple(int(n) for n in presses.groups())


def test_mouse_on_irq12_beside_keyboard(irqchip_machine):
    m = irqchip_machine
    _, chip, names = irq_row(m, 12)
    assert (chip, names) == (CHIP[m.mode], "i8042")
    _, chip, names = irq_row(m, 1)
    assert (chip, names) == (CHIP[m.mode], "i8042")


def test_mouse_every_packet(irqchip_machine):
    m = irqchip_machine
    before, pos0, presses0 = mouse_status(m)
    irqs0 = irq_row(m, 12)[0]
    packets = move_and_collect(m, MOVES, SENT_X, SENT_Y)

    numbers = [p[0] for p in packets]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), numbers
    states = [0] + [p[1] for p in packets]
    transitions = [s for i, s in enumerate(states) if i == 0 or s != states[i - 1]]
    assert transitions == BUTTON_STATES, packets
    assert all(abs(p[2]) <= 127 and abs(p[3]) <= 127 for p in packets), packets

    after, pos, presses = mouse_status(m)
    assert after["packets"] - before["packets"] == len(packets)
    assert pos == (pos0[0] + SENT_X, pos0[1] + SENT_Y)
    assert presses == tuple(n + 1 for n in presses0)
    for k in ("overflows", "out of sync", "resyncs", "bytes lost"):
        assert after[k] == before[k] == 0, (k, after)
    # One interrupt per byte, three bytes a packet, none lost.
    assert irq_row(m, 12)[0] - irqs0 == 3 * len(packets)


def test_mouse_shared_irq12_sees_every_interrupt(irqchip_machine):
    m = irqchip_machine
    out = m.command("demo shared-mouse start")
    assert "joined IRQ 12" in out, out
    _, _, names = irq_row(m, 12)
    assert names == "i8042, shared_mouse"
    packets = move_and_collect(m, [[rel("x", 7)], [btn("left", True)], [btn("left", False)]],
                               7, 0)
    out = m.command("demo shared-mouse stop")
    seen = re.search(r"shared_mouse saw (\d+) interrupts", out)
    both = re.search(r"i8042 handled (\d+), IRQ 12 delivered (\d+)", out)
    assert seen and both, out
    assert int(seen.group(1)) == int(both.group(1)) == int(both.group(2)) == 3 * len(packets)
    assert irq_row(m, 12)[2] == "i8042"


def test_mouse_is_a_slave_8259_line(irqchip_machine):
    """Under the 8259 IRQ 12 is the slave's IR4, reaching the CPU through the master's
    IR2: both open in QEMU's own view, and both ISRs clear after the mouse's interrupts
    (each got its EOI)."""
    m = irqchip_machine
    if m.mode != "pic":
        pytest.skip("the 8259s are masked under irqchip=apic")
    chips = info_pic(m)
    assert chips["slave"]["imr"] & (1 << 4) == 0
    assert chips["master"]["imr"] & (1 << 2) == 0
    assert chips["slave"]["irq_base"] == 0x28
    move_and_collect(m, [[rel("x", 1)]], 1, 0)
    assert isr_when_idle(m) == (0, 0)


def spurious_irq7(m):
    out = m.command("cat /proc/i8259")
    n = re.search(r"spurious IRQ 7: (\d+)", out)
    assert n, out
    return int(n.group(1))


def spu_row(m):
    out = m.command("cat /proc/interrupts")
    n = re.search(r"^\s*SPU:\s+([\d\s]+?)\s+Spurious interrupts$", out, re.M)
    assert n, out
    return sum(int(x) for x in n.group(1).split())


def test_short_probe_finds_irq7(irqchip_machine):
    m = irqchip_machine
    out = m.command("short probe")
    mask = re.search(r"probe_irq_on\(\) = 0x([0-9a-f]+), probe_irq_off\(\) = 7", out)
    assert mask and int(mask.group(1), 16) & (1 << 7), out
    assert not int(mask.group(1), 16) & 0b11, "lines with a driver (timer, i8042) probed"
    assert "short: probe found IRQ 7, do-it-yourself found IRQ 7" in out


def test_short_write_one_interrupt_per_byte(irqchip_machine):
    m = irqchip_machine
    m.command("short write x")          # short holds IRQ 7 from here: its row appears
    before, chip, names = irq_row(m, 7)
    assert (chip, names) == (CHIP[m.mode], "short")
    out = m.command("short write hello world")
    assert "wrote 12 bytes to 0x378, IRQ 7 came 12 times" in out, out
    assert irq_row(m, 7)[0] - before == 12


def test_real_and_spurious_irq7_told_apart(irqchip_machine):
    """The real one (the port's ACK) is IRQ 7's and runs the handler; the spurious one
    (INT 0x27 with the master's ISR bit 7 clear) is counted in SPU and /proc/i8259 only."""
    m = irqchip_machine
    if m.mode != "pic":
        pytest.skip("spurious IRQ 7 is the 8259's")
    m.command("short write x")
    irq7, spu, pic7 = irq_row(m, 7)[0], spu_row(m), spurious_irq7(m)
    out = m.command("short spurious")
    assert "real:     the port's ACK; short_interrupt ran 1 time(s)" in out, out
    assert "ISR bit 7 clear; short_interrupt ran 0 time(s)" in out, out
    assert irq_row(m, 7)[0] - irq7 == 1
    assert spu_row(m) - spu == 1
    assert spurious_irq7(m) - pic7 == 1
