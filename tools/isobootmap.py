#!/usr/bin/env python3
"""tools/isobootmap.py ISO - writes where the kernel, the initramfs and GRUB's El Torito
image lie on a freshly made irqlab ISO into the places that boot from it.

- iso/cdboot.asm's boot map (found by its magic "IRQLABBM" in /boot/cdboot.bin): the
  first 2 KiB sector and the length of /boot/irqlab.elf, /boot/initramfs.cpio and
  /boot/grub/i386-pc/eltorito.img. The loader reads the files from there at boot
  instead of looking them up in the ISO 9660 directories.
- The MBR's GRUB pointer (bytes 0x1B0-0x1B7: GRUB's core, in 512-byte blocks, plus 4),
  which xorriso's --grub2-mbr sets to the first El Torito image, cdboot. From a USB
  stick the BIOS runs the MBR, whose GRUB code reads its core from there: it must point
  at GRUB's image. (xorrisofs(1), --grub2-mbr.)

The places come from xorriso's own report of the ISO (-exec report_lba).
"""
import re
import struct
import subprocess
import sys

SECTOR = 2048
MAGIC = b"IRQLABBM"
FILES = ["/boot/cdboot.bin", "/boot/irqlab.elf", "/boot/initramfs.cpio",
         "/boot/grub/i386-pc/eltorito.img"]
LBA_ROW = re.compile(r"^File data lba:\s*\d+\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*'([^']+)'$",
                     re.M)


def extents(iso):
    """{path: (first sector, length in bytes)} of FILES, as xorriso reports them."""
    out = subprocess.run(["xorriso", "-indev", iso, "-find", "/boot", "-type", "f",
                          "-exec", "report_lba", "--"],
                         capture_output=True, text=True, check=True).stdout
    found = {path: (int(lba), int(size)) for lba, _blocks, size, path in LBA_ROW.findall(out)}
    missing = [f for f in FILES if f not in found]
    if missing:
        sys.exit("isobootmap: %s: not on the ISO: %s" % (iso, ", ".join(missing)))
    return found


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: isobootmap.py ISO")
    iso = sys.argv[1]
    ext = extents(iso)
    with open(iso, "r+b") as f:
        loader = ext["/boot/cdboot.bin"][0] * SECTOR
        f.seek(loader)
        head = f.read(SECTOR)
        at = head.find(MAGIC)
        if at < 0:
            sys.exit("isobootmap: %s: /boot/cdboot.bin has no boot map" % iso)
        f.seek(loader + at + len(MAGIC))
        for path in FILES[1:]:
            f.write(struct.pack("<II", *ext[path]))
        f.seek(0x1B0)
        f.write(struct.pack("<Q", ext["/boot/grub/i386-pc/eltorito.img"][0] * 4 + 4))
    return 0


if __name__ == "__main__":
    sys.exit(main())
