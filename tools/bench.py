#!/usr/bin/env python3
"""Boot irqlab with 'bench' under QEMU (TCG) and print the latency table.

    tools/bench.py [--build DIR] [--raw]

The kernel prints one line per path, 'bench: NAME cycles min=A p50=B p99=C n=N', in TSC
cycles; this turns them into a table with the same figures in microseconds (at the TSC
rate the kernel measured) and exits non-zero if any benchmark failed or is missing."""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import irqlab  # noqa: E402

LINE = re.compile(r"^bench: (\S+) cycles min=(\d+) p50=(\d+) p99=(\d+) n=(\d+)$", re.M)
TSC = re.compile(r"^bench: TSC at (\d+) kHz", re.M)


def run(build, timeout=120, trace=False):
    # The ISO, through GRUB, as users boot it (docs/performance.md was measured so), on
    # two CPUs: ipi_call_to_remote_func needs a second one; the others run on the first.
    code, out = irqlab.run_to_exit("bench trace" if trace else "bench", timeout=timeout,
                                   build=build, image="iso", smp=2)
    return code, out


def parse(out):
    khz = TSC.search(out)
    rows = [(m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4)), int(m.group(5)))
            for m in LINE.finditer(out)]
    return (int(khz.group(1)) if khz else 0), rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=irqlab.BUILD)
    ap.add_argument("--raw", action="store_true", help="print the kernel's lines as they are")
    ap.add_argument("--trace", action="store_true",
                    help="with the event trace recording ('bench trace'), to see its cost")
    args = ap.parse_args()
    code, out = run(args.build, trace=args.trace)
    khz, rows = parse(out)
    failed = [l for l in out.splitlines() if "FAILED" in l and l.startswith("bench:")]
    if args.raw:
        print("\n".join(l for l in out.splitlines() if l.startswith("bench:")))
    else:
        print("TSC %.3f MHz; cycles (and microseconds), %s samples each%s"
              % (khz / 1000.0, rows[0][4] if rows else "?",
                 "; event trace ON" if args.trace else ""))
        print("%-32s %10s %10s %10s" % ("path", "min", "p50", "p99"))
        for name, mn, p50, p99, _n in rows:
            us = lambda c: c * 1000.0 / khz if khz else 0.0  # noqa: E731
            print("%-32s %10d %10d %10d   (%.2f / %.2f / %.2f us)"
                  % (name, mn, p50, p99, us(mn), us(p50), us(p99)))
    for l in failed:
        print(l, file=sys.stderr)
    if code != irqlab.EXIT_PASS or failed or not rows:
        print("bench: the run failed (QEMU exit %s)" % code, file=sys.stderr)
        if not rows:
            print(out[-3000:], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
