#!/usr/bin/env python3
"""Boot irqlab with 'bench' under QEMU (TCG) and print the latency table.

    tools/bench.py [--build DIR] [--cpus 1,2] [--raw] [--trace] [--breakdown] [--linux FILE]...

The kernel prints one line per path, 'bench: NAME cycles min=A p50=B p99=C n=N', in TSC
cycles ('bench: NAME skipped: ...' for a cross-CPU path on one CPU); this turns them
into a table with the same figures in microseconds (at the TSC rate the kernel
measured), one boot per CPU count (-smp N; by default 1 and 2, so every path is seen
with and without a second CPU), and exits non-zero if any benchmark failed or is
missing. With --linux, a results file of ../shared/linux-bh/run.sh (Linux 6.1 in the same
QEMU; tools/linux_bh.py), each table gets Linux's p50 for the same path and the ratio
irqlab/Linux, from the file whose guest had as many CPUs. With --breakdown (the kernel
make bench BREAKDOWN=1 builds, with a TSC stamp at each stage of the interrupt path),
each path that raises an interrupt is followed by its stages, the whole round trip from
before the trigger to after it: the p50 from one stamp to the next."""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import irqlab  # noqa: E402
import linux_bh  # noqa: E402

LINE = re.compile(r"^bench: (\S+) cycles min=(\d+) p50=(\d+) p99=(\d+) n=(\d+)$", re.M)
SKIPPED = re.compile(r"^bench: (\S+) skipped: (.*)$", re.M)
TSC = re.compile(r"^bench: TSC at (\d+) kHz", re.M)
STAGE = re.compile(r"^bench: (\S+) stage (\S+) p50=(\d+) n=(\d+)$", re.M)
STAGES_ON = "bench: stage stamps on"


def run(build, timeout=120, trace=False, smp=2):
    # The ISO, as users boot it (docs/performance.md was measured so).
    code, out = irqlab.run_to_exit("bench trace" if trace else "bench", timeout=timeout,
                                   build=build, image="iso", smp=smp)
    return code, out


def parse(out):
    khz = TSC.search(out)
    rows = [(m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4)), int(m.group(5)))
            for m in LINE.finditer(out)]
    return (int(khz.group(1)) if khz else 0), rows


def stages(out):
    """{path: [(from, to, p50, n), ...]} in the order the kernel printed them: each
    stage runs from the stamp before it (the first from 'start') to the one it names.
    A stage only a few samples passed (a timer tick inside them stamped it) is listed
    but is not the 'from' of the next: most samples went straight past it."""
    found = {}
    for name, stage, p50, n in STAGE.findall(out):
        found.setdefault(name, []).append((stage, int(p50), int(n)))
    result = {}
    for name, rows in found.items():
        most = max(n for _s, _p, n in rows)
        frm, out_rows = "start", []
        for stage, p50, n in rows:
            out_rows.append((frm, stage, p50, n))
            if n * 2 >= most:
                frm = stage
        result[name] = out_rows
    return result


def skipped(out):
    """{name: why} for the paths the kernel could not measure on this many CPUs."""
    return dict(SKIPPED.findall(out))


def report(cpus, out, args, linux=None):
    khz, rows = parse(out)
    if args.raw:
        print("\n".join(l for l in out.splitlines() if l.startswith("bench:")))
        return
    print("%d CPU%s: TSC %.3f MHz; cycles (and microseconds), %s samples each%s"
          % (cpus, "" if cpus == 1 else "s", khz / 1000.0, rows[0][4] if rows else "?",
             "; event trace ON" if args.trace else ""))
    print("%-32s %10s %10s %10s %-32s%s" % ("path", "min", "p50", "p99", "",
                                        "  Linux p50 irqlab/Linux" if linux else ""))
    for name, mn, p50, p99, n in rows:
        us = lambda c: c * 1000.0 / khz if khz else 0.0  # noqa: E731
        print(("%-32s %10d %10d %10d   %-29s %s" % (
            name, mn, p50, p99, "(%.2f / %.2f / %.2f us)" % (us(mn), us(p50), us(p99)),
            linux_bh.ratio_cell(name, p50, linux))).rstrip())
        for frm, to, sp50, sn in stages(out).get(name, []) if args.breakdown else []:
            print("    %-28s %21d%s" % ("%s -> %s" % (frm, to), sp50,
                                        "" if sn == n else "   (n=%d)" % sn))
    for name, why in skipped(out).items():
        print("%-32s %s" % (name, why))
    if args.breakdown:
        print("Each stage's p50 carries one stamp's cost (the bench_stamp row); a stage\n"
              "runs from the stamp before it to the one it names (include/irqlab/bench_stamp.h).")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=irqlab.BUILD)
    ap.add_argument("--cpus", default="1,2",
                    help="comma-separated CPU counts, one boot each (default 1,2)")
    ap.add_argument("--raw", action="store_true", help="print the kernel's lines as they are")
    ap.add_argument("--trace", action="store_true",
                    help="with the event trace recording ('bench trace'), to see its cost")
    ap.add_argument("--breakdown", action="store_true",
                    help="the kernel has stage stamps (make bench BREAKDOWN=1): print each "
                    "path's stages")
    ap.add_argument("--linux", action="append", default=[], metavar="FILE",
                    help="a linux-bh results file: Linux's p50 and the ratio beside each path")
    args = ap.parse_args()
    linux = {}
    for path in args.linux:
        try:
            smp, figures = linux_bh.load(path)
        except (OSError, ValueError) as e:
            ap.error("--linux: %s" % e)
        linux[smp] = figures
    try:
        counts = [int(c) for c in args.cpus.split(",")]
    except ValueError:
        ap.error("--cpus takes CPU counts such as 1,2 (got %r)" % args.cpus)
    if any(not 1 <= c <= 8 for c in counts):
        ap.error("--cpus: irqlab runs on 1 to 8 CPUs (got %r)" % args.cpus)
    status = 0
    for i, cpus in enumerate(counts):
        code, out = run(args.build, trace=args.trace, smp=cpus)
        if i:
            print()
        report(cpus, out, args, linux.get(cpus))
        if args.breakdown and STAGES_ON not in out:
            print("bench: --breakdown, but this kernel has no stage stamps: "
                  "build it with make bench BREAKDOWN=1", file=sys.stderr)
            status = 1
        failed = [l for l in out.splitlines() if "FAILED" in l and l.startswith("bench:")]
        for l in failed:
            print(l, file=sys.stderr)
        if code != irqlab.EXIT_PASS or failed or not parse(out)[1]:
            print("bench: the run on %d CPU(s) failed (QEMU exit %s)" % (cpus, code),
                  file=sys.stderr)
            if not parse(out)[1]:
                print(out[-3000:], file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
