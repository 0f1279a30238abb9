"""The web build (make web, docs/web.md) under node: v86 as a library boots the same files
the page loads (build/web/), in both controller modes, through tools/web/run.mjs, which
types on COM1, presses keys and moves the mouse, and reads the viewer stream on COM2
with the page's own reader (web/stream.js). The whole selftest runs there too, and its
KTAP report, read from the console (v86 has no isa-debug-exit), is held to QEMU's."""
import json
import os
import re
import subprocess

import pytest

import ktap
from conftest import ktap_cases_in_source, read_selftest
from irqlab import BUILD, ROOT

WEB = os.path.join(BUILD, "web")


# V8's baseline wasm compiler only: v86 translates the guest's code into many small wasm
# modules, and V8's optimising tier recompiled each one again in background threads:
# the selftest took 22 s of CPU with it and 8 s without, in less time.
NODE = ["node", "--liftoff-only"]


def scenario(name):
    p = subprocess.run(NODE + [os.path.join(ROOT, "tools", "web", "run.mjs"), WEB, name],
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


# The cases that skip under v86 and run under QEMU, each for a reason the kernel measured
# (docs/web.md, "Known differences under v86"): v86's i8042 does not carry out command
# 0xD2, so the tests cannot type (kernel/tests/ktest_kbd.h).
V86_ONLY_SKIPS = {
    ("keyboard", "test_top_half_only_queues"),
    ("stress", "test_tasklets_keys_and_a_1khz_interrupt"),
}
CANNOT_TYPE = re.compile(r"^SKIP the i8042 does not carry out command 0xd2 \(write keyboard "
                         r"output buffer\): 0x81 written, 0x[0-9a-f]{2} came on IRQ 1$")


def skips(results):
    return {(r.suite, r.case): r.directive for r in results
            if r.ok and r.directive.upper().startswith("SKIP")}


@pytest.mark.web_selftest
def test_selftest_passes_every_suite_as_under_qemu():
    """The page's selftest button's boot, to the report's end: every case the sources
    hold ran and passed; what skipped is what skips on QEMU's one-CPU APIC boot (the
    gcc selftest boot, conftest.py), for the same reasons, and the documented v86 cases
    for the reason the kernel measured."""
    seen = scenario("selftest")
    out = seen["console"].replace("\r", "")
    results = ktap.parse(out)
    failed = ["%s.%s %s\n%s" % (r.suite, r.case, r.directive, "\n".join(r.diagnostics))
              for r in results if not r.ok]
    assert not failed, "\n".join(failed)
    passed = re.search(r"^# irqlab selftest: 0 failed case\(s\)$", out, re.M) is not None
    assert passed, out[-3000:]
    assert sorted((r.suite, r.case) for r in results) == sorted(ktap_cases_in_source())
    _code, qemu_out = read_selftest("gcc")
    qemu_skips, v86_skips = skips(ktap.parse(qemu_out)), skips(results)
    for case in V86_ONLY_SKIPS:
        assert CANNOT_TYPE.match(v86_skips.pop(case, "")), (case, v86_skips.get(case))
        assert case not in qemu_skips, "%s.%s skips under QEMU too" % case
    assert v86_skips == qemu_skips


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
