"""The event trace: `trace dump` is valid Chrome trace-event JSON whose causal order is
right, `make trace`'s capture holds every event the labs' handouts send students to
find in it, its renderer draws it, and 'trace' on the command line starts it."""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import trace_capture  # noqa: E402
import trace_svg  # noqa: E402

from irqlab import booted


# QEMU's -icount: the guest's clocks count its instructions (2^2 ns each), not the host's
# time, so how long each traced event lasts does not depend on how loaded the host is.
ICOUNT = ["-icount", "shift=2"]


@pytest.fixture(scope="module")
def events():
    """What `make trace` records: the same capture, typing 'echo tr'."""
    data = trace_capture.capture(keys="echo tr", extra_args=ICOUNT)
    return data["traceEvents"]


def lane_of(events, name):
    for e in events:
        if e["ph"] == "M" and e["name"] == "thread_name" and e["args"]["name"] == name:
            return e["tid"]
    raise AssertionError("no lane named %r" % name)


def test_lanes_and_timestamps(events):
    assert lane_of(events, "hard IRQ") == 1
    assert lane_of(events, "tasklet") == 3
    assert any(e["ph"] == "M" and e["args"]["name"].startswith("shell (pid") for e in events
               if e["name"] == "thread_name")
    ts = [e["ts"] for e in events if "ts" in e]
    assert ts == sorted(ts), "records out of time order"
    assert len(ts) > 50


def test_each_keyboard_tasklet_follows_an_irq1(events):
    irq1 = [e["ts"] for e in events if e["ph"] == "B" and e["name"].startswith("IRQ 1 ")]
    kbd = [e["ts"] for e in events if e["ph"] == "B" and e["name"] == "keyboard_tasklet_fn"]
    assert len(irq1) >= 10, "typing 'echo tr' and Enter is 16 scancodes"
    assert kbd, "no keyboard tasklet ran"
    for t in kbd:
        assert any(i < t for i in irq1), "a keyboard tasklet at %s us before any IRQ 1" % t


def test_shared_irq_then_tasklet_then_work_item(events):
    """demo shared-irq: a device's IRQ 11, then its tasklet, which queues its work item."""
    irq = [e["ts"] for e in events if e["ph"] == "E" and e["name"].startswith("IRQ 11 ")]
    tl = [e for e in events if e["ph"] == "B" and e["name"] == "shared_tasklet_fn"]
    work = [e for e in events if e["ph"] == "B" and e["name"] == "shared_work_fn"]
    queued = [e["ts"] for e in events if e["ph"] == "i" and e["name"] == "queue_work shared_work_fn"]
    assert irq and tl and work and queued, "IRQ 11, its tasklet and its work item all traced"
    assert irq[0] < tl[0]["ts"] < queued[0] < work[0]["ts"]
    assert tl[0]["tid"] == 3                    # the tasklet lane
    assert work[0]["tid"] >= 100                # a thread's lane: the kworker's


def test_no_tasklet_overlaps_itself(events):
    running = {}
    for e in events:
        if e.get("tid") != 3 or e["ph"] not in "BE":
            continue
        key = e["args"]["tasklet"]
        if e["ph"] == "B":
            assert not running.get(key), "tasklet %s started while running" % key
            running[key] = True
        else:
            running[key] = False


def lanes(events):
    return {e["tid"]: e["args"]["name"] for e in events
            if e["ph"] == "M" and e["name"] == "thread_name"}


HANDOUTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "labs")
# What a handout's trace exercise quotes that is not an event or a lane: commands, files,
# and these.
NOT_EVENTS = {"eip": "an argument of the exception event",
              "irq_exit()": "a function, where the softirq lane's runs come from"}


def trace_exercises():
    """[(handout, quoted name)] from every Part B item that sends students to a trace."""
    found = []
    for path in sorted(glob.glob(os.path.join(HANDOUTS, "lab*.md"))):
        with open(path) as f:
            text = f.read()
        if "## Part B" not in text:
            continue                    # a lab with no trace exercises (lab 8's module)
        part_b = text[text.index("## Part B"):text.index("## Questions")]
        for item in re.split(r"\n(?=\d+\. )", part_b):
            if "trace" not in item:
                continue
            for name in re.findall(r"`([^`]+)`", item):
                if not re.match(r"(trace |make |build/|chrome://|cat |trigger |demo )", name):
                    found.append((os.path.basename(path), name))
    return found


def test_trace_has_every_event_a_handout_names(events):
    names = {e["name"] for e in events if e["ph"] != "M"} | set(lanes(events).values())
    words = {w for n in names for w in n.split()}
    exercises = trace_exercises()
    assert len(exercises) >= 8, exercises
    for handout, name in exercises:
        if name in NOT_EVENTS:
            continue
        assert name in names or name in words or any(n.startswith(name + " ")
                                                     for n in names), \
            "%s sends students to find %r in `make trace`'s output; it is not there" % (
                handout, name)
    exc = [e for e in events if e["name"] == "exception 6"]
    assert exc and "eip" in exc[0]["args"], exc


def test_storm_hands_over_to_ksoftirqd(events):
    """Lab 4: the storm's first NET_RX runs are in irq_exit (the softirq lane), then the
    restart limit wakes ksoftirqd, and the runs go on in ksoftirqd/0's own lane."""
    ksoftirqd = [t for t, n in lanes(events).items() if n.startswith("ksoftirqd/0 ")]
    assert len(ksoftirqd) == 1, lanes(events)
    net_rx = [e for e in events if e["ph"] == "B" and e["name"] == "NET_RX"]
    wake = [e["ts"] for e in events if e["name"] == "wake ksoftirqd"]
    in_irq_exit = [e["ts"] for e in net_rx if e["tid"] == 2]
    in_thread = [e["ts"] for e in net_rx if e["tid"] == ksoftirqd[0]]
    assert in_irq_exit and wake and in_thread, (len(in_irq_exit), wake[:3], len(in_thread))
    first_wake = min(w for w in wake if w > in_irq_exit[0])
    assert in_irq_exit[0] < first_wake < in_thread[0]
    assert len(in_thread) > len(in_irq_exit)


def test_timer_softirq_after_the_lapic_timer(events):
    """Lab 4, 'where do softirqs run': TIMER in the softirq lane, right after the LAPIC
    timer's hard IRQ, named after its vector."""
    timer_irq = [e["ts"] for e in events if e["ph"] == "E" and
                 e["name"] == "vector 0xec local timer"]
    timer = [e["ts"] for e in events if e["ph"] == "B" and e["name"] == "TIMER"]
    assert timer_irq and timer
    assert any(0 <= t - i < 1000 for t in timer for i in timer_irq), (timer_irq, timer)


def test_work_items_and_the_irq_thread_in_their_lanes(events):
    names = lanes(events)
    shell = [t for t, n in names.items() if n.startswith("shell ")]
    queued = [e for e in events if e["name"] == "queue_work demo_work_fn"]
    assert queued and all(e["tid"] in shell for e in queued), queued
    work = [e for e in events if e["ph"] == "B" and e["name"] == "demo_work_fn"]
    assert len({e["tid"] for e in work}) >= 2, work     # B runs beside the sleeping A
    assert all(names[e["tid"]].startswith("kworker/") for e in work), work
    thread_fn = [e for e in events if e["ph"] == "B" and e["name"] == "lothars_thread_fn"]
    assert thread_fn and names[thread_fn[0]["tid"]].startswith("irq/11-lothars_thread ")
    irq11 = [e["ts"] for e in events if e["ph"] == "E" and e["name"].startswith("IRQ 11 ")]
    assert any(t < thread_fn[0]["ts"] for t in irq11)


SVG = "{http://www.w3.org/2000/svg}"


def panels(svg):
    """{panel title: [(rect width, its title)]} of a rendered trace."""
    root = ET.fromstring(svg)
    out, current = {}, None
    for el in root:
        if el.tag == SVG + "text" and el.get("font-weight") == "bold" and el.get("font-size"):
            current = el.text
            out[current] = []
        elif el.tag == SVG + "rect" and current and el.find(SVG + "title") is not None:
            out[current].append((float(el.get("width")), el.find(SVG + "title").text))
    return out


def test_svg_zooms_in_on_each_moment(events):
    svg = trace_svg.render(events)
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "hard IRQ" in texts and "tasklet" in texts
    p = panels(svg)
    titles = list(p)
    assert titles[0] == "overview", titles
    keys = [t for t in titles if "key press" in t]
    assert len(keys) == trace_svg.MAX_KEY_PANELS, titles
    for want in ("shared_work_fn", "lothars_thread_fn", "exception 6", "storm (1/2)",
                 "storm (2/2)"):
        assert any(want in t for t in titles[1:]), (want, titles)
    # Every zoomed panel is lettered, and the overview marks where it lies.
    letters = [t.split(":")[0] for t in titles[1:]]
    assert letters == [chr(ord("A") + i) for i in range(len(letters))], titles
    assert set(letters) <= set(texts), texts
    # Zoomed in, a key's chain is boxes one can read, not 1-pixel ticks: in each panel
    # whose chain no other interrupt (a timer tick at that moment) shares.
    chains = [{name.split(":")[0]: w for w, name in p[k]} for k in keys]
    alone = [c for c in chains if not any(n.startswith(("IRQ ", "vector ")) and
                                          n != "IRQ 1 i8042" for n in c)]
    assert alone, chains
    for chain in alone:
        for name in ("IRQ 1 i8042", "TASKLET", "keyboard_tasklet_fn"):
            assert chain.get(name, 0) > 50, (name, chain)
    assert any(w <= 1.0 for w, _n in p["overview"])        # where the overview fails
    # The LAPIC timer's vector carries its name from the kernel's vector map.
    assert any(n.startswith("vector 0xec local timer:") for _w, n in p["overview"])


def test_svg_from_to_limits_the_overview_and_the_panels(events):
    irq1 = [e["ts"] for e in events if e["ph"] == "B" and e["name"].startswith("IRQ 1 ")]
    ends = [e["ts"] for e in events if e["ph"] == "E" and e["name"] == "keyboard_tasklet_fn"]
    t_from = irq1[0] - 5
    t_to = min(t for t in ends if t > irq1[0]) + 1      # the first key's bottom half only
    p = panels(trace_svg.render(events, t_from, t_to))
    assert [t for t in p if t != "overview"] == ["A: key press: IRQ 1 -> TASKLET softirq "
                                                 "-> keyboard_tasklet_fn"], list(p)
    assert list(panels(trace_svg.render(events, zoom=False))) == ["overview"]


def test_trace_from_boot_and_status():
    with booted(cmdline="trace") as m:
        assert "trace: recording" in m.command("trace status")
        assert m.command("trace stop").strip() == "trace: stopped"
        assert "usage: trace" in m.command("trace sideways")
        assert "usage: trace" in m.command("trace start sideways")
        assert "keeps the first 4096" in m.command("trace start nooverwrite")
        assert re.search(r"recording, 0 events overwritten, \d+ dropped",
                         m.command("trace status"))


# --- two CPUs: a set of lanes per CPU ----------------------------------------------------

@pytest.fixture(scope="module")
def smp_capture():
    """What `make trace` records on -smp 2: demo softirq-smp, then demo tasklet-smp, and
    what the two printed; then 20 ms asleep. The demos take 5-8 ms of the guest's time,
    less than the 10 ms between two timer ticks, so whether each CPU's tick falls inside
    them is chance: in the 20 ms after, each CPU's LAPIC timer ticks at least once."""
    outputs = []
    data = trace_capture.capture_smp(demos=trace_capture.SMP_DEMOS + ["sleep 20"],
                                     outputs=outputs)
    return data["traceEvents"], outputs, data["irqlabDropped"]


def lane_names(events):
    return {(e["pid"], e["tid"]): e["args"]["name"] for e in events
            if e["ph"] == "M" and e["name"] == "thread_name"}


def boxes(events, name, tid=None):
    """[(cpu, start, end)] of the B/E pairs named name (in lane tid, if given)."""
    out, open_ = [], {}
    for e in events:
        if e["name"] != name or e["ph"] not in "BE" or (tid and e["tid"] != tid):
            continue
        key = (e["pid"], e["tid"])
        if e["ph"] == "B":
            open_[key] = e["ts"]
        elif key in open_:
            out.append((e["pid"], open_.pop(key), e["ts"]))
    return out


def test_each_cpu_has_its_own_lanes(smp_capture):
    events, _, _ = smp_capture
    procs = {e["pid"]: e["args"]["name"] for e in events
             if e["ph"] == "M" and e["name"] == "process_name"}
    assert procs == {0: "irqlab CPU0", 1: "irqlab CPU1"}, procs
    names = lane_names(events)
    for cpu in (0, 1):
        assert [names.get((cpu, t)) for t in (1, 2, 3)] == ["hard IRQ", "softirq", "tasklet"]
        # Every idle thread is pid 0: each CPU's lane 100 is its own idle thread's.
        assert names[(cpu, 100)] == ("idle (pid 0)" if cpu == 0 else "idle/1 (pid 0)")
    # A ksoftirqd/N that ran shows in CPU N's lanes only (it is bound there).
    for (cpu, _tid), name in names.items():
        if name.startswith("ksoftirqd/"):
            assert name.startswith("ksoftirqd/%d " % cpu), names
    # Every event sits on the CPU that recorded it, both CPUs' events in one time order.
    assert {e["pid"] for e in events if e["ph"] != "M"} == {0, 1}
    ts = [e["ts"] for e in events if "ts" in e]
    assert ts == sorted(ts), "the CPUs' rings are not merged in time order"
    # The LAPIC timer ticks on each CPU, in that CPU's hard-IRQ lane.
    for cpu in (0, 1):
        assert [b for b in boxes(events, "vector 0xec local timer", 1) if b[0] == cpu]


def test_one_softirq_on_both_cpus_at_once(smp_capture):
    events, outputs, _ = smp_capture
    net_rx = boxes(events, "NET_RX", 2)
    assert sorted(b[0] for b in net_rx) == [0, 1], net_rx      # once on each CPU
    (_, s0, e0), (_, s1, e1) = net_rx
    assert max(s0, s1) < min(e0, e1), net_rx                    # and at once
    assert "overlap: yes" in outputs[0]


def test_tasklet_runs_on_one_cpu_at_a_time(smp_capture):
    """demo tasklet-smp's runs and RUN-held requeues, as the trace shows them on each
    CPU, are the counts the demo printed, and no two runs overlap."""
    events, outputs, dropped = smp_capture
    printed = {int(c): (int(ran), int(held)) for c, ran, held in re.findall(
        r"CPU(\d): scheduled \d+, ran it (\d+) times \(its tasklet counter: \d+\), found "
        r"RUN held and requeued it (\d+) times", outputs[1])}
    runs = sorted(boxes(events, "shared_fn", 3), key=lambda b: b[1])
    held = [(e["pid"], e["ts"]) for e in events if e["name"] == "RUN held: requeue shared_fn"]
    for cpu in (0, 1):
        seen = (len([r for r in runs if r[0] == cpu]), len([h for h in held if h[0] == cpu]))
        if dropped:
            # A host that holds a CPU back makes the other requeue it over and over, and a
            # ring in nooverwrite mode may fill: it then kept a first part of each count.
            assert seen[0] <= printed[cpu][0] and seen[1] <= printed[cpu][1], (cpu, printed)
        else:
            assert seen == printed[cpu], (cpu, printed)
    for a, b in zip(runs, runs[1:]):
        assert a[2] <= b[1], "shared_fn ran on CPU%d and CPU%d at once" % (a[0], b[0])
    # Each requeue is followed by a run on this CPU, and before that run begins a run on
    # the other CPU has begun (the one that held RUN). Not "before the requeue": the run's
    # trace record comes just after its tasklet_trylock(), so the other CPU can find RUN
    # held a moment before the record is written.
    # With records dropped, a CPU's ring holds only what came before it filled.
    last = {c: max([e["ts"] for e in events if e.get("pid") == c and "ts" in e] or [0])
            for c in (0, 1)}
    for cpu, ts in held:
        later = [r[1] for r in runs if r[0] == cpu and r[1] > ts]
        if not later and dropped:
            continue                    # the ring filled before that CPU's next run
        assert later, ("no run on CPU%d after its requeue" % cpu, ts)
        if dropped and last[1 - cpu] < min(later):
            continue                    # the other CPU's ring had filled by then
        assert any(r[0] != cpu and r[1] <= min(later) for r in runs), (cpu, ts)


def test_trace_start_clears_every_cpu():
    with booted(smp=2) as m:
        m.command("trace start")
        m.command("demo softirq-smp")
        first = trace_capture.dump(m)["traceEvents"]
        assert sorted(b[0] for b in boxes(first, "NET_RX")) == [0, 1]
        m.command("trace start")
        again = trace_capture.dump(m)["traceEvents"]
        assert not boxes(again, "NET_RX"), "a CPU's ring kept records from before the start"
        assert not [e for e in again if e["name"] == "raise NET_RX"]


def test_svg_draws_each_cpu_and_the_smp_moments(smp_capture):
    events, _, _ = smp_capture
    svg = trace_svg.render(events)
    texts = [t.text for t in ET.fromstring(svg).iter(SVG + "text")]
    for cpu in (0, 1):
        for lane in ("hard IRQ", "softirq", "tasklet"):
            assert "CPU%d %s" % (cpu, lane) in texts, texts
    titles = list(panels(svg))
    assert any("NET_RX on CPU" in t and "at once" in t for t in titles), titles
    assert any("shared_fn" in t and "found RUN held" in t for t in titles), titles
