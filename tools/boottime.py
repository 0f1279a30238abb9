#!/usr/bin/env python3
"""tools/boottime.py - how long irqlab takes to boot to its prompt under QEMU's TCG, and
where the time goes (docs/performance.md, "Boot time").

    tools/boottime.py [--runs N] [--kernel] [--build DIR] [-- QEMU ARGS...]

Each run starts QEMU headless (-nodefaults: no NIC, so no network option ROM) with the
ISO (or, with --kernel, QEMU's own multiboot loader: -kernel/-initrd) and reads COM1
until the shell's prompt. Per run it reports the wall time to the kernel's first line
(firmware and GRUB), to the prompt, and the CPU time QEMU used by then (user+system,
which a loaded host disturbs less than the wall clock). The figures printed are the
medians and ranges over the runs. Standard library only.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIRST = b"irqlab: booting"
PROMPT = b"irqlab> "
CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User+system CPU time of pid, from /proc/PID/stat (fields 14 and 15)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def one_boot(args, timeout):
    t0 = time.monotonic()
    p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    seen, first, prompt, cpu = b"", None, None, None
    os.set_blocking(p.stdout.fileno(), False)
    try:
        while prompt is None:
            if time.monotonic() - t0 > timeout:
                raise SystemExit("boottime: no prompt after %d s:\n%s" %
                                 (timeout, seen[-2000:].decode(errors="replace")))
            chunk = p.stdout.read(4096)
            if chunk:
                seen += chunk
                now = time.monotonic() - t0
                if first is None and FIRST in seen:
                    first = now
                if PROMPT in seen:
                    prompt = now
                    cpu = cpu_seconds(p.pid)
            elif p.poll() is not None:
                raise SystemExit("boottime: QEMU exited (%s):\n%s" %
                                 (p.returncode, seen[-2000:].decode(errors="replace")))
            else:
                time.sleep(0.002)
    finally:
        p.kill()
        p.wait()
    return first, prompt, cpu


def spread(values):
    return "%.3f s (%.3f-%.3f)" % (statistics.median(values), min(values), max(values))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--kernel", action="store_true", help="-kernel/-initrd, not the ISO")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("qemu_args", nargs="*", help="more QEMU arguments (after --)")
    a = ap.parse_args()
    args = [os.environ.get("QEMU", "qemu-system-i386"), "-nodefaults", "-display", "none",
            "-serial", "stdio", "-m", "128M", "-vga", "std"]
    if a.kernel:
        args += ["-kernel", os.path.join(a.build, "irqlab.elf"),
                 "-initrd", os.path.join(a.build, "initramfs.cpio")]
    else:
        args += ["-cdrom", os.path.join(a.build, "irqlab.iso")]
    args += a.qemu_args
    runs = [one_boot(args, a.timeout) for _ in range(a.runs)]
    print("boot of %s, %d runs: median (min-max)" %
          ("-kernel" if a.kernel else "the ISO", a.runs))
    print("  to the kernel's first line  %s" % spread([r[0] for r in runs]))
    print("  to the prompt               %s" % spread([r[1] for r in runs]))
    print("  QEMU's CPU time at prompt   %s" % spread([r[2] for r in runs]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
