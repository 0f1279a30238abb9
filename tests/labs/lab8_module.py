"""Lab 8, a module on a shared line: the grader (`make grade-module M=<dir>`).

The student's work is a module, docs/labs/lab8-module/kbdcount.c filled in, built out of
tree here with `make -C <irqlab> M=<dir> modules`. It is put in a copy of the build's
initramfs, the kernel boots with that, and the checks load it, type on the keyboard,
and remove it. Every expected number is one the kernel itself counted (/proc/interrupts)
or the module printed: nothing is a constant of this file.

    python3 tests/labs/lab8_module.py DIR      (exit status 0 when every check passes)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from irqlab import BUILD, ROOT, Machine  # noqa: E402

MODULE = "kbdcount"
REPORT = re.compile(r"kbdcount: (\d+) key interrupts")


def build(moddir):
    """Builds DIR's module; returns (path of the .ko or None, compiler output)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    p = subprocess.run(["make", "--no-print-directory", "-C", ROOT, "M=" + moddir, "modules"],
                       capture_output=True, text=True, env=env, timeout=300)
    ko = os.path.join(moddir, MODULE + ".ko")
    return (ko if p.returncode == 0 and os.path.exists(ko) else None), p.stdout + p.stderr


def initramfs_with(ko, tmp):
    """A copy of the build's initramfs tree with ko in /lib/modules, as a cpio archive."""
    tree = os.path.join(tmp, "initramfs")
    shutil.copytree(os.path.join(BUILD, "initramfs"), tree)
    shutil.copy(ko, os.path.join(tree, "lib", "modules", MODULE + ".ko"))
    cpio = os.path.join(tmp, "initramfs.cpio")
    with open(cpio, "wb") as f:
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "mkcpio.py"), tree],
                       stdout=f, check=True)
    return cpio


def irq1(m):
    count, _chip, _pin, _flow, names = common.proc_interrupts(m)[1]
    return count, names


def reports(m):
    return [int(n) for n in REPORT.findall(m.command("dmesg"))]


def check_loads_and_shares(m, seen):
    out = m.command("insmod /lib/modules/%s.ko irq=1" % MODULE, timeout=30)
    assert "ERROR" not in out, "insmod failed:\n" + out
    seen["irq1_at_load"], names = irq1(m)
    assert MODULE in names.split(", ") or MODULE in names, \
        "IRQ 1's handlers in /proc/interrupts are %r: no %s (request_irq, TODO 1)" \
        % (names, MODULE)
    assert "i8042" in names, "the keyboard's own handler left IRQ 1: %r" % names


def check_counts_in_the_top_half_and_reports_from_the_tasklet(m, seen):
    common.type_line(m, "echo ok", "ok")
    count, _names = irq1(m)
    got = reports(m)
    assert got, "typed 8 keys: dmesg has no 'kbdcount: N key interrupts' line " \
        "(the tasklet: TODO 2, 3)"
    # The tasklet runs after the interrupts that scheduled it: its last report holds
    # every interrupt since the line was shared, as the kernel counted them.
    assert got[-1] == count - seen["irq1_at_load"], \
        "the last report says %d interrupts; /proc/interrupts counted %d on IRQ 1 since " \
        "insmod" % (got[-1], count - seen["irq1_at_load"])
    assert got == sorted(got), "the reports go backwards: %r" % got


def check_rmmod_leaves_nothing(m, seen):
    out = m.command("rmmod " + MODULE, timeout=30)
    assert "ERROR" not in out, "rmmod failed:\n" + out
    assert MODULE not in m.command("lsmod"), "lsmod still lists %s" % MODULE
    _count, names = irq1(m)
    assert MODULE not in names, "after rmmod IRQ 1 still has %r (free_irq, TODO 4)" % names
    before = len(reports(m))
    # The keyboard still works, and nothing of the module runs any more.
    common.type_line(m, "echo ok", "ok")
    assert len(reports(m)) == before, "the tasklet reported after rmmod"
    out = m.command("insmod /lib/modules/%s.ko" % MODULE, timeout=30)
    assert "ERROR" not in out, "loading it a second time failed:\n" + out


CHECKS = [
    ("loads_and_shares_irq1", 3, check_loads_and_shares),
    ("counts_in_top_half_reports_from_tasklet", 4,
     check_counts_in_the_top_half_and_reports_from_the_tasklet),
    ("rmmod_leaves_nothing_registered", 3, check_rmmod_leaves_nothing),
]


def grade(moddir, log=print):
    """Runs every check on DIR's module; returns (points, out of)."""
    total = sum(p for _n, p, _f in CHECKS)
    ko, output = build(os.path.abspath(moddir))
    if ko is None:
        log("not ok build: `make -C %s M=%s modules` failed:\n%s" % (ROOT, moddir, output))
        return 0, total
    log("ok build" + (" (with warnings:)\n" + output if "warning" in output else ""))
    points = 0
    with tempfile.TemporaryDirectory(prefix="irqlab-lab8-") as tmp:
        with Machine(initrd=initramfs_with(ko, tmp)) as m:
            m.wait_ready()
            seen = {}
            for name, value, check in CHECKS:
                try:
                    check(m, seen)
                except AssertionError as e:
                    log("not ok %s (0/%d): %s" % (name, value, e))
                    # A later check stands on the earlier ones.
                    break
                log("ok %s (%d/%d)" % (name, value, value))
                points += value
    log("lab 8: %d/%d" % (points, total))
    return points, total


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: %s MODULE_DIR" % sys.argv[0])
    got, out_of = grade(sys.argv[1])
    sys.exit(0 if got == out_of else 1)
