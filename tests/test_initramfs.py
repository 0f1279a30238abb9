"""The initramfs: build/initramfs.cpio (tools/mkcpio.py, a newc cpio archive of
build/initramfs/) loaded as a multiboot module, by the ISO's loader and by QEMU's -initrd
with -kernel, read in place by kernel/initramfs.c, and seen through the shell's `ls` and
`cat`. The reader's rules, padding and damage one by one, are tested on the host
(tests/host/test_cpio.c); here, both boot paths, a damaged archive and none at all."""
import glob
import os
import re
import subprocess
import sys

import pytest

from irqlab import BUILD, ROOT, booted

MKCPIO = os.path.join(ROOT, "tools", "mkcpio.py")
MOTD = "irqlab initramfs: a newc cpio archive the boot loader loaded; " \
       "modules for insmod are in /lib/modules"


# make puts every module of kernel/tests/modules/, samples/NAME/ and samples/notes/ in
# /lib/modules (Makefile: TEST_MODULES, SAMPLE_MODULES, NOTES_MODULES)
MODULES = sorted([os.path.basename(p)[:-2] + ".ko"
                  for p in glob.glob(os.path.join(ROOT, "kernel", "tests", "modules", "*.c"))] +
                 [os.path.basename(os.path.dirname(p)) + ".ko"
                  for p in glob.glob(os.path.join(ROOT, "samples", "*", "Makefile"))
                  if os.path.dirname(p) != os.path.join(ROOT, "samples", "notes")] +
                 [os.path.basename(p)[:-2] + ".ko"
                  for p in glob.glob(os.path.join(ROOT, "samples", "notes", "*.c"))])


def lines(text):
    return [l for l in text.split("\n") if l.strip()]


def check_files(m):
    """What make puts in the archive, as the shell shows it."""
    assert lines(m.command("ls")) == ["etc/", "lib/"]
    assert lines(m.command("ls /")) == ["etc/", "lib/"]
    assert lines(m.command("ls /lib")) == ["modules/"]
    assert lines(m.command("ls /lib/modules")) == MODULES
    assert m.command("cat /etc/motd") == MOTD + "\n"
    found = lines(m.command("dmesg | grep 'initramfs: .* files found'"))
    assert len(found) == 1, found
    assert re.search(r"initramfs: %d files found \(3 of them directories\), \d+ bytes at "
                     r"0x[0-9a-f]{8}$" % (4 + len(MODULES)), found[0]), found


def test_ls_and_cat_with_kernel_and_initrd(m):
    check_files(m)
    assert "initramfs: boot module 0 of 1" in m.command("dmesg | grep 'boot module'")


def test_ls_and_cat_refusals(m):
    assert m.command("ls /nonexistent").strip() == \
        "ls: cannot access '/nonexistent': No such file or directory"
    assert m.command("ls /etc/motd").strip() == "/etc/motd"        # a file: its name
    assert lines(m.command("ls //lib/")) == ["modules/"]
    assert m.command("cat /etc").strip() == "cat: /etc: Is a directory"
    out = m.command("cat /etc/nothing")
    assert "cat: /etc/nothing: No such file. Files:" in out and "/proc/interrupts" in out
    assert "a file of the initramfs" in out
    assert "usage: ls" in m.command("ls a b")


def test_cat_goes_through_pipes(m):
    assert m.command("cat /etc/motd | wc -c").strip() == str(len(MOTD) + 1)
    assert m.command("cat /etc/motd | grep -c initramfs").strip() == "1"


def test_ls_of_the_kernel_files(m):
    """/proc and /sys are not in the archive: ls lists the files the kernel shows there,
    sorted, with a '/' after a directory, and names a file it is given."""
    proc = lines(m.command("ls /proc"))
    assert proc == sorted(proc) and {"interrupts", "softirqs", "irq/", "modules"} <= set(proc)
    irq = lines(m.command("ls /proc/irq/"))
    assert "default_smp_affinity" in irq and "1/" in irq, irq
    assert lines(m.command("ls /proc/irq/1")) == [
        "effective_affinity", "effective_affinity_list", "smp_affinity",
        "smp_affinity_list", "spurious"]
    assert lines(m.command("ls /sys/devices/virtual/workqueue")) == ["cpumask"]
    assert m.command("ls /proc/interrupts").strip() == "/proc/interrupts"
    assert m.command("ls /proc/nothing").strip() == \
        "ls: cannot access '/proc/nothing': No such file or directory"


@pytest.mark.parametrize("image,loader", [("iso", "irqlab cdboot"), ("disk", "GRUB")])
def test_iso_boot_loads_it(image, loader):
    """From the CD (irqlab's loader) and from the ISO's MBR (GRUB, as on a USB stick)."""
    with booted(image=image) as iso:
        check_files(iso)
        assert "Boot loader: %s" % loader in iso.out
        # the line GRUB's `module /boot/initramfs.cpio initramfs` gives, and the loader's
        assert 'its line ends in "initramfs"' in iso.command("dmesg | grep 'boot module'")


def damaged(tmp_path):
    """build/initramfs.cpio with a non-hex digit in the third entry's c_filesize."""
    with open(os.path.join(BUILD, "initramfs.cpio"), "rb") as f:
        data = bytearray(f.read())
    third = data.index(b"070701", data.index(b"etc/motd"))
    at = third + 6 + 6 * 8
    data[at] = ord("z")
    path = tmp_path / "damaged.cpio"
    path.write_bytes(bytes(data))
    return str(path), at


def test_a_damaged_archive_keeps_the_files_before_the_damage(tmp_path):
    path, at = damaged(tmp_path)
    with booted(initrd=path) as bad:
        errors = lines(bad.command("dmesg | grep malformed"))
        assert len(errors) == 1, errors         # reported once
        assert "initramfs: malformed archive at offset %d (0x%x): non-hex digit in a " \
               "header field; the 2 files before it are kept" % (at, at) in errors[0]
        assert bad.command("cat /etc/motd") == MOTD + "\n"
        assert lines(bad.command("ls /")) == ["etc/"]
        assert "2 files found" in bad.command("dmesg | grep 'files found'")


def test_no_archive_is_one_line_and_the_rest_works():
    with booted(initrd="") as none:
        said = [l.split("] ", 1)[1] for l in lines(none.command("dmesg | grep 'initramfs:'"))]
        assert said == ["initramfs: no archive among the boot modules: no files"]
        assert none.command("ls /").strip() == ""
        assert "cat: /etc/motd: No such file" in none.command("cat /etc/motd")
        assert "CPU0" in none.command("cat /proc/interrupts | head -n 1")


# --- the archiver -----------------------------------------------------------------------
def newc_entries(data):
    """[(name, mode, data)] of a newc archive, read as buffer-format.rst describes it."""
    out, pos = [], 0
    while True:
        assert data[pos:pos + 6] == b"070701", pos
        fields = [int(data[pos + 6 + 8 * i:pos + 14 + 8 * i], 16) for i in range(13)]
        namesize, size = fields[11], fields[6]
        assert fields[2] == fields[3] == fields[5] == 0     # uid, gid, mtime
        name = data[pos + 110:pos + 110 + namesize]
        assert name.endswith(b"\0")
        pos = (pos + 110 + namesize + 3) & ~3
        body = data[pos:pos + size]
        pos = (pos + size + 3) & ~3
        if name == b"TRAILER!!!\0":
            assert pos == len(data)
            return out
        out.append((name[:-1].decode(), fields[1], body))


def test_mkcpio_writes_sorted_deterministic_newc(tmp_path):
    tree = tmp_path / "tree"
    (tree / "lib" / "modules").mkdir(parents=True)
    (tree / "b").mkdir()
    for name, size in (("b/x", 0), ("b/yy", 1), ("b/zzz", 2), ("a", 3), ("b/wwww", 7)):
        (tree / name).write_bytes(b"q" * size)

    def run():
        return subprocess.run([sys.executable, MKCPIO, str(tree)], check=True,
                              capture_output=True).stdout
    first = run()
    os.utime(tree / "a", (12345, 12345))
    assert run() == first                       # no times, no host ids
    assert len(first) % 4 == 0
    assert newc_entries(first) == [
        ("a", 0o100644, b"qqq"), ("b", 0o040755, b""), ("b/wwww", 0o100644, b"q" * 7),
        ("b/x", 0o100644, b""), ("b/yy", 0o100644, b"q"), ("b/zzz", 0o100644, b"qq"),
        ("lib", 0o040755, b""), ("lib/modules", 0o040755, b"")]


def test_the_build_archive_and_initramfs_files(tmp_path):
    with open(os.path.join(BUILD, "initramfs.cpio"), "rb") as f:
        assert [(n, mode) for n, mode, _ in newc_entries(f.read())] == [
            ("etc", 0o040755), ("etc/motd", 0o100644), ("lib", 0o040755),
            ("lib/modules", 0o040755)] + [("lib/modules/" + ko, 0o100644) for ko in MODULES]
    extra = tmp_path / "x.ko"
    extra.write_bytes(b"\x7fELF module")
    build = tmp_path / "build"
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    p = subprocess.run(["make", "--no-print-directory", "-C", ROOT, "BUILD=%s" % build,
                        "INITRAMFS_FILES=%s" % extra, "%s/initramfs.cpio" % build],
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    with open(build / "initramfs.cpio", "rb") as f:
        entries = newc_entries(f.read())
    assert ("lib/modules/x.ko", 0o100644, b"\x7fELF module") in entries
