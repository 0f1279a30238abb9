"""Memory as a user of the shell sees it: /proc/meminfo against the machine QEMU was
given, the slabcheck command, and the shape of the kmalloc misuse reports that the
in-kernel suites provoke (read from the selftest boot, so no boot of their own)."""
import os
import re
import subprocess

import pytest

import irqlab
import ktap
from conftest import MEMORY_BOOTS, MIN_RAM, ktap_cases_in_source, read_selftest
from irqlab import EXIT_FAIL, EXIT_PASS, Machine
from test_vga import screen_lines

MIB = 1024
MACHINE = dict(memory="128M")     # fixture m's machine: the totals below fit it


def meminfo(m):
    out = m.command("cat /proc/meminfo")
    fields = dict(re.findall(r"^(\w+):\s+(\d+) kB$", out, re.M))
    return out, {k: int(v) for k, v in fields.items()}


def kernel_end():
    """__kernel_end of the booted image, from its own symbol table (not from the kernel)."""
    elf = os.path.join(irqlab.BUILD, "irqlab.elf")
    for nm in ("i686-linux-gnu-nm", "nm", "llvm-nm"):
        try:
            out = subprocess.run([nm, elf], capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            continue
        mm = re.search(r"^([0-9a-f]+) \w __kernel_end$", out, re.M)
        if mm:
            return int(mm.group(1), 16)
    pytest.fail("no nm could read __kernel_end from %s" % elf)


def test_meminfo_totals_fit_the_128_mib_machine(m):
    out, f = meminfo(m)
    for key in ("MemTotal", "MemFree", "Slab", "KmallocLarge", "KernelStack"):
        assert key in f, "%s missing:\n%s" % (key, out)
    assert 100 * MIB <= f["MemTotal"] <= 128 * MIB, out
    assert 0 < f["MemFree"] <= f["MemTotal"], out
    # Nothing big is allocated at an idle prompt.
    assert f["MemTotal"] - f["MemFree"] < 4 * MIB, out


def test_memtotal_is_the_usable_ram_above_the_kernel(m):
    """The usable e820 range the kernel sits in, minus the image, minus mem_map (at most
    1 MiB for 128 MiB: one small struct per 4 KiB page), minus the pages the boot
    loader's initramfs occupies (reserved while the files are read in place)."""
    _, f = meminfo(m)
    dmesg = m.command("dmesg")
    ranges = [(int(a, 16), int(b, 16) + 1) for a, b in
              re.findall(r"BIOS-e820: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] usable", dmesg)]
    start, end = next((a, b) for a, b in ranges if a <= 0x100000 < b)
    above_kernel_kb = (end - kernel_end()) // 1024
    archive = re.search(r"initramfs: \d+ files found .*?, (\d+) bytes at", dmesg)
    archive_kb = (int(archive.group(1)) + 4095) // 4096 * 4 if archive else 0
    assert above_kernel_kb - 1024 - archive_kb <= f["MemTotal"] < above_kernel_kb, \
        (f, hex(end), archive_kb)


def test_free_blocks_add_up_to_memfree(m):
    out, f = meminfo(m)
    mm = re.search(r"^FreeBlocks:((?:\s+\d+){11})$", out, re.M)
    assert mm, out
    counts = [int(x) for x in mm.group(1).split()]
    assert sum(n * 4 << order for order, n in enumerate(counts)) == f["MemFree"], out
    assert counts[10] > 0, "no 4 MiB block free at an idle prompt:\n" + out


def test_slab_table_lists_every_cache(m):
    out, f = meminfo(m)
    rows = re.findall(r"^kmalloc-(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$",
                      out, re.M)
    assert [int(r[0]) for r in rows] == [16 << i for i in range(8)], out
    slab_kb = 0
    for name, active, total, size, slot, pages, slabs, bad in (map(int, r) for r in rows):
        assert size == name
        assert slot > size                   # header and red zones
        assert int(active) + int(bad) <= total
        assert total == slabs * (pages * 4096 // slot), out
        slab_kb += slabs * pages * 4
    assert slab_kb == f["Slab"], out


def test_slabcheck_on_a_clean_heap(m):
    out = m.command("slabcheck")
    assert out.strip() == "slabcheck: 0 damaged object(s) found; 0 kmalloc error(s) " \
                          "reported since boot", out
    assert m.command("slabcheck x").strip().startswith("usage: slabcheck")


@pytest.mark.parametrize("kernel", ["gcc", "clang"])
def test_misuse_reports_name_the_bug_the_caller_and_show_a_backtrace(kernel):
    _, log = read_selftest(kernel)
    reports = re.findall(r"={60,}\n(.*?)={60,}", log, re.S)
    assert reports, "no kmalloc report in the selftest log"

    def find(what, caller):
        for r in reports:
            if re.search(r"BUG: kmalloc: %s in \w+\(\), called from %s\+0x[0-9a-f]+/0x[0-9a-f]+\n"
                         % (re.escape(what), caller), r):
                return r
        pytest.fail("no %r report from %s in:\n%s" % (what, caller, "\n".join(reports)[:4000]))

    r = find("double free", "test_double_free_is_caught_and_ignored")
    assert re.search(r"Object 0x[0-9a-f]{8} \(cache kmalloc-32\) was allocated by "
                     r"test_double_free_is_caught_and_ignored\+", r), r
    assert "The free is ignored." in r
    assert re.search(r"Call Trace:\n(.*\n)*.*\]\s+\[<[0-9a-f]{8}>\] (__)?kfree\+", r), r

    r = find("red zone overwritten", "test_write_past_the_end_is_caught_at_kfree")
    assert re.search(r"Object 0x[0-9a-f]{8} of 10 bytes \(cache kmalloc-16\)", r), r
    assert "bytes +10 to +10, past its end" in r, r

    r = find("invalid free", "test_foreign_pointers_are_caught_and_ignored")
    invalid = [x for x in reports if "BUG: kmalloc: invalid free" in x]
    text = "\n".join(invalid)
    for where in ("on a thread stack", "in the kernel image", "4 bytes inside the object at",
                  "in a block from alloc_pages()", "outside the RAM the page allocator manages",
                  "on a thread stack"):
        assert where in text, "no invalid-free report says %r:\n%s" % (where, text[:4000])

    find("use after free", "test_write_after_free_is_caught")


@pytest.mark.parametrize("boot", list(MEMORY_BOOTS))
def test_selftest_passes_on_the_smallest_machines(boot):
    """Every suite, at the README's minimum and on GRUB at 8 MiB: the tests take what
    the allocator has, they do not assume the blocks of a large machine."""
    code, out = read_selftest(boot)
    got = {(r.suite, r.case): r for r in ktap.parse(out)}
    failed = ["%s.%s: %s" % (r.suite, r.case, "\n".join(r.diagnostics[-4:]))
              for r in got.values() if not r.ok]
    assert not failed, "on -m %s:\n%s" % (MEMORY_BOOTS[boot][3], "\n".join(failed))
    assert set(ktap_cases_in_source()) <= set(got), out[-3000:]
    assert code == str(EXIT_PASS), "selftest exit %s:\n%s" % (code, out[-3000:])


def assert_says_too_little_ram(m):
    need = kernel_end() + 1024 * 1024
    said = m.wait_for(r"irqlab: give the machine at least (\d+) MiB of RAM; halted", regex=True)
    assert int(said.group(1)) == -(-need // (1 << 20)), m.out
    assert "irqlab needs it up to 0x%08x" % need in m.out, m.out
    assert "BUG" not in m.out and "panic" not in m.out, m.out
    return said.group(0)


def test_too_little_ram_is_said_on_both_consoles_then_halts(tmp_path):
    """Below the minimum, where the image still fits: the kernel must say so before
    paging_init() maps RAM that is not there, then halt (it hung at 2 MiB while the
    image fitted there)."""
    below = "%dM" % (int(MIN_RAM[:-1]) - 1)
    with Machine(memory=below) as m:
        said = assert_says_too_little_ram(m)
        lines, _ = screen_lines(m, os.path.join(str(tmp_path), "vga.bin"))
        assert any("irqlab: not enough memory" in l for l in lines), "\n".join(lines)
        assert any(said in l for l in lines), "\n".join(lines)
        regs = m.hmp("info registers")
        efl = int(re.search(r"EFL=([0-9a-f]+)", regs).group(1), 16)
        assert re.search(r"\bHLT=1\b", regs) and not efl & 0x200, regs
        assert m.status()["status"] == "running", m.status()


def test_below_the_minimum_a_selftest_run_fails_with_the_reason():
    below = "%dM" % (int(MIN_RAM[:-1]) - 1)
    with Machine(cmdline="selftest", memory=below) as m:
        assert_says_too_little_ram(m)
        assert m.wait_exit() == EXIT_FAIL, m.out


def test_the_iso_boots_at_4_mib_through_irqlabs_loader():
    """GRUB 2.06 could not load the kernel at 4 MiB (its heap had no room for the
    segments); irqlab's CD loader reads them straight to their place, so the ISO needs
    no more RAM than the kernel does (README, Memory)."""
    with Machine(image="iso", memory=MIN_RAM) as m:
        m.wait_ready()
        assert "Boot loader: irqlab cdboot" in m.out, m.out


def test_grub_cannot_load_the_kernel_at_4_mib_and_says_so_on_com1():
    """GRUB's limit, not irqlab's (README, Memory): its heap has no room left for the
    kernel's segments. GRUB boots the ISO from its MBR, as from a USB stick (or from the
    CD with Shift held); grub.cfg puts GRUB's own messages on COM1 too."""
    with Machine(image="disk", memory="4M") as m:
        m.wait_for("error: out of memory.", timeout=30)   # BIOS and GRUB under TCG
        m.wait_for("error: you need to load the kernel first.")
        assert "irqlab: booting" not in m.out, m.out


@pytest.mark.parametrize("memory", ["5M", "6M", "7M"])
def test_grub_boots_the_iso_from_5_mib_up(memory):
    """6 MiB failed while the ISO's kernel carried its debug information."""
    with Machine(image="disk", memory=memory) as m:
        m.wait_ready()
