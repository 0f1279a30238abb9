"""Interrupt affinity from the shell, as the course notes use it: /proc/irq/N/smp_affinity
and its siblings, `echo MASK > file`, bash's refusals, and QEMU's own view of the IOAPIC
(HMP `info pic`: each pin's dest) agreeing with /proc/irq/N/effective_affinity. The move
at a line's next interrupt, with real interrupts on CPU1, is the irq_affinity KTAP suite
(run with two CPUs by conftest.py's gcc-smp2 boot)."""
import re
import time

import pytest

from irqlab import booted

MACHINE = dict(smp=2)
PIN = re.compile(r"^\s*pin\s+(\d+)\s+0x[0-9a-f]+\s+dest=(\d+)\s", re.M)


def ioapic_pins(m):
    """{irq: pin} from /proc/ioapic's table."""
    out = m.command("cat /proc/ioapic")
    return {int(irq): int(pin) for pin, irq in
            re.findall(r"^\s+(\d+)\s+(\d+)\s+0x", out, re.M)}


def qemu_dest(m):
    """{pin: dest APIC ID} as QEMU's IOAPIC holds it."""
    return {int(pin): int(dest) for pin, dest in PIN.findall(m.hmp("info pic"))}


def cat(m, path):
    return m.command("cat " + path).strip()


def test_files_read_as_linux_prints_them(m):
    assert cat(m, "/proc/irq/1/smp_affinity") == "3"             # 2 CPUs: one digit
    assert cat(m, "/proc/irq/1/smp_affinity_list") == "0-1"
    assert cat(m, "/proc/irq/1/effective_affinity") == "1"       # the boot CPU
    assert cat(m, "/proc/irq/1/effective_affinity_list") == "0"
    assert cat(m, "/proc/irq/default_smp_affinity") == "3"


def test_cat_lists_the_lines_that_exist(m):
    out = m.command("cat /proc/irq/nope")
    files = out.split("Files:")[1].split()
    for f in ("/proc/irq/default_smp_affinity", "/proc/irq/1/smp_affinity",
              "/proc/irq/1/smp_affinity_list", "/proc/irq/1/effective_affinity",
              "/proc/irq/1/effective_affinity_list", "/proc/irq/15/smp_affinity"):
        assert f in files, out
    # IRQ 2 is the 8259 cascade, no IOAPIC pin carries it; 16-23 have no chip.
    assert not [f for f in files if re.match(r"/proc/irq/(2|1[6-9]|2[0-3])/", f)], out


def test_echo_moves_an_unused_line_at_once(m):
    pins = ioapic_pins(m)
    assert m.command("echo 2 > /proc/irq/8/smp_affinity") == ""
    assert cat(m, "/proc/irq/8/smp_affinity") == "2"
    assert cat(m, "/proc/irq/8/effective_affinity") == "2"
    assert qemu_dest(m)[pins[8]] == 1
    # The notes' spelling, with the file against the '>'.
    assert m.command("echo 1 >/proc/irq/8/smp_affinity") == ""
    assert cat(m, "/proc/irq/8/effective_affinity_list") == "0"
    assert qemu_dest(m)[pins[8]] == 0
    assert m.command("echo 1 > /proc/irq/8/smp_affinity_list") == ""
    assert cat(m, "/proc/irq/8/smp_affinity") == "2"
    assert qemu_dest(m)[pins[8]] == 1


@pytest.mark.parametrize("line,says", [
    ("echo 0 > /proc/irq/8/smp_affinity", "sh: echo: write error: Invalid argument"),
    ("echo 4 > /proc/irq/8/smp_affinity", "sh: echo: write error: Invalid argument"),
    ("echo xyz > /proc/irq/8/smp_affinity", "sh: echo: write error: Invalid argument"),
    ("echo 100 > /proc/irq/8/smp_affinity",
     "sh: echo: write error: Value too large for defined data type"),
    ("echo 5 > /proc/irq/8/smp_affinity_list",
     "sh: echo: write error: Invalid argument"),         # CPU 5 of 8 is not online
    ("echo 9 > /proc/irq/8/smp_affinity_list",
     "sh: echo: write error: Numerical result out of range"),
    ("echo 1 > /proc/interrupts", "sh: /proc/interrupts: Permission denied"),
    ("echo 1 > /proc/irq/8/effective_affinity",
     "sh: /proc/irq/8/effective_affinity: Permission denied"),
    ("echo 1 > /proc/irq/2/smp_affinity",
     "sh: /proc/irq/2/smp_affinity: No such file or directory"),
    ("echo 1 >", "sh: syntax error near unexpected token `newline'"),
])
def test_refusals_say_so_and_change_nothing(m, line, says):
    before = cat(m, "/proc/irq/8/smp_affinity"), cat(m, "/proc/irq/8/effective_affinity")
    assert m.command(line).strip() == says
    assert (cat(m, "/proc/irq/8/smp_affinity"), cat(m, "/proc/irq/8/effective_affinity")) \
        == before


def test_every_pin_goes_where_effective_affinity_says(m):
    """QEMU's dest field of each line's pin is the APIC ID of its effective CPU (on QEMU,
    CPU n has APIC ID n, as /proc/cpuinfo shows)."""
    assert re.findall(r"^apicid\t\t: (\d+)$", m.command("cat /proc/cpuinfo"), re.M) \
        == ["0", "1"]
    m.command("echo 2 > /proc/irq/3/smp_affinity")
    pins, dest = ioapic_pins(m), qemu_dest(m)
    assert dest[pins[3]] == 1
    for irq, pin in pins.items():
        assert dest[pin] == int(cat(m, "/proc/irq/%d/effective_affinity_list" % irq)), irq


def test_line_in_use_moves_only_at_its_next_interrupt(m):
    """IRQ 1 has the keyboard: the new mask shows at once, the pin keeps CPU0 until a key
    comes (none is typed here: see the test below)."""
    pins = ioapic_pins(m)
    assert m.command("echo 2 > /proc/irq/1/smp_affinity") == ""
    assert cat(m, "/proc/irq/1/smp_affinity") == "2"
    assert cat(m, "/proc/irq/1/effective_affinity") == "1"
    assert qemu_dest(m)[pins[1]] == 0


def test_8259_lines_cannot_move():
    with booted(cmdline="irqchip=pic", smp=2) as pic:
        assert cat(pic, "/proc/irq/1/smp_affinity") == "1"      # one CPU in 8259 mode
        assert pic.command("echo 1 > /proc/irq/1/smp_affinity").strip() == \
            "sh: echo: write error: Input/output error"
        assert cat(pic, "/proc/irq/1/effective_affinity") == "1"


def irq1_counts(m):
    row = re.search(r"^\s+1:\s+(\d+)\s+(\d+)\s+IO-APIC", m.command("cat /proc/interrupts"),
                    re.M)
    return int(row.group(1)), int(row.group(2))


KEYS = 5


def test_keyboard_counted_on_cpu1_after_echo_2():
    with booted(smp=2) as k:
        assert k.command("echo 2 > /proc/irq/1/smp_affinity") == ""
        cpu0, cpu1 = irq1_counts(k)
        for _ in range(KEYS):
            k.send_key("a")
            time.sleep(0.05)
        k.type_raw("\r")          # the typed a's reach the shell's line: run them away
        # make and break per key; wait on the guest's clock for them to be counted
        for _ in range(40):
            now0, now1 = irq1_counts(k)
            if now0 + now1 >= cpu0 + cpu1 + 2 * KEYS:
                break
            k.command("sleep 50")
        assert "Kernel panic" not in k.out, k.out[-3000:]
        assert "unknown command: " + "a" * KEYS in k.out    # decoded by CPU1's tasklet
        # The first interrupt after the echo makes the move, on CPU0; the rest are CPU1's.
        assert now0 == cpu0 + 1, (now0, now1)
        assert now1 >= cpu1 + 2 * KEYS - 1, (now0, now1)


def msi_counts(m, irq):
    row = re.search(r"^\s*%d:\s+(\d+)\s+(\d+)\s+PCI-MSI" % irq,
                    m.command("cat /proc/interrupts"), re.M)
    return int(row.group(1)), int(row.group(2))


def test_msi_line_moves_to_cpu1():
    """An MSI moves by a new Message Address, at its next interrupt as an IOAPIC line."""
    with booted(smp=2, extra_args=["-device", "edu,addr=4"]) as e:
        irq = int(re.search(r"IRQ (\d+) ", e.command("cat /dev/edu0")).group(1))
        assert "PCI-MSI" in e.command("cat /dev/edu0")
        assert e.command("echo 2 > /proc/irq/%d/smp_affinity" % irq) == ""
        cpu0, cpu1 = msi_counts(e, irq)
        for n in range(4):
            assert "edu0: 5! = 120" in e.command("edu fact 5")
        assert cat(e, "/proc/irq/%d/effective_affinity_list" % irq) == "1"
        assert msi_counts(e, irq) == (cpu0 + 1, cpu1 + 3)


def intx_counts(m, irq):
    row = re.search(r"^\s*%d:\s+(\d+)\s+(\d+)\s+IO-APIC\s+%d-fasteoi\s+edu" % (irq, irq),
                    m.command("cat /proc/interrupts"), re.M)
    assert row, m.command("cat /proc/interrupts")
    return int(row.group(1)), int(row.group(2))


def test_intx_line_moves_to_cpu1():
    """With MSI off (nomsi) edu interrupts through its INTx pin, a level-triggered IOAPIC
    line: echo 2 moves it to CPU1 as well, through the IOAPIC entry's destination."""
    with booted(smp=2, cmdline="nomsi", extra_args=["-device", "edu,addr=4"]) as e:
        irq = int(re.search(r"IRQ (\d+) \(INTx\)", e.command("cat /dev/edu0")).group(1))
        assert e.command("echo 2 > /proc/irq/%d/smp_affinity" % irq) == ""
        cpu0, cpu1 = intx_counts(e, irq)
        for n in range(4):
            assert "edu0: 5! = 120" in e.command("edu fact 5")
        assert cat(e, "/proc/irq/%d/effective_affinity_list" % irq) == "1"
        assert qemu_dest(e)[ioapic_pins(e)[irq]] == 1     # QEMU's IOAPIC agrees
        # The first interrupt after the echo is still delivered to CPU0: the entry is
        # rewritten while the line is handled (the same rule as for edge lines).
        assert intx_counts(e, irq) == (cpu0 + 1, cpu1 + 3)
