"""The event trace: `trace dump` is valid Chrome trace-event JSON whose causal order is
right, `make trace`'s renderer draws it, and 'trace' on the command line starts it."""
import os
import sys
import xml.etree.ElementTree as ET

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import trace_capture  # noqa: E402
import trace_svg  # noqa: E402

from irqlab import booted


@pytest.fixture(scope="module")
def events():
    data = trace_capture.capture(keys="echo tr", demos=["cat /dev/lothars_device"])
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


def test_lothars_irq_then_tasklet_then_work_item(events):
    irq = [e["ts"] for e in events if e["ph"] == "E" and e["name"].startswith("IRQ 11 ")]
    tl = [e for e in events if e["ph"] == "B" and e["name"] == "lothars_tasklet_fn"]
    work = [e for e in events if e["ph"] == "B" and e["name"] == "lothars_work_fn"]
    queued = [e["ts"] for e in events if e["ph"] == "i" and e["name"] == "queue_work lothars_work_fn"]
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


def test_svg_renders(events, tmp_path):
    svg = trace_svg.render(events)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "hard IRQ" in texts and "tasklet" in texts


def test_trace_from_boot_and_status():
    with booted(cmdline="trace") as m:
        assert "trace: recording" in m.command("trace status")
        assert m.command("trace stop").strip() == "trace: stopped"
        assert "usage: trace" in m.command("trace sideways")
