"""The web build (make web, docs/web.md) under node: v86 as a library boots the same files
the page loads (build/web/), in both controller modes, through tools/web/run.mjs, which
types on COM1, presses keys and moves the mouse, and reads the viewer stream on COM2
with the page's own reader (web/stream.js)."""
import json
import os
import re
import subprocess

import pytest

from irqlab import BUILD, ROOT

WEB = os.path.join(BUILD, "web")


def scenario(name):
    p = subprocess.run(["node", os.path.join(ROOT, "tools", "web", "run.mjs"), WEB, name],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    seen = json.loads(p.stdout)
    assert seen["ok"], "%s\n%s" % (seen.get("error"), seen["console_tail"])
    return seen


@pytest.mark.parametrize("mode", ["apic", "pic"])
def test_boots_answers_and_the_panels_follow(mode):
    seen = scenario(mode)
    chip = "IO-APIC" if mode == "apic" else "XT-PIC"
    assert re.search(r"^ 11: +0 +%s +11-\S+ +lothars_device$" % chip, seen["interrupts"], re.M), \
        seen["interrupts"]
    assert "stream" in seen["ps"] and "shell" in seen["ps"]
    # the panels' counts, read from the stream, moved with what was done
    before, after = seen["counts"]["before"], seen["counts"]["after"]
    assert after["key"] == before["key"] + 2        # Shift pressed, released
    assert after["mouse"] > before["mouse"]
    assert after["lothar"] == before["lothar"] + 1
    stream = seen["stream"]
    assert stream["hello"] == ["irqlab-stream", "1", "cpus", "1"]
    assert stream["bad"] == [] and set(stream["files"]) == {"/proc/interrupts", "/proc/softirqs"}
    names = [(e["ph"], e["name"]) for e in stream["events"]]
    assert ("B", "IRQ 1 i8042") in names and ("B", "IRQ 12 i8042") in names
    assert ("B", "IRQ 11 lothars_device") in names
    if mode == "apic":
        # the notes' module: int $0x3B reaches IRQ 11, whose handler schedules the tasklet
        assert names.index(("E", "hello_interrupt_tasklet")) > \
            names.index(("B", "IRQ 11 lothars_device"))
    else:
        # 8259 mode: vector 0x3B is no line's, Linux's failure and why; raise 11 counts
        assert "do_IRQ: 0.59 No irq handler for vector" in seen["lothars"]
        assert "IRQ 0-15 are on vectors 0x20-0x2f here" in seen["lothars"]
        assert "its count went 0 -> 1" in seen["raise"]
    assert "#DE divide error: vector 0" in seen["divide"]


def test_the_site_holds_what_the_offline_cache_lists():
    with open(os.path.join(WEB, "sw.js")) as f:
        sw = f.read()
    assert re.search(r'const VERSION = "irqlab-[0-9a-f]{16}";', sw)
    files = re.search(r"const FILES = \[(.*?)\];", sw, re.S).group(1)
    for name in re.findall(r'"([^"]+)"', files):
        if name != "./":
            assert os.path.isfile(os.path.join(WEB, name)), name
    with open(os.path.join(WEB, "index.html")) as f:
        page = f.read()
    for src in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert os.path.isfile(os.path.join(WEB, src)), src


def test_the_options_floppy_refuses_what_grub_would_misread():
    js = ("const b = require(%r);" % os.path.join(WEB, "boot.js") +
          "const d = new Uint8Array(b.optionsFloppy('selftest'));"
          "console.log(JSON.stringify([d.length, Buffer.from(d.slice(0, 27)).toString(), d[511], d[512]]));"
          "try { b.optionsFloppy('a\"b'); } catch (e) { console.log(e.message); }")
    p = subprocess.run(["node", "-e", js], capture_output=True, text=True, check=True)
    first, refusal = p.stdout.splitlines()
    assert json.loads(first) == [1474560, 'set irqlab_args="selftest"\n', 10, 0]
    assert refusal == "kernel options may not hold quotes, backslashes, $ or newlines"
