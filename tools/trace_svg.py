#!/usr/bin/env python3
"""Render an irqlab trace (Chrome trace-event JSON from `trace dump`) as an SVG timeline.

    tools/trace_svg.py build/trace.json build/trace.svg [--from US] [--to US]

One lane per context - hard IRQ, softirq, tasklet, then each thread - time left to
right. A "B"/"E" pair is a box (nested pairs are stacked thinner inside), an instant
("i") is a tick, so IRQ 1 -> keyboard tasklet -> work item reads at a glance. Standard
library only."""
import argparse
import json
import sys
from xml.sax.saxutils import escape

LANE_H = 34
LABEL_W = 190
WIDTH = 1400
COLORS = {1: "#d9534f", 2: "#f0ad4e", 3: "#5bc0de"}     # hard IRQ, softirq, tasklet
THREAD_COLOR = "#5cb85c"
RUNNING_COLOR = "#e8f4e8"


def load(path):
    with open(path) as f:
        data = json.load(f)
    return data["traceEvents"] if isinstance(data, dict) else data


def spans(events):
    """[(lane, start, end, name, depth)] from B/E pairs; [(lane, ts, name)] instants;
    {lane: name} from the metadata."""
    names, boxes, ticks, open_ = {}, [], [], {}
    last_ts = max([e["ts"] for e in events if "ts" in e] or [0])
    for e in events:
        lane = e.get("tid", 0)
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


def render(events, t_from=None, t_to=None):
    names, boxes, ticks = spans(events)
    times = [b[1] for b in boxes] + [b[2] for b in boxes] + [t[1] for t in ticks]
    t0 = t_from if t_from is not None else (min(times) if times else 0.0)
    t1 = t_to if t_to is not None else (max(times) if times else 1.0)
    t1 = max(t1, t0 + 1e-3)
    lanes = sorted(set(names) | {b[0] for b in boxes} | {t[0] for t in ticks})
    row = {lane: i for i, lane in enumerate(lanes)}
    height = 40 + LANE_H * len(lanes) + 30

    def x(ts):
        return LABEL_W + (ts - t0) * (WIDTH - LABEL_W - 10) / (t1 - t0)

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="monospace" font-size="11">' % (WIDTH, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="8" y="18" font-size="13">irqlab trace: %.1f us, %d boxes, %d instants</text>'
           % (t1 - t0, len(boxes), len(ticks))]
    for lane in lanes:
        y = 30 + row[lane] * LANE_H
        out.append('<line x1="0" y1="%d" x2="%d" y2="%d" stroke="#ddd"/>' % (y, WIDTH, y))
        out.append('<text x="6" y="%d">%s</text>' % (y + 20, escape(names.get(lane, "lane %d" % lane))))
    label_free = {}             # lane -> x where the next label may start
    for lane, s, e, name, depth in sorted(boxes, key=lambda b: (b[4], b[1])):
        if e < t0 or s > t1:
            continue
        y = 30 + row[lane] * LANE_H + 4 + depth * 5
        h = max(LANE_H - 8 - depth * 10, 6)
        running = name == "running"
        color = RUNNING_COLOR if running else COLORS.get(lane, THREAD_COLOR)
        w = max(x(min(e, t1)) - x(max(s, t0)), 1.0)
        out.append('<rect x="%.2f" y="%d" width="%.2f" height="%d" fill="%s" stroke="%s">'
                   '<title>%s: %.3f us at %.3f us</title></rect>'
                   % (x(max(s, t0)), y, w, h, color, "none" if running else "#333",
                      escape(name), e - s, s - t0))
        if running:
            continue
        left = x(max(s, t0))
        if w > 7 * len(name) and left >= label_free.get(lane, 0):
            out.append('<text x="%.2f" y="%d">%s</text>' % (left + 2, y + h - 4, escape(name)))
            label_free[lane] = left + 7 * len(name) + 6
        elif left + w + 7 * len(name) < WIDTH and left + w >= label_free.get(lane, 0):
            # Too narrow for its name: the name goes just after it, if that space is free.
            out.append('<text x="%.2f" y="%d" fill="#555">%s</text>'
                       % (left + w + 3, y + h - 4, escape(name)))
            label_free[lane] = left + w + 7 * len(name) + 9
    for lane, ts, name in ticks:
        if t0 <= ts <= t1:
            y = 30 + row[lane] * LANE_H
            out.append('<line x1="%.2f" y1="%d" x2="%.2f" y2="%d" stroke="#000">'
                       '<title>%s at %.3f us</title></line>' % (x(ts), y + 2, x(ts), y + 10,
                                                                escape(name), ts - t0))
    axis_y = 30 + LANE_H * len(lanes) + 14
    for i in range(6):
        ts = t0 + (t1 - t0) * i / 5
        anchor = "end" if i == 5 else "start"
        out.append('<text x="%.1f" y="%d" text-anchor="%s">%.0f us</text>'
                   % (x(ts), axis_y, anchor, ts - t0))
    out.append("</svg>")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json")
    ap.add_argument("svg")
    ap.add_argument("--from", dest="t_from", type=float, help="start, in us")
    ap.add_argument("--to", dest="t_to", type=float, help="end, in us")
    args = ap.parse_args()
    svg = render(load(args.json), args.t_from, args.t_to)
    with open(args.svg, "w") as f:
        f.write(svg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
