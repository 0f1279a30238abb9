"""`watch`, as the notes run it (`watch -d -n1 cat /proc/interrupts`): each round clears
the screen, prints procps' header and the command's output (a whole shell line, pipes
included when quoted), -d shows the characters that changed in inverse video, the
interval is counted in guest ticks, and q or Ctrl-C gives the prompt back."""
import re

HEADER = "\x1b[H\x1b[2JEvery 0.2s: cat /proc/interrupts | grep LOC\n\n"
ROUND = re.compile(re.escape(HEADER) + r"(LOC:.*)\n")


def rounds(m, keys):
    start = m.cursor
    m.write("watch -d -n 0.2 'cat /proc/interrupts | grep LOC'\r")
    for _ in range(3):
        m.wait_for(HEADER, timeout=10)
    m.write(keys)
    assert m.command("echo back").strip() == "back"
    return ROUND.findall(m.out[start:])


def test_rounds_repaint_and_mark_what_changed(m):
    got = rounds(m, "q")
    assert len(got) >= 3, got
    assert "\x1b[7m" not in got[0]                  # nothing to compare with yet
    for line in got[1:]:
        assert re.search(r"\x1b\[7m\d+\x1b\[0m", line), line   # the tick count moved
    plain = [int(re.sub(r"\x1b\[\d*m", "", line).split()[1]) for line in got]
    # 0.2 s is 20 ticks of the guest's clock (HZ=100): LOC moves by at least that much.
    assert all(b - a >= 20 for a, b in zip(plain, plain[1:])), plain


def test_ctrl_c_ends_it_too(m):
    assert len(rounds(m, "\x03")) >= 3


def test_usage_and_bad_interval(m):
    assert m.command("watch").strip() == "usage: watch [-n SECS] [-d] CMD..."
    assert m.command("watch -n x ps").strip() == "watch: failed to parse argument: 'x'"
    assert m.command("watch -z ps").strip().startswith("usage: watch")
