"""The serial shell: the prompt, the commands every issue-2 user relies on, line editing,
and input that must neither crash the shell nor vanish silently."""
import re

import pytest

from guest_events import wait_ticks
from irqlab import PROMPT, Machine, booted


def test_prompt_starts_a_line(m):
    m.write("\r")
    m.wait_for("\n" + PROMPT)
    assert re.search(r"(^|\n)irqlab> $", m.out), repr(m.out[-40:])


def test_help_lists_every_command(m):
    out = m.command("help")
    for cmd in ("help", "dmesg", "uptime", "cat", "reboot", "poweroff", "echo"):
        assert re.search(r"^\s+%s\s" % cmd, out, re.M), "%s missing from help:\n%s" % (cmd, out)


def test_help_columns_line_up_past_the_longest_usage(m):
    # "  name args", then the text in one column two spaces past the longest usage
    # (trigger's), whatever the lengths of the others.
    rows = [re.match(r"^  (\S+(?: \S+)*)( {2,})(\S.*)$", line)
            for line in m.command("help").strip("\n").splitlines()]
    assert all(rows), rows
    assert len({r.start(3) for r in rows}) == 1, [r.group(0) for r in rows]
    assert min(len(r.group(2)) for r in rows) == 2
    usage = {r.group(1).split()[0]: r.group(1) for r in rows}
    assert usage["demo"] == "demo <name> (demo alone lists them)"
    assert usage["uptime"] == "uptime"


@pytest.mark.parametrize("line,usage", [("uptime 3", "usage: uptime"), ("dmesg -x", "usage: dmesg"),
                                        ("help me", "usage: help"), ("cat", "usage: cat <file>")])
def test_usage_line_has_no_trailing_space(m, line, usage):
    assert m.command(line) == usage + "\n"


def test_unknown_command(m):
    assert m.command("frobnicate now").strip() == "unknown command: frobnicate (try 'help')"


@pytest.mark.parametrize("line,name", [("uptime 3", "uptime"), ("dmesg -x", "dmesg"),
                                       ("sleep", "sleep"), ("sleep 5x", "sleep"),
                                       ("sleep 99999999999", "sleep"),
                                       ("cat", "cat"), ("cat a b", "cat"), ("help me", "help")])
def test_wrong_arguments_print_usage(m, line, name):
    assert m.command(line).strip().startswith("usage: %s" % name)


def test_cat_unknown_file_lists_files(m):
    out = m.command("cat /proc/nothing")
    assert "cat: /proc/nothing: No such file" in out
    assert "/proc/interrupts" in out


def test_dmesg_has_the_boot_log(m):
    out = m.command("dmesg")
    assert re.search(r"^\[\s*\d+\.\d{6}\] irqlab: booting$", out, re.M), out[:2000]
    assert "BIOS-e820" in out
    assert re.search(r"tsc: \d+\.\d{3} MHz", out)


def test_uptime_advances_with_the_tick(m):
    def jiffies():
        out = m.command("uptime")
        mm = re.search(r"up (\d+)\.(\d\d) s \((\d+) jiffies at HZ=(\d+)\)", out)
        assert mm, out
        return int(mm.group(3)), int(mm.group(4))
    j1, hz = jiffies()
    wait_ticks(m, 10)   # the guest's ticks, read until they come or the timeout
    j2, _ = jiffies()
    assert hz == 100
    assert j2 - j1 >= 10, "the timer tick did not advance jiffies: %d -> %d" % (j1, j2)


def test_proc_interrupts_layout(m):
    out = m.command("cat /proc/interrupts")
    lines = out.strip("\n").splitlines()
    assert re.match(r"^\s+CPU0\s*$", lines[0]), lines[0]
    rows = {l.split(":")[0].strip(): l for l in lines[1:]}
    assert re.match(r"^\s+0:\s+\d+\s+\S+\s+\d+-edge\s+timer$", rows["0"]), rows["0"]
    assert re.match(r"^\s*SPU:\s+\d+\s+Spurious interrupts$", rows["SPU"]), rows
    assert re.match(r"^\s*ERR:\s+\d+$", rows["ERR"]), rows
    timer = int(rows["0"].split()[1])
    assert timer > 0


def test_timer_count_in_proc_interrupts_grows(m):
    # The tick is IRQ 0 (the PIT) through the 8259, or the LAPIC timer's LOC row.
    def timer_count():
        out = m.command("cat /proc/interrupts")
        row = "LOC" if re.search(r"^\s+0:.*IO-APIC", out, re.M) else "0"
        return int(re.search(r"^\s*%s:\s+(\d+)" % row, out, re.M).group(1))
    a = timer_count()
    wait_ticks(m, 2)    # jiffies moved on: ticks were taken
    assert timer_count() > a


def test_backspace_edits_the_line(m):
    out = m.type_raw("echo abcX\x7f\x08d\r")     # DEL and BS each erase one character
    assert out.strip().splitlines()[-1] == "abd"


def test_ctrl_u_erases_the_line(m):
    m.write("garbage\x15")
    assert m.command("echo clean").strip().splitlines()[-1] == "clean"


def test_history_up_arrow_repeats(m):
    m.command("echo first-in-history")
    m.write("\x1b[A\r")
    m.wait_for("first-in-history\n")
    m.wait_for("\n" + PROMPT)
    m.write("\x1b[A\x1b[A\x1b[B\r")               # up twice, down once: the same line
    m.wait_for("first-in-history\n")
    m.wait_for("\n" + PROMPT)


# Keys a serial terminal sends as escape sequences, and the control keys: each line must
# run as the line it edits to, with nothing of a sequence left in it.
@pytest.mark.parametrize("keys,output", [
    ("\x1b[3~echo ok\r", "ok"),                        # Delete on an empty line
    ("cho ok\x1b[1~e\r", "ok"),                         # Home: ESC [ 1 ~
    ("cho ok\x1b[He\r", "ok"),                          # Home: ESC [ H
    ("cho ok\x1b[7~e\r", "ok"),                         # Home: ESC [ 7 ~
    ("cho ok\x1bOHe\r", "ok"),                          # Home: ESC O H
    ("echo b\x01\x1b[4~c\r", "bc"),                     # End: ESC [ 4 ~
    ("echo b\x01\x1b[8~c\r", "bc"),                     # End: ESC [ 8 ~
    ("cho b\x01e\x1b[Fc\r", "bc"),                      # End: ESC [ F
    ("\x1b[5~\x1b[6~\x1b[2~echo ok\r", "ok"),            # PgUp, PgDn, Insert: ignored
    ("\x1bOPecho ok\x1b[15~\r", "ok"),                  # F1, F5: ignored
    ("\x1becho ok\r", "ok"),                            # a lone Esc does not eat the e
    ("echo ac\x1b[Db\r", "abc"),                        # Left, insert in the middle
    ("echo aXc\x1b[D\x1b[D\x1b[3~\r", "ac"),             # Delete in the middle
    ("echo aXc\x1b[D\x7f\r", "ac"),                     # Backspace in the middle
    ("cho ok\x01e\x05!\r", "ok!"),                      # Ctrl-A, Ctrl-E
    ("echo aa bb\x1b[D\x1b[D\x17\r", "bb"),              # Ctrl-W before the cursor
    ("echo ac\x1b[D\x1b[D\x1b[Cb\r", "abc"),             # Right
])
def test_editing_keys(m, keys, output):
    out = m.type_raw(keys)
    assert "unknown command" not in out, repr(out)
    assert out.strip().splitlines()[-1] == output, repr(out)


def test_overlong_line_runs_once_erased_below_the_limit(m):
    # 305 typed, 255 kept; ten Backspaces later the line fits and is the line on screen.
    out = m.type_raw("echo " + "x" * 300 + "\x7f" * 10 + "\r")
    assert "line too long" not in out
    assert out.strip().splitlines()[-1] == "x" * 240


def test_kernel_message_ends_the_typed_line_and_redraws_it():
    # The delayed-work demo logs a tick every second from a kworker. A line being typed
    # is ended before the message and drawn again after it, the cursor where it was.
    tick = r"\[[ \d.]+\] delayed-work: tick \d+[^\n]*\n"
    with Machine() as mm:
        mm.wait_ready()
        mm.command("demo delayed-work start")
        mm.write("echo half")
        mm.wait_for(r"irqlab> echo half\n" + tick + r"irqlab> echo half", regex=True)
        mm.write("-whle\x1b[D\x1b[D")                   # the cursor before "le"
        mm.wait_for("-whle\b\b")
        mm.wait_for(tick + "irqlab> echo half-whle\b\b", regex=True)
        mm.write("o\r")
        mm.wait_for("\nhalf-whole\n")


def test_message_from_a_timer_redraws_the_typed_line():
    # The softirq-storm demo prints its summary from a timer, in softirq context: the
    # redraw runs there, inside printk, with interrupts off.
    with Machine() as mm:
        mm.wait_ready()
        mm.command("demo softirq-storm")
        mm.write("echo sto\x1b[D")
        mm.wait_for("echo sto\b")
        mm.wait_for(r"\] softirq-storm: over after[^\n]*\nirqlab> echo sto\x08", regex=True)
        mm.write("r\r")
        mm.wait_for("\nstro\n")


def test_overlong_line_is_refused_with_a_message(m):
    m.write("echo " + "x" * 400 + "\r")
    out = m.wait_for("\n" + PROMPT)
    assert "line too long: at most 255 characters; not run" in out
    assert "x" * 300 not in out.replace("\a", "")   # echo never printed the words
    assert m.command("echo still-alive").strip().endswith("still-alive")


def test_binary_input_does_not_crash_the_shell(m):
    junk = "".join(chr(c) for c in range(0, 256) if c not in (0x0a, 0x0d, 0x1b, 0x03, 0x15))
    m.write(junk + "\x15")                          # then erase whatever was kept
    assert m.command("echo survived").strip().endswith("survived")


def test_input_flood_is_counted_not_lost_silently(m):
    # More than the 1 KiB input queue while the shell sleeps: the bytes the queue refuses
    # are counted and said at the next prompt, and every other one reaches the line
    # editor, echoed or (past 255 characters) refused with a bell: none vanishes.
    flood = 3000
    m.write("sleep 2000\r" + "y" * flood)
    said = m.wait_for(r"console: (\d+) input bytes dropped \(input queue full\)\n",
                      timeout=15, regex=True)
    dropped = int(said.group(1))
    kept = flood - dropped
    assert 0 < dropped < flood
    m.wait_for(PROMPT)
    # Until the editor has answered every kept byte the queue is still full and more
    # typing would be refused too: wait for that many answers (counted, not timed).
    m.wait_for(r"(?:[^y\a]*[y\a]){%d}" % kept, timeout=30, regex=True)
    out = m.type_raw("\x15\r")                 # erase the line: no more y, no new drop
    assert "y" not in out and "\a" not in out and "dropped" not in out, out
    assert m.command("echo after-flood").strip().endswith("after-flood")


def test_fw_cfg_command_line_on_the_iso_then_acpi_poweroff():
    # One boot for two things: options reach the kernel through fw_cfg, and `poweroff`
    # is an ACPI S5 power-off (QEMU reports a guest shutdown, not a reset).
    # GRUB passes an empty line: the fw_cfg options are the whole of it, with no space
    # in front. With 'quiet' the console shows nothing below KERN_ERR from the very first
    # line on, while dmesg has it all.
    with Machine(cmdline="irqlab_marker=42 quiet", image="iso") as mm:
        # The firmware and GRUB first: under TCG on a loaded host they alone took more
        # than wait_for's default 10 s (test_reboot.py's make run allows 60).
        boot = mm.wait_for("irqlab: ready", timeout=60)
        mm.wait_for("\n" + PROMPT)
        assert "irqlab: booting" not in boot and "Command line" not in boot, boot
        dmesg = mm.command("dmesg")
        assert re.search(r"\] irqlab: booting\n.*\] Command line: irqlab_marker=42 quiet\n",
                         dmesg), dmesg[:1000]
        mm.write("poweroff\r")
        mm.wait_for("poweroff: powering down")
        ev = mm.wait_event("SHUTDOWN")
        assert ev["data"]["reason"] == "guest-shutdown", ev


def test_multiboot_command_line_with_dash_kernel_then_reboot():
    # QEMU's own loader passes the image path first; then `reboot` resets the machine
    # (-no-reboot turns the reset into a stop whose reason says so).
    with booted(image="elf", cmdline="irqlab_marker=7") as mm:
        out = mm.command("dmesg")
        assert re.search(r"Command line: \S*irqlab\.elf irqlab_marker=7", out), out[:1500]
        mm.write("reboot\r")
        mm.wait_for("reboot: restarting the machine")
        ev = mm.wait_event("SHUTDOWN")
        assert ev["data"]["reason"] == "guest-reset", ev


def test_poweroff_without_acpi_ends_the_run():
    # -machine isapc has no ACPI: the kernel says so and leaves through isa-debug-exit.
    with booted(machine="isapc") as mm:
        mm.write("poweroff\r")
        mm.wait_for("no ACPI power-off here")
        assert mm.wait_exit(10) == 33
