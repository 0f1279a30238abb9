#!/usr/bin/env python3
"""`make trace`: boot irqlab, trace what each lab's Part B looks for, save and draw it.

    tools/trace_capture.py [--build DIR] [--out build/trace.json] [--svg build/trace.svg]
                           [--smp-out build/trace-smp.json] [--smp-svg build/trace-smp.svg]

With the trace on, in this order (docs/labs/, each lab's "Part B: observe"): keys typed
through QMP (lab 2: IRQ 1 -> keyboard tasklet), `demo shared-irq` (IRQ 11 -> a device's
tasklet -> its work item), `demo workqueue` and `demo threaded-irq` (lab 5), `trigger ud` (lab 1:
exception 6), and last `demo softirq-storm` (lab 4: irq_exit's
restart limit, `wake ksoftirqd`, the storm moving to ksoftirqd/0's lane). The storm
fills any ring, so the trace is started with `nooverwrite`: the ring keeps the first
4096 events, the storm's start among them, and drops the rest. Then `trace dump`: the
JSON between the dump's marker lines is written out and drawn by tools/trace_svg.py.

Then a second boot with two CPUs (-smp 2) traces `demo softirq-smp` (NET_RX on both
CPUs at once: overlapping boxes in the two CPUs' softirq lanes) and `demo tasklet-smp`
(one tasklet running on one CPU while the other finds it RUN held, then running there):
build/trace-smp.json and .svg, a set of lanes per CPU."""
import argparse
import json
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
sys.path.insert(0, HERE)
import irqlab  # noqa: E402
import trace_svg  # noqa: E402
from guest_events import press_keys  # noqa: E402

BEGIN = "---8<--- irqlab trace begin"
END = "---8<--- irqlab trace end ---"
DEMOS = ["demo shared-irq", "demo workqueue", "demo threaded-irq", "trigger ud"]
STORM = "demo softirq-storm"
STORM_OVER = re.compile(r"softirq-storm: over after")


SMP_DEMOS = ["demo softirq-smp", "demo tasklet-smp"]


def dump(m):
    """`trace dump`'s JSON, parsed; with "irqlabDropped", the records the rings dropped
    (from the dump's first line: full rings in nooverwrite mode)."""
    m.write("trace dump\r")
    m.wait_for(BEGIN)
    head = m.wait_for("---\n")
    data = json.loads(m.wait_for(END, timeout=60))
    data["irqlabDropped"] = int(re.search(r"(\d+) dropped", head).group(1))
    return data


def capture_smp(build=None, demos=SMP_DEMOS, outputs=None, attempts=3):
    """The two CPUs' bottom-half demos, traced on -smp 2; what each demo printed is
    appended to outputs, if given. When the host holds one vCPU back, the other may find
    the tasklet RUN held thousands of times, and its ring (nooverwrite) fills with those
    requeues before the runs the picture is about: such a capture is taken again, on a
    fresh boot, up to attempts times in all; the last is kept either way."""
    for attempt in range(attempts):
        printed = []
        with irqlab.Machine(build=build, image="iso", smp=2) as m:
            m.wait_ready()
            m.command("trace start nooverwrite")
            for line in demos:
                printed.append(m.command(line, timeout=60))
            data = dump(m)
        if not data["irqlabDropped"] or attempt == attempts - 1:
            break
    if outputs is not None:
        outputs.extend(printed)
    return data


def capture(build=None, keys="echo hi", demos=DEMOS, storm=True, extra_args=(), attempts=3):
    """The one-CPU capture. A key typed while the guest idles is often taken together
    with the timer tick that fell due meanwhile (always so under -icount, whose clock
    jumps over the idle time when the key wakes the CPU), and the tick's TIMER softirq
    then stretches the key's chain. How many keys come alone depends on the host's pace:
    a capture in which none did is taken again, on a fresh boot, up to attempts times in
    all (the last is kept either way), so that a key panel shows a chain one can read."""
    for attempt in range(attempts):
        data = capture_once(build, keys, demos, storm, extra_args)
        _names, boxes, _ticks = trace_svg.spans(data["traceEvents"])
        keys_alone = [k for k in trace_svg.key_presses(boxes, float("-inf"), float("inf"))
                      if trace_svg.alone(boxes, *k)]
        if keys_alone or attempt == attempts - 1:
            return data


def capture_once(build, keys, demos, storm, extra_args):
    with irqlab.Machine(build=build, image="iso", extra_args=extra_args) as m:
        m.wait_ready()
        m.command("trace start nooverwrite")
        # Each key once the guest has read the one before: keys sent at the host's pace
        # can pile up in QEMU's PS/2 queue and reach the guest as one burst.
        press_keys(m, *([{" ": "spc"}.get(ch, ch)] for ch in keys), ["ret"])
        m.wait_for("\n" + irqlab.PROMPT)
        for line in demos:
            out = m.command(line, timeout=30)
            if "unknown command" in out or "no demo named" in out:
                continue        # a demo this kernel does not have (yet)
        if storm:
            m.command(STORM)
            # The storm ends after its few seconds of guest time; dump once it is over,
            # so the dump does not share the CPU with it.
            deadline = time.time() + 60 * irqlab.timeout_mult()
            while not STORM_OVER.search(m.command("dmesg", timeout=30)):
                if time.time() > deadline:
                    raise irqlab.MachineError("demo softirq-storm did not end")
                time.sleep(0.5)
        return dump(m)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=irqlab.BUILD)
    ap.add_argument("--out", default=os.path.join(irqlab.BUILD, "trace.json"))
    ap.add_argument("--svg", default=os.path.join(irqlab.BUILD, "trace.svg"))
    ap.add_argument("--smp-out", default=os.path.join(irqlab.BUILD, "trace-smp.json"))
    ap.add_argument("--smp-svg", default=os.path.join(irqlab.BUILD, "trace-smp.svg"))
    args = ap.parse_args()
    for grab, out, svg in ((capture, args.out, args.svg),
                           (capture_smp, args.smp_out, args.smp_svg)):
        data = grab(args.build)
        with open(out, "w") as f:
            json.dump(data, f, indent=0)
        with open(svg, "w") as f:
            f.write(trace_svg.render(data["traceEvents"]))
        print("trace: %d events -> %s, %s (open the JSON in Perfetto or chrome://tracing)"
              % (len(data["traceEvents"]), out, svg))
    return 0


if __name__ == "__main__":
    sys.exit(main())
