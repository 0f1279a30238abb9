"""The VGA text screen mirrors the console: what COM1 shows is on the screen too."""
import os
import re

from irqlab import booted

VGA_TEXT = 0xB8000
WINDOW_CELLS = 0x8000 // 2         # the text window at 0xB8000: 32 KiB of 16-bit cells
COLS, ROWS = 80, 25
CRTC_INDEX, CRTC_DATA = 0x3D4, 0x3D5
START_HIGH, START_LOW, CURSOR_HIGH, CURSOR_LOW = 0x0C, 0x0D, 0x0E, 0x0F


def port_read(m, port):
    out = m.hmp("i/b 0x%x" % port)
    return int(re.search(r"= (0x[0-9a-f]+)", out).group(1), 16)


def crtc(m):
    """The CRT controller's start address and cursor location, in cells from the window's
    start, read through QEMU's monitor with the guest stopped (so it cannot be between
    its own index and data writes), its index register put back."""
    m.qmp("stop")
    try:
        index = port_read(m, CRTC_INDEX)
        regs = {}
        for reg in (START_HIGH, START_LOW, CURSOR_HIGH, CURSOR_LOW):
            m.hmp("o/b 0x%x 0x%x" % (CRTC_INDEX, reg))
            regs[reg] = port_read(m, CRTC_DATA)
        m.hmp("o/b 0x%x 0x%x" % (CRTC_INDEX, index))
    finally:
        m.qmp("cont")
    return regs[START_HIGH] << 8 | regs[START_LOW], regs[CURSOR_HIGH] << 8 | regs[CURSOR_LOW]


def screen_lines(m, path):
    """The 25 rows the screen shows: from the CRTC's start address, which the console
    moves down a row to scroll."""
    start, _ = crtc(m)
    m.qmp("pmemsave", val=VGA_TEXT + 2 * start, size=COLS * ROWS * 2, filename=path)
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


def test_scrolling_moves_the_start_address_and_the_cursor_follows(tmp_path):
    """The screen scrolls by moving the CRTC's start address a row down, not by copying
    video memory (drivers/tty/vga.c): after the boot log it is past the window's first
    screen, on a row boundary, and the cursor register is at the end of the prompt on
    the screen's last written row."""
    with booted() as m:
        m.command("echo on-the-screen")
        lines, _ = screen_lines(m, os.path.join(str(tmp_path), "vga.bin"))
        start, cursor = crtc(m)
        assert start > 0 and start % COLS == 0, start
        assert start + ROWS * COLS <= WINDOW_CELLS, start
        row = max(r for r, l in enumerate(lines) if l)
        assert lines[row] == "irqlab>", lines
        assert cursor == start + row * COLS + len("irqlab> "), (start, cursor, row)


def test_the_screen_wraps_back_to_the_window_start_intact(tmp_path):
    """More lines than the window holds: the screen comes back to the window's start
    (copying its rows there once) and still shows exactly the last lines COM1 got,
    wrapped at 80 columns as the screen wraps them."""
    with booted() as m:
        printed = []
        while len(printed) < 2 * WINDOW_CELLS // COLS:
            out = m.command("cat /proc/interrupts")
            printed += ["irqlab> cat /proc/interrupts"] + out.replace("\r", "").splitlines()
        lines, _ = screen_lines(m, os.path.join(str(tmp_path), "vga.bin"))
        start, _ = crtc(m)
        assert start + ROWS * COLS <= WINDOW_CELLS, start
        rows = []
        for line in printed:
            line = line.expandtabs(8)
            rows += [line[i:i + COLS].rstrip() for i in range(0, max(len(line), 1), COLS)]
        assert lines[-1] == "irqlab>", lines
        assert lines[:-1] == rows[-(ROWS - 1):], "\n".join(lines)
