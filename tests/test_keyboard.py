"""The PS/2 keyboard end to end: keys typed with QMP send-key after the kernel is ready
reach the shell through IRQ 1, the i8042 queue and the decoder; /proc/interrupts counts
one interrupt per scancode byte."""
import re
import time

from guest_events import irq_raises, press_keys, scancode_bytes, wait_irq_raises
from irqlab import PROMPT, Machine, info_pic, isr_when_idle

QCODE = {" ": "spc", "\r": "ret", "/": "slash", ".": "dot", "-": "minus"}
IRQ1_ROW = re.compile(r"^\s*1:\s+(\d+)\s+XT-PIC\s+1-edge\s+i8042$", re.M)
MACHINE = dict(cmdline="irqchip=pic")     # fixture m: the XT-PIC row and info pic below
AHEAD = 4               # the key storm's keys in flight: 8 bytes, half QEMU's PS/2 queue


def combos_for(text):
    """The send-key combinations that type text on a US keyboard (letters, digits, and
    the few symbols in QCODE)."""
    combos = []
    for ch in text:
        if ch.isupper():
            combos.append(["shift", ch.lower()])
        elif ch in QCODE:
            combos.append([QCODE[ch]])
        else:
            assert ch.isalnum(), "no qcode for %r" % ch
            combos.append([ch])
    return combos


def press(m, *combos):
    """Types the combos, each once the guest has read the bytes of the one before."""
    press_keys(m, *combos)


def scancodes(combos):
    """Bytes the keyboard sends for combos: a make and a break per key."""
    return sum(scancode_bytes(combo) for combo in combos)


def irq1_count(m):
    out = m.command("cat /proc/interrupts")
    row = IRQ1_ROW.search(out)
    assert row, "no '1: N XT-PIC 1-edge i8042' row in:\n" + out
    return int(row.group(1))


def irq1_count_settled(m, expected, timeout=3.0):
    """The IRQ 1 count once it reaches expected (the last break codes may still be on
    their way when the shell has answered), or whatever it is at the timeout."""
    deadline = time.time() + timeout
    while True:
        n = irq1_count(m)
        if n >= expected or time.time() > deadline:
            return n
        time.sleep(0.05)


def run_typed(m, text_combos, output):
    """Types the combos, then waits for output and the next prompt; returns what the
    shell printed from the typing on."""
    press(m, *text_combos)
    return m.wait_for(output + "\n" + PROMPT, timeout=10)


def test_typed_line_with_shift_runs(m):
    out = run_typed(m, combos_for("echo Hello\r"), "Hello")
    assert "echo Hello\n" in out     # the shell echoed the typed line, then ran it


def test_irq1_row_counts_every_scancode(m):
    before = irq1_count(m)
    combos = combos_for("echo Count") + [["kp_enter"]]
    run_typed(m, combos, "Count")
    expected = before + scancodes(combos)      # 10 keys, a shift, an E0 key: 26 bytes
    assert irq1_count_settled(m, expected) == expected


def test_arrow_up_recalls_previous_command(m):
    run_typed(m, combos_for("echo again\r"), "again")
    out = run_typed(m, [["up"], ["ret"]], "again")
    assert "echo again\n" in out     # the recalled line, redrawn after the prompt


def test_arrow_down_returns_to_empty_line(m):
    run_typed(m, combos_for("echo down\r"), "down")
    press(m, ["up"], ["down"], ["ret"])
    out = m.wait_for("\n" + PROMPT, timeout=10)
    assert "down\n" not in out


def test_ctrl_u_erases_line(m):
    combos = combos_for("xyz") + [["ctrl", "u"]] + combos_for("echo clean\r")
    out = run_typed(m, combos, "clean")
    assert "unknown command" not in out


def test_right_ctrl_c_cancels_line(m):
    press(m, *combos_for("echo cancelled"), ["ctrl_r", "c"])
    out = m.wait_for("^C\n" + PROMPT, timeout=10)
    assert "cancelled\n" not in out
    run_typed(m, combos_for("echo after\r"), "after")


def test_backspace_deletes(m):
    run_typed(m, combos_for("echo hix") + [["backspace"], ["ret"]], "hi")


def test_editing_keys_home_end_delete_left_right(m):
    # The E0 keys reach the line editor as the sequences a serial terminal sends.
    combos = combos_for("xecho abXd") + [["home"], ["delete"], ["end"], ["left"], ["left"],
                                         ["delete"]] + combos_for("c") + [["right"]] + \
        combos_for("e\r")
    out = run_typed(m, combos, "abcde")
    assert "unknown command" not in out


def test_page_up_and_insert_leave_the_line_alone(m):
    run_typed(m, combos_for("echo pg") + [["pgup"], ["pgdn"], ["insert"]] +
              combos_for("ok\r"), "pgok")


def test_caps_lock_letters_only(m):
    combos = combos_for("echo ") + [["caps_lock"]] + combos_for("ab1") + [["caps_lock"]] + \
        combos_for("c\r")
    run_typed(m, combos, "AB1c")


def test_keypad_enter_and_slash(m):
    run_typed(m, combos_for("echo a") + [["kp_divide"]] + combos_for("b") +
              [["kp_enter"]], "a/b")


def test_every_keyboard_interrupt_got_its_eoi(m):
    combos = combos_for("echo eoi\r")
    expected = irq1_count(m) + scancodes(combos)
    press(m, *combos)
    m.wait_for("eoi\n" + PROMPT, timeout=10)
    # The last break codes may still be on their way when the shell has answered (IRQ 1
    # then requested for a moment, rightly): first every byte's interrupt, counted in
    # the guest's own replies, not in host time.
    for _ in range(40):
        if irq1_count(m) >= expected:
            break
    assert irq1_count(m) == expected
    assert isr_when_idle(m) == (0, 0)
    assert not info_pic(m)["master"]["irr"] & 0x02, "IRQ 1 still requested"


def test_nothing_lost_or_unknown_after_typing(m):
    run_typed(m, combos_for("echo Lost\r"), "Lost")
    out = m.command("cat /proc/i8042")
    assert re.search(r"^dropped:\s+0$", out, re.M), out
    assert re.search(r"^queued total:\s+[1-9]\d*$", out, re.M), out
    out = m.command("cat /proc/keyboard")
    assert re.search(r"^unknown:\s+0$", out, re.M), out
    assert re.search(r"^lost:\s+0$", out, re.M), out
    assert re.search(r"^capslock:\s+off$", out, re.M), out


def keyboard_state(machine, want):
    """cat /proc/keyboard until its modifier rows read want (the scancodes reach the
    decoder through IRQ 1 and a tasklet, after QMP has returned), or the tries run out."""
    for _ in range(40):
        out = machine.command("cat /proc/keyboard")
        rows = dict(re.findall(r"^(shift|ctrl|alt):\s+(.*)$", out, re.M))
        if rows == want:
            break
        time.sleep(0.05)
    return rows


def test_proc_keyboard_shows_modifiers_up_and_down(m):
    def keys(down, *qcodes):
        # One byte per key event, two for an E0 key: wait until the guest has them.
        want = irq_raises(m, 1) + scancode_bytes(qcodes) // 2
        m.qmp("input-send-event", events=[
            {"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": q}}}
            for q in qcodes])
        wait_irq_raises(m, 1, want)

    up = {"shift": "up", "ctrl": "up", "alt": "up"}
    assert keyboard_state(m, up) == up
    keys(True, "shift", "shift_r", "ctrl_r")
    held = {"shift": "down (left, right)", "ctrl": "down (right)", "alt": "up"}
    assert keyboard_state(m, held) == held
    keys(False, "shift", "shift_r", "ctrl_r")
    assert keyboard_state(m, up) == up


def test_key_storm_irqlab_reads_every_byte_qemu_delivers(tmp_path):
    """600 keys sent back to back with QMP send-key during `demo softirq-storm`, each
    held 1 ms: every press and release reaches QEMU's PS/2 device, every byte the guest
    reads from port 0x60 is one irqlab queued, none dropped. With send-key's default
    100 ms hold time many keys never reach the PS/2 device at all: QEMU's input layer
    drops what its delay queue cannot hold (README, The keyboard)."""
    log = str(tmp_path / "trace.log")
    with Machine(extra_args=["-trace", "ps2_keyboard_event", "-trace", "pckbd_kbd_read_data",
                             "-D", log]) as m:
        m.wait_ready()
        m.write("demo softirq-storm\r")   # its first line may come before the prompt
        m.wait_for("softirq-storm: restart limit reached", timeout=5)
        # Back to back, but never more than AHEAD keys beyond what the guest has read:
        # QEMU's PS/2 keyboard drops bytes past its 16-byte queue, which a loaded host
        # (a slow guest) would otherwise overrun; the test is about irqlab's queue.
        base = irq_raises(m, 1)
        sent = 0
        while sent < 600:
            if 2 * sent - (irq_raises(m, 1) - base) < 2 * AHEAD:
                m.send_key("a", hold_ms=1)
                sent += 1
        m.wait_for("softirq-storm: over after 3 s:", timeout=30)
        wait_irq_raises(m, 1, base + 2 * sent)  # the last releases come after their hold
        m.write("\x15")                 # the typed a's: cancel the line
        out = m.command("cat /proc/i8042")
        m.close()                       # the trace is complete: nothing more is read
    queued = int(re.search(r"^queued total:\s+(\d+)$", out, re.M).group(1))
    dropped = int(re.search(r"^dropped:\s+(\d+)$", out, re.M).group(1))
    with open(log) as f:
        trace = f.read()
    events = len(re.findall(r"^ps2_keyboard_event\b", trace, re.M))
    # Port 0x60 reads of the key's set 1 bytes ('a' = 0x1e, its release 0x9e).
    read = len(re.findall(r"^pckbd_kbd_read_data (0x1e|0x9e)$", trace, re.M))
    assert dropped == 0, out
    assert events == read == queued == 2 * sent, (events, read, queued, sent)
