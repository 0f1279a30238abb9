"""The VGA text screen mirrors the console: what COM1 shows is on the screen too."""
import os

from irqlab import booted

VGA_TEXT = 0xB8000
COLS, ROWS = 80, 25


def screen_lines(m, path):
    m.qmp("pmemsave", val=VGA_TEXT, size=COLS * ROWS * 2, filename=path)
    with open(path, "rb") as f:
        cells = f.read()
    chars = bytes(cells[0::2]).decode("latin-1")
    attrs = set(cells[1::2])
    return [chars[r * COLS:(r + 1) * COLS].rstrip() for r in range(ROWS)], attrs


def test_screen_shows_the_shell(tmp_path):
    with booted() as m:
        m.command("echo on-the-screen")
        lines, attrs = screen_lines(m, os.path.join(str(tmp_path), "vga.bin"))
        assert "irqlab> echo on-the-screen" in lines, "\n".join(lines)
        assert "on-the-screen" in lines
        assert [l for l in lines if l][-1] == "irqlab>"     # the prompt is waiting
        assert attrs == {0x07}, attrs     # grey on black everywhere, no stray attributes


def test_editing_redraws_the_line_on_the_screen(tmp_path):
    # A line wider than the screen, edited at both ends: the VGA console follows the
    # cursor back across the wrap, and the screen shows the line as it was run.
    with booted() as m:
        m.write("cho " + "a" * 100 + "b" + "\x01e\x05\x1b[D\x1b[3~c\r")
        m.wait_for("a" * 100 + "c\n")
        m.wait_for("irqlab> ")
        lines, _ = screen_lines(m, os.path.join(str(tmp_path), "vga.bin"))
        text = "\n".join(lines)
        typed = "irqlab> echo " + "a" * 100 + "c"
        assert typed[:COLS] + "\n" + typed[COLS:] + "\n" in text, text
        assert "a" * COLS + "\n" + "a" * 20 + "c\n" in text, text
