"""The course notes' first module, "hello interrupt" (samples/interrupt/interrupt.c), in
the notes' session line for line: insmod interrupt.ko, cat /proc/interrupts | grep
lothar, cat /dev/lothars_device, rmmod interrupt, dmesg | tail. In APIC mode (the
default) the module's int $0x3B reaches its handler on IRQ 11 and its tasklet; with
irqchip=pic it meets the notes' Linux failure, "No irq handler for vector". And
modules_load= on the command line loads it at boot."""
import glob
import os
import re
import shutil
import subprocess

import pytest

from irqlab import ROOT, booted

TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\] ", re.M)


def text(out):
    """The lines of out without their printk timestamps."""
    return [l for l in TIMESTAMP.sub("", out).split("\n") if l.strip()]


def lothar_rows(m):
    return text(m.command("cat /proc/interrupts | grep lothar"))


def row_counts(row):
    """A /proc/interrupts row's counts (one column per CPU), chip, pin and name."""
    mm = re.fullmatch(r"\s*11:((?:\s+\d+)+)\s+(\S+)\s+(\S+)\s+(\S+)\s*", row)
    assert mm, row
    return [int(c) for c in mm.group(1).split()], mm.group(2), mm.group(3), mm.group(4)


def major_of(m, name):
    found = re.search(r"^\s*(\d+) %s$" % name, m.command("cat /proc/devices"), re.M)
    return int(found.group(1)) if found else None


@pytest.fixture(scope="module")
def session(irqchip_machine):
    """The notes' session on a fresh boot, each command's output kept."""
    m = irqchip_machine
    out = {"before": lothar_rows(m)}
    out["insmod"] = m.command("insmod interrupt.ko")
    out["major"] = major_of(m, "lothars_device")
    out["ls_loaded"] = m.command("ls /dev").split()
    out["grep1"] = lothar_rows(m)
    out["cat"] = m.command("cat /dev/lothars_device")
    out["grep2"] = lothar_rows(m)
    out["rmmod"] = m.command("rmmod interrupt")
    out["dmesg"] = m.command("dmesg | tail")
    out["grep3"] = lothar_rows(m)
    out["ls_removed"] = m.command("ls /dev").split()
    out["major_removed"] = major_of(m, "lothars_device")
    out["lsmod"] = m.command("lsmod")
    return m, out


def test_the_default_boot_leaves_irq11_to_the_module(session):
    _, out = session
    assert out["before"] == [], out["before"]


def test_insmod_registers_the_device_and_the_handler(session):
    _, out = session
    assert text(out["insmod"]) == [
        "init_hello_interrupt() initializing...",
        "init_hello_interrupt() major = %d, minor = 123" % out["major"]], out["insmod"]
    assert "lothars_device" in out["ls_loaded"]


def test_proc_interrupts_shows_lothars_device_on_irq11(session):
    m, out = session
    assert len(out["grep1"]) == 1, out["grep1"]
    counts, chip, pin, name = row_counts(out["grep1"][0])
    assert name == "lothars_device" and sum(counts) == 0, out["grep1"]
    if m.mode == "apic":
        assert (chip, pin) == ("IO-APIC", "11-fasteoi"), out["grep1"]   # level, per the MADT
    else:
        assert (chip, pin) == ("XT-PIC", "11-edge"), out["grep1"]


def test_reading_the_device_raises_irq11(session):
    m, out = session
    lines = text(out["cat"])
    after = sum(row_counts(out["grep2"][0])[0])
    if m.mode == "apic":
        assert lines == [
            "hello_interrupt_read()",
            "hello_interrupt_tasklet() after IRQ 11: in_interrupt()=1 in_serving_softirq()=1"
        ], out["cat"]
        assert after == 1, out["grep2"]
    else:
        # The 8259's lines are on 0x20-0x2f here: vector 0x3B has none, as on Linux.
        assert lines[0] == "hello_interrupt_read()", out["cat"]
        assert re.fullmatch(r"do_IRQ: \d+\.59 No irq handler for vector", lines[1]), lines
        assert "IRQ 0-15 are on vectors 0x20-0x2f here" in lines[2], lines
        assert len(lines) == 3 and after == 0, (lines, out["grep2"])


def test_rmmod_then_dmesg_tail_in_the_notes_order(session):
    m, out = session
    assert text(out["rmmod"]) == ["cleanup_hello_interrupt() READY."], out["rmmod"]
    log = text(out["dmesg"])
    assert len(log) == 10, out["dmesg"]
    major = out["major"]
    if m.mode == "apic":
        middle = ["hello_interrupt_tasklet() after IRQ 11: in_interrupt()=1 "
                  "in_serving_softirq()=1"]
    else:
        middle = [l for l in log if l.startswith("do_IRQ: ")]
        assert len(middle) == 2, log
    assert log[-4 - len(middle):] == [
        "init_hello_interrupt() initializing...",
        "init_hello_interrupt() major = %d, minor = 123" % major,
        "hello_interrupt_read()"] + middle + ["cleanup_hello_interrupt() READY."], log


def test_rmmod_removes_the_handler_the_node_and_the_numbers(session):
    m, out = session
    assert out["grep3"] == [], out["grep3"]
    assert "lothars_device" not in out["ls_removed"]
    assert out["major_removed"] is None
    assert "interrupt" not in out["lsmod"].split()
    # Everything was given back: the module loads again, by its full path too.
    again = m.command("insmod /lib/modules/interrupt.ko")
    assert "init_hello_interrupt() major = " in again, again
    assert "cleanup_hello_interrupt() READY." in m.command("rmmod interrupt")


def test_insmod_of_a_missing_bare_name(session):
    m, _ = session
    assert m.command("insmod nosuch.ko").strip() == \
        "insmod: ERROR: could not load module nosuch.ko: No such file or directory"


def test_modules_load_on_the_command_line():
    with booted(cmdline="modules_load=nosuch,interrupt") as m:
        log = text(m.command("dmesg"))
        assert "modules-load: Failed to find module 'nosuch'" in log, log
        ins = log.index("modules-load: Inserted module 'interrupt'")
        assert log[ins - 2:ins] == [
            "init_hello_interrupt() initializing...",
            "init_hello_interrupt() major = %d, minor = 123" % major_of(m, "lothars_device")]
        assert log.index("irqlab: ready") > ins, log
        assert "interrupt" in m.command("lsmod").split()
        rows = lothar_rows(m)
        assert len(rows) == 1 and row_counts(rows[0])[3] == "lothars_device", rows
        # It is the same module insmod loads: loading it again is refused.
        assert "insmod: ERROR: could not insert module interrupt.ko: File exists" in \
            m.command("insmod interrupt.ko")


def linux_headers():
    """A Linux kernel build tree on this host (Debian's linux-headers-*), or None."""
    trees = sorted(glob.glob("/usr/src/linux-headers-*-amd64")) + \
        sorted(glob.glob("/lib/modules/*/build"))
    return trees[-1] if trees else None


@pytest.mark.skipif(linux_headers() is None,
                    reason="no Linux headers here (apt-get install linux-headers-amd64)")
def test_the_same_source_builds_against_linux(tmp_path):
    """The module uses Linux's API only: its unchanged source and Makefile build a Linux
    module against Linux's own headers, warning-free."""
    src = tmp_path / "interrupt"
    shutil.copytree(os.path.join(ROOT, "samples", "interrupt"), src)
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    p = subprocess.run(["nice", "make", "-C", str(src), "KDIR=" + linux_headers()],
                       capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "warning" not in p.stdout + p.stderr, p.stdout + p.stderr
    assert (src / "interrupt.ko").exists()
