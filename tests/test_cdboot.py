"""The ISO's boot paths: irqlab's own CD loader (iso/cdboot.asm) by default, GRUB and its
menu with Shift held, GRUB from the ISO's MBR as from a USB stick; and the loader's
refusals. The kernel names its loader ("Boot loader: ..."), which is how each path is
told from the others."""
import os
import re
import shutil
import struct

import time

from irqlab import BUILD, Budget, Machine, booted

SHIFT_SEEN = "irqlab cdboot: Shift held, starting GRUB"


def iso_copy(tmp_path, patch=None):
    """A copy of build/irqlab.iso, in a build directory of its own, patched by patch."""
    shutil.copy(os.path.join(BUILD, "irqlab.iso"), tmp_path / "irqlab.iso")
    if patch:
        with open(tmp_path / "irqlab.iso", "r+b") as f:
            patch(f)
    return str(tmp_path)


def shift(m, down):
    m.qmp("input-send-event", events=[{"type": "key", "data": {
        "down": down, "key": {"type": "qcode", "data": "shift"}}}])


def test_the_iso_boots_through_irqlabs_loader():
    with booted(image="iso") as m:
        out = m.command("dmesg | head -n 12")
        assert "Command line: \n" in out, out          # GRUB's first entry's: nothing
        assert "Boot loader: irqlab cdboot\n" in out, out
        assert "BIOS-e820: [mem 0x00100000-" in out, out      # its E820 map, passed on
        assert 'its line ends in "initramfs"' in m.command("dmesg | grep 'boot module'")
        assert "irqlab initramfs" in m.command("cat /etc/motd")


def bios_says(m, path, pattern):
    """Waits until SeaBIOS has written a line matching pattern to its debug console
    (port 0x402, a file); returns the match."""
    budget = Budget(m, 30)
    while True:
        with open(path, errors="replace") as f:
            found = re.search(pattern, f.read(), re.M)
        if found:
            return found
        assert not budget.spent(), m.report("SeaBIOS did not say %r" % pattern)
        time.sleep(0.05)                 # a poll of the file, not a wait for the guest


def test_shift_held_at_boot_starts_grub_and_its_menu(tmp_path):
    """The loader sees Shift (the BIOS's shift flags) and starts GRUB; GRUB sees it still
    held and waits in its menu; the second entry boots irqchip=pic.
    Shift must be down before the loader looks, and a key pressed before the BIOS has
    set its keyboard up is lost: so the BIOS is made to wait 5 s for its boot menu key
    (its prompt seen on its debug console), and Shift goes down while it waits, as a
    user's would."""
    dbg = str(tmp_path / "seabios.txt")
    with Machine(image="iso", extra_args=[
            "-boot", "menu=on,splash-time=5000",
            "-chardev", "file,id=seabios,path=%s" % dbg,
            "-device", "isa-debugcon,iobase=0x402,chardev=seabios"]) as m:
        bios_says(m, dbg, r"^Press ESC for boot menu\.")
        shift(m, True)                  # Shift alone puts no key in the buffer: the BIOS
        bios_says(m, dbg, r"^Booting from DVD/CD")     # waits its 5 s, then boots
        m.wait_for(SHIFT_SEEN, timeout=30)
        assert "irqlab: booting" not in m.out, m.out
        m.wait_for('irqlab (8259 PIC only: irqchip=pic)', timeout=30)
        shift(m, False)
        m.send_key("down")
        m.send_key("ret")
        m.wait_for("Command line: irqchip=pic\n", timeout=30)
        m.wait_for("Boot loader: GRUB")
        m.wait_ready()


def test_the_isos_mbr_starts_grub_as_from_a_usb_stick():
    """tools/isobootmap.py points the MBR's GRUB code at GRUB's image, not at the
    loader, which xorriso made the first El Torito image."""
    with Machine(image="disk") as m:
        m.wait_for("Boot loader: GRUB", timeout=30)
        m.wait_ready()


def test_the_loader_says_when_its_boot_map_is_missing(tmp_path):
    def unmap(f):
        data = f.read(8 << 20)
        at = data.index(b"IRQLABBM")
        f.seek(at + 8)
        f.write(struct.pack("<6I", 0, 0, 0, 0, 0, 0))
    with Machine(image="iso", build=iso_copy(tmp_path, unmap)) as m:
        m.wait_for("irqlab cdboot: no boot map (tools/isobootmap.py did not run)", timeout=30)
        assert "irqlab: booting" not in m.out


def test_the_loader_says_when_the_kernel_does_not_fit():
    """2 MiB of RAM: the kernel's segments end above it (at 4 MiB it boots, and irqlab
    itself checks what it needs: tests/test_mm.py)."""
    with Machine(image="iso", memory="2M") as m:
        m.wait_for("irqlab cdboot: out of memory: the kernel and initramfs do not fit in "
                   "RAM", timeout=30)
        assert "irqlab: booting" not in m.out
