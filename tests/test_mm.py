"""Memory as a user of the shell sees it: /proc/meminfo against the machine QEMU was
given, the slabcheck command, and the shape of the kmalloc misuse reports that the
in-kernel suites provoke (read from the selftest boot, so no boot of their own)."""
import os
import re
import subprocess

import pytest

import irqlab
from conftest import read_selftest

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
    1 MiB for 128 MiB: one small struct per 4 KiB page)."""
    _, f = meminfo(m)
    dmesg = m.command("dmesg")
    ranges = [(int(a, 16), int(b, 16) + 1) for a, b in
              re.findall(r"BIOS-e820: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] usable", dmesg)]
    start, end = next((a, b) for a, b in ranges if a <= 0x100000 < b)
    above_kernel_kb = (end - kernel_end()) // 1024
    assert above_kernel_kb - 1024 <= f["MemTotal"] < above_kernel_kb, (f, hex(end))


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
