"""The README's first gdb session ("Debugging with gdb") is a real one: its commands are
taken from the README and run in batch gdb, set up by the gdbinit `make gdb` writes, on
a kernel stopped at its first instruction as `make debug` leaves it; the output the
README quotes must have the shape gdb really prints.

The README's block reads: `(gdb) COMMAND   # comment`, `^C` (Ctrl-C in gdb), indented
`# comment` lines, and gdb's output. In the quoted output, addresses (hex of three digits
or more) and decimal numbers stand for any number, `NN` for a line number, and a line
`...` for any lines; short hex numbers (a vector, a selector) must be what gdb prints.
Each `continue` needs the event the README says to cause: the boot to finish (then
Ctrl-C), a key typed on the serial console, or a key pressed on the PS/2 keyboard
(`sendkey`); the test causes it and no other.
"""
import os
import re
import signal
import subprocess

import pytest

from guest_events import wait_halted
from irqlab import BUILD, ROOT, Machine, timeout_mult
from test_gdb import GDB, PYTHON_ERROR, Gdb, sections, wait_until

README = os.path.join(ROOT, "README.md")


def walkthrough():
    """[{cmd, comments, expect}] of the README's first session."""
    with open(README) as f:
        text = f.read()
    intro = text.index("A first session:")
    block = text[intro:].split("```\n")[1]
    steps = []
    for line in block.rstrip("\n").split("\n"):
        cmd = re.match(r"^(?:\(gdb\) (.*?)|(\^C))\s*(?:#\s*(.*))?$", line)
        if cmd:
            steps.append({"cmd": cmd.group(1) or cmd.group(2), "comments": cmd.group(3) or "",
                          "expect": []})
        elif re.match(r"^\s+#", line):
            steps[-1]["comments"] += " " + line.strip().lstrip("# ")
        else:
            steps[-1]["expect"].append(line.rstrip())
    return steps


def shape(line):
    """The regex an output line the README quotes stands for."""
    out = []
    for tok in re.split(r"(0x[0-9a-f]+|\b\d+\b|:NN\b|\s+)", line):
        if not tok:
            continue
        if re.fullmatch(r"0x[0-9a-f]{3,}", tok):
            out.append(r"0x[0-9a-f]+")
        elif re.fullmatch(r"\d+", tok):
            out.append(r"\d+")
        elif tok == ":NN":
            out.append(r":\d+")
        elif tok.isspace():
            out.append(r"\s+")
        else:
            out.append(re.escape(tok))
    return "".join(out)


def matches(expect, got):
    """Whether the lines of expect appear in got as one run (a `...` line: any lines)."""
    got = [g.rstrip() for g in got.split("\n")]
    pieces, cur = [], []
    for e in expect:
        if e.strip() == "...":
            pieces.append(cur)
            cur = []
        else:
            cur.append(re.compile(shape(e.strip()) + "$"))
    pieces.append(cur)
    pos = 0
    for piece in pieces:
        if not piece:
            continue
        for start in range(pos, len(got) - len(piece) + 1):
            if all(rx.match(got[start + k].strip()) for k, rx in enumerate(piece)):
                pos = start + len(piece)
                break
        else:
            return False
    return True


def test_shape_matching():
    assert matches(["#0  f (x=0x19ce84) at a.c:NN", "..."], "B\n#0  f (x=0x1) at a.c:7\n")
    assert not matches(["vector = 0x34,"], "vector = 0x31,")
    assert not matches(["a", "b"], "a\nc\nb")
    assert matches(["a", "...", "b"], "a\nc\nb")


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    steps = walkthrough()
    with Machine(gdb=True) as m:
        gdbinit = str(tmp_path_factory.mktemp("walkthrough") / "gdbinit")
        mk = subprocess.run(["make", "-s", "--no-print-directory", "gdbinit",
                             "GDBINIT=" + gdbinit, "GDBSOCK=" + m.gdb_socket],
                            cwd=ROOT, capture_output=True, text=True)
        assert mk.returncode == 0, mk.stdout + mk.stderr
        commands = []
        for i, step in enumerate(steps):
            if step["cmd"] != "^C":
                commands += ["echo @@step-%d\\n" % i, step["cmd"]]
        g = Gdb(m, commands, setup=["source " + gdbinit, "set width 0"])
        for i, step in enumerate(steps):
            if step["cmd"] != "continue":
                continue
            g.wait_for("@@step-%d\n" % i)
            nxt = steps[i + 1]["cmd"] if i + 1 < len(steps) else None
            if nxt == "^C":
                m.wait_ready()
                g.proc.send_signal(signal.SIGINT)
                continue
            # QEMU drops input while the machine is stopped.
            wait_until(lambda: m.status()["status"] == "running", 10, "gdb's continue")
            # The README's output shows the CPU idle and the shell asleep in console_getc
            # when the key comes: wait for the CPU's HLT (the shell only sleeps there),
            # not for host time, before causing the event.
            if "sendkey" in step["comments"]:
                m.wait_for("x", timeout=10)     # the shell has echoed the serial key
                wait_halted(m)                  # and gone back to sleep
                m.send_key("a", hold_ms=20)
            elif "type a key in terminal 1" in step["comments"]:
                wait_halted(m)
                m.write("x")
            else:
                raise AssertionError("README: what ends this continue? %s" % step)
        out = g.finish()
        m.wait_for("a", timeout=10)         # the PS/2 key reached the shell's line too
        m.write("\x15")                     # which Ctrl-U clears
        alive = m.command("echo still here", timeout=10)
    with open(os.path.join(BUILD, "gdb-walkthrough.log"), "w") as f:
        f.write(out)                        # to compare with the README by eye
    return steps, out, alive


def test_walkthrough_runs(session):
    steps, out, alive = session
    assert [s["cmd"] for s in steps if s["cmd"] in ("continue", "^C", "quit")] == \
        ["continue", "^C", "continue", "continue", "quit"], steps
    assert not PYTHON_ERROR.search(out), out
    assert "@@step-%d" % (len(steps) - 1) in out, out
    assert "still here" in alive                    # quit let the kernel run on


def test_walkthrough_output_is_what_gdb_prints(session):
    steps, out, _alive = session
    s = sections(out)
    for i, step in enumerate(steps):
        if step["expect"]:
            got = s.get("step-%d" % i, "")
            assert matches(step["expect"], got), \
                "README's output of %r:\n%s\n\ngdb printed:\n%s" % (
                    step["cmd"], "\n".join(step["expect"]), got)
    assert sum(bool(st["expect"]) for st in steps) >= 5, steps


def test_no_line_numbers_in_the_walkthrough():
    for step in walkthrough():
        for line in step["expect"]:
            assert not re.search(r"\.(c|h|asm):\d", line), \
                "README quotes a source line number, which drifts: write :NN\n" + line
