#!/usr/bin/env python3
"""Render an irqlab trace (Chrome trace-event JSON from `trace dump`) as an SVG timeline.

    tools/trace_svg.py build/trace.json build/trace.svg [--from US] [--to US] [--no-zoom]

One lane per context - hard IRQ, softirq, tasklet, then each thread - time left to
right; with several CPUs, a set of such lanes per CPU ("CPU1 softirq"), one CPU's under
the other's, so that one softirq running on two CPUs at once shows as two boxes one
above the other, and a tasklet's runs on two CPUs as boxes that never overlap. A "B"/"E" pair is a box (nested pairs are stacked thinner inside), an instant
("i") is a tick. Events last microseconds and a session hundreds of milliseconds, so
the whole session (or --from/--to, in microseconds of the trace's own clock) is only an
overview; below it, each interesting moment gets a zoomed panel of its own, marked A, B,
C... on the overview: a key press (IRQ 1 -> TASKLET -> keyboard_tasklet_fn), IRQ 11's
chain to its work item or its thread, an exception, and a softirq storm's hand-over to
ksoftirqd; on several CPUs, a softirq running on two of them at once and a tasklet found
running on another CPU (RUN held) and run again. Standard library only."""
import argparse
import json
import sys
from xml.sax.saxutils import escape

LANE_H = 34
LABEL_W = 210
WIDTH = 1400
CHAR_W = 6.6                    # monospace 11px: the width of one character
COLORS = {1: "#d9534f", 2: "#f0ad4e", 3: "#5bc0de"}     # hard IRQ, softirq, tasklet
THREAD_COLOR = "#5cb85c"
RUNNING_COLOR = "#e8f4e8"
MARK_COLOR = "#fff3c4"
MAX_KEY_PANELS = 3              # a line typed is many keys; the first few tell the story
MIN_SPAN_US = 20.0              # a zoomed panel shows at least this much time


def load(path):
    with open(path) as f:
        data = json.load(f)
    return data["traceEvents"] if isinstance(data, dict) else data


def spans(events):
    """[(lane, start, end, name, depth)] from B/E pairs; [(lane, ts, name)] instants;
    {lane: name} from the metadata. A lane is (CPU, context): the event's (pid, tid)."""
    names, boxes, ticks, open_ = {}, [], [], {}
    last_ts = max([e["ts"] for e in events if "ts" in e] or [0])
    for e in events:
        lane = (e.get("pid", 0), e.get("tid", 0))
        if e["ph"] == "M" and e["name"] == "thread_name":
            names[lane] = e["args"]["name"]
        elif e["ph"] == "B":
            open_.setdefault(lane, []).append((e["ts"], e["name"]))
        elif e["ph"] == "E":
            stack = open_.get(lane, [])
            if stack:           # an E without its B (before the ring's start) is dropped
                ts, name = stack.pop()
                boxes.append((lane, ts, e["ts"], name, len(stack)))
        elif e["ph"] == "i":
            ticks.append((lane, e["ts"], e["name"]))
    for lane, stack in open_.items():       # still open at the dump: to the end
        for depth, (ts, name) in enumerate(stack):
            boxes.append((lane, ts, last_ts, name, depth))
    return names, boxes, ticks


# --- the moments worth a closer look -----------------------------------------------------

def caused(boxes, effect, cause):
    """[(start, end)] from each box named effect back to the last box before it whose
    name starts with cause."""
    out = []
    for _l, s, e, name, _d in sorted(boxes, key=lambda b: b[1]):
        if name != effect:
            continue
        before = [b[1] for b in boxes if b[3].startswith(cause) and b[1] <= s]
        if before and (not out or max(before) > out[-1][1]):
            out.append((max(before), e))
    return out


def burst_before(boxes, ts, gap=50.0):
    """The start of the run of hard-IRQ and softirq boxes that ends at ts, no two of
    them more than gap us apart: what led up to ts."""
    start = ts
    for _l, s, e, _n, _d in sorted((b for b in boxes if b[0][1] in (1, 2) and b[1] < ts),
                                   key=lambda b: -b[1]):
        if start - e > gap:
            break
        start = min(start, s)
    return start


def storm_handover(names, boxes, ticks):
    """Two (title, start, end): the first wake of ksoftirqd with the softirq runs in
    irq_exit that led to it, and the thread's first runs when it gets the CPU."""
    ksoftirqd = [lane for lane, n in names.items() if n.startswith("ksoftirqd/")]
    runs = sorted((b for b in boxes if b[0] in ksoftirqd and b[3] != "running"),
                  key=lambda b: b[1])
    for _l, w, name in sorted(ticks, key=lambda t: t[1]):
        later = [b for b in runs if b[1] > w]
        if name != "wake ksoftirqd" or len(later) < 6:
            continue
        thread = [b[1] for b in boxes if b[0] in ksoftirqd and b[3] == "running" and
                  w < b[1] <= later[0][1]]
        return [("softirq storm (1/2): irq_exit's loop reruns %s until its restart "
                 "limit wakes ksoftirqd" % later[0][3], burst_before(boxes, w), w),
                ("softirq storm (2/2): %s later ksoftirqd/0 gets the CPU; %s goes on in "
                 "its lane" % (fmt_us(later[0][1] - w), later[0][3]),
                 min(thread + [later[0][1]]), later[5][2])]
    return []


def softirq_at_once(names, boxes):
    """(title, start, end) of the first two runs of one softirq on two CPUs that overlap
    in time (from the softirq lanes, or a ksoftirqd's), or nothing."""
    runs = sorted((b for b in boxes if b[0][1] == 2 or
                   names.get(b[0], "").startswith("ksoftirqd/")), key=lambda b: b[1])
    runs = [b for b in runs if b[3] != "running"]
    for i, a in enumerate(runs):
        for b in runs[i + 1:]:
            if b[1] >= a[2]:
                break
            if b[3] == a[3] and b[0][0] != a[0][0]:
                return [("%s on CPU%d and CPU%d at once: one softirq, two CPUs, %s of overlap"
                         % (a[3], a[0][0], b[0][0], fmt_us(min(a[2], b[2]) - b[1])),
                         a[1], max(a[2], b[2]))]
    return []


def tasklet_run_held(boxes, ticks):
    """(title, start, end) of the first tasklet found running on another CPU: its run
    there, the 'RUN held' requeue here, and its next run here; or nothing."""
    prefix = "RUN held: requeue "
    for lane, ts, name in sorted(ticks, key=lambda t: t[1]):
        if not name.startswith(prefix):
            continue
        fn, cpu = name[len(prefix):], lane[0]
        there = [b for b in boxes if b[3] == fn and b[0][1] == 3 and b[0][0] != cpu and
                 b[1] <= ts <= b[2]]
        here = sorted((b for b in boxes if b[3] == fn and b[0] == lane and b[1] > ts),
                      key=lambda b: b[1])
        if there and here:
            return [("tasklet %s: running on CPU%d, found RUN held on CPU%d and requeued, "
                     "run there once the first run ended" % (fn, there[0][0][0], cpu),
                     there[0][1], here[0][2])]
    return []


def alone(boxes, start, end):
    """Does the zoomed window around [start, end] hold no hard IRQ but IRQ 1's (a timer
    tick drawn into a key's chain makes it harder to read)?"""
    lo, hi = window(start, end)
    return not any(b[0][1] == 1 and b[1] < hi and b[2] > lo and not b[3].startswith("IRQ 1 ")
                   for b in boxes)


def key_presses(boxes, t0, t1):
    """The key presses in [t0, t1] that get a panel: those with nothing else in their
    window first, then the others, MAX_KEY_PANELS in all."""
    keys = [(s, e) for s, e in caused(boxes, "keyboard_tasklet_fn", "IRQ 1 ")
            if t0 <= s and e <= t1]
    quiet = [k for k in keys if alone(boxes, *k)]
    return (quiet + [k for k in keys if k not in quiet])[:MAX_KEY_PANELS]


def moments(names, boxes, ticks, t0, t1):
    """[(title, start, end)] of the moments that get a zoomed panel, in time order."""
    found = [("key press: IRQ 1 -> TASKLET softirq -> keyboard_tasklet_fn", s, e)
             for s, e in key_presses(boxes, t0, t1)]
    found += [("IRQ 11 -> shared_tasklet_fn -> work item shared_work_fn", s, e)
              for s, e in caused(boxes, "shared_work_fn", "IRQ 11 ")]
    found += [("threaded IRQ: IRQ 11 -> thread irq/11 runs lothars_thread_fn", s, e)
              for s, e in caused(boxes, "lothars_thread_fn", "IRQ 11 ")]
    found += [(name, ts, ts) for _l, ts, name in ticks if name.startswith("exception ")]
    found += storm_handover(names, boxes, ticks)
    found += softirq_at_once(names, boxes)
    found += tasklet_run_held(boxes, ticks)
    return sorted((m for m in found if t0 <= m[1] and m[2] <= t1), key=lambda m: m[1])


def window(start, end):
    """A little room on both sides of [start, end]."""
    span = max(end - start, MIN_SPAN_US)
    mid = (start + end) / 2
    return mid - span * 0.6, mid + span * 0.6


# --- drawing -------------------------------------------------------------------------------

def fmt_us(us):
    if us >= 10000:
        return "%.1f ms" % (us / 1000)
    if us >= 100:
        return "%.0f us" % us
    return "%.1f us" % us


def lane_label(names, lane, cpus):
    """What a lane is called: its name, after its CPU when there are several."""
    cpu, tid = lane
    name = names.get(lane, "pid %d (exited)" % (tid - 100) if tid >= 100 else "lane %d" % tid)
    return "CPU%d %s" % (cpu, name) if cpus > 1 else name


def panel(names, boxes, ticks, t0, t1, top, title, marks=(), all_lanes=False, cpus=1):
    """The SVG elements of one timeline panel from t0 to t1 starting at y=top, and the
    y where the next one may start. marks: [(letter, start, end)] to shade."""
    seen = {b[0] for b in boxes if b[2] >= t0 and b[1] <= t1 and b[3] != "running"}
    seen |= {t[0] for t in ticks if t0 <= t[1] <= t1}
    lanes = sorted(set(names) | {b[0] for b in boxes} | {t[0] for t in ticks}
                   if all_lanes else seen)
    row = {lane: i for i, lane in enumerate(lanes)}
    plot_top = top + 22
    bottom = plot_top + LANE_H * len(lanes)

    def x(ts):
        return LABEL_W + (ts - t0) * (WIDTH - LABEL_W - 10) / (t1 - t0)

    out = ['<text x="8" y="%d" font-size="13" font-weight="bold">%s</text>'
           % (top + 14, escape(title))]
    letter_x = 0                # marks close together: their letters side by side
    for letter, s, e in marks:
        left, right = x(max(s, t0)), x(min(e, t1))
        out.append('<rect x="%.2f" y="%d" width="%.2f" height="%d" fill="%s"/>'
                   % (left - 2, plot_top, right - left + 4, bottom - plot_top, MARK_COLOR))
        letter_x = max(left - 2, letter_x + CHAR_W + 2)
        out.append('<text x="%.2f" y="%d" font-weight="bold">%s</text>'
                   % (letter_x, plot_top - 2, letter))
    for i, lane in enumerate(lanes):
        y = plot_top + row[lane] * LANE_H
        new_cpu = i and lane[0] != lanes[i - 1][0]      # a CPU's lanes begin: a firmer line
        out.append('<line x1="0" y1="%d" x2="%d" y2="%d" stroke="%s"/>'
                   % (y, WIDTH, y, "#666" if new_cpu else "#ddd"))
        out.append('<text x="6" y="%d">%s</text>'
                   % (y + 20, escape(lane_label(names, lane, cpus))))
    labels = []                 # drawn last, so that no box covers one
    label_free = {}             # (lane, depth) -> x where the next label may start
    starts = {}                 # (lane, depth) -> the box starts, to keep labels off them
    for lane, s, e, name, depth in boxes:
        if name != "running" and e >= t0 and s <= t1:
            starts.setdefault((lane, depth), []).append(x(max(s, t0)))
    for lane, s, e, name, depth in sorted(boxes, key=lambda b: (b[4], b[1])):
        if e < t0 or s > t1 or lane not in row:
            continue
        y = plot_top + row[lane] * LANE_H + 4 + depth * 5
        h = max(LANE_H - 8 - depth * 10, 6)
        running = name == "running"
        color = RUNNING_COLOR if running else COLORS.get(lane[1], THREAD_COLOR)
        left = x(max(s, t0))
        w = max(x(min(e, t1)) - left, 1.0)
        out.append('<rect x="%.2f" y="%d" width="%.2f" height="%d" fill="%s" stroke="%s">'
                   '<title>%s: %.3f us at %.3f us</title></rect>'
                   % (left, y, w, h, color, "none" if running else "#333",
                      escape(name), e - s, s))
        if running:
            continue
        text_w = CHAR_W * len(name)
        key = (lane, depth)
        if w > text_w + 4 and left >= label_free.get(key, 0):
            labels.append('<text x="%.2f" y="%d">%s</text>' % (left + 2, y + h - 4,
                                                                escape(name)))
            label_free[key] = left + text_w + 6
        elif (left + w + text_w < WIDTH and left + w >= label_free.get(key, 0) and
              not any(left < st < left + w + text_w + 6 for st in starts[key])):
            # Too narrow for its name: the name goes just after it, if that space is free.
            labels.append('<text x="%.2f" y="%d" fill="#555">%s</text>'
                          % (left + w + 3, y + h - 4, escape(name)))
            label_free[key] = left + w + text_w + 9
    tick_free = {}
    for lane, ts, name in sorted(ticks, key=lambda t: t[1]):
        if not t0 <= ts <= t1 or lane not in row:
            continue
        y = plot_top + row[lane] * LANE_H
        out.append('<line x1="%.2f" y1="%d" x2="%.2f" y2="%d" stroke="#000" stroke-width="1.5">'
                   '<title>%s at %.3f us</title></line>' % (x(ts), y + 1, x(ts), y + 12,
                                                            escape(name), ts))
        if x(ts) >= tick_free.get(lane, 0) and x(ts) + CHAR_W * len(name) < WIDTH:
            labels.append('<text x="%.2f" y="%d" font-size="9" fill="#333">%s</text>'
                          % (x(ts) + 2, y + 10, escape(name)))
            tick_free[lane] = x(ts) + CHAR_W * 0.85 * len(name) + 6
    out += labels
    axis_y = bottom + 14
    out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>'
               % (LABEL_W, bottom, WIDTH - 10, bottom))
    for i in range(6):
        ts = t0 + (t1 - t0) * i / 5
        anchor = "end" if i == 5 else "middle" if i else "start"
        out.append('<text x="%.1f" y="%d" text-anchor="%s">%s</text>'
                   % (x(ts), axis_y, anchor, fmt_us(ts) if i == 0 else "+" + fmt_us(ts - t0)))
    return out, axis_y + 24


def render(events, t_from=None, t_to=None, zoom=True):
    names, boxes, ticks = spans(events)
    times = [b[1] for b in boxes] + [b[2] for b in boxes] + [t[1] for t in ticks]
    t0 = t_from if t_from is not None else (min(times) if times else 0.0)
    t1 = t_to if t_to is not None else (max(times) if times else 1.0)
    t1 = max(t1, t0 + 1e-3)
    found = moments(names, boxes, ticks, t0, t1) if zoom else []
    cpus = len({lane[0] for lane in names} | {b[0][0] for b in boxes} | {t[0][0] for t in ticks})
    letters = [chr(ord("A") + i) for i in range(len(found))]
    body = ['<text x="8" y="18" font-size="14">irqlab trace: %s from %s, %d boxes, '
            '%d instants; below the overview, %d moments zoomed in (time: microseconds '
            'since the first record)</text>' % (fmt_us(t1 - t0), fmt_us(t0), len(boxes),
                                                len(ticks), len(found))]
    part, y = panel(names, boxes, ticks, t0, t1, 30, "overview",
                    [(letters[i], m[1], m[2]) for i, m in enumerate(found)], all_lanes=True,
                    cpus=cpus)
    body += part
    for letter, (title, s, e) in zip(letters, found):
        w0, w1 = window(s, e)
        part, y = panel(names, boxes, ticks, w0, w1, y + 6, "%s: %s" % (letter, title),
                        cpus=cpus)
        body += part
    return "\n".join(['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
                      'font-family="monospace" font-size="11">' % (WIDTH, y),
                      '<rect width="100%" height="100%" fill="white"/>'] + body + ["</svg>"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json")
    ap.add_argument("svg")
    ap.add_argument("--from", dest="t_from", type=float,
                    help="start, in us since the trace's first record")
    ap.add_argument("--to", dest="t_to", type=float, help="end, in us")
    ap.add_argument("--no-zoom", dest="zoom", action="store_false",
                    help="only the overview, no zoomed panels")
    args = ap.parse_args()
    svg = render(load(args.json), args.t_from, args.t_to, args.zoom)
    with open(args.svg, "w") as f:
        f.write(svg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
