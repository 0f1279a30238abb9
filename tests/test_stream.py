"""The viewer stream (`stream=ttyS1`, kernel/trace/trace_stream.c): /proc/interrupts,
/proc/softirqs and trace events on COM2, for the web page's panels, while the console on
COM1 stays the student's. Its format is in docs/web.md; parse() here is the reference the
page's reader (web/stream.js) follows."""
import json
import re
import time

from irqlab import booted


def parse(text):
    """The stream's records: ("S", fields), ("P", path, lines), ("N", pid, comm),
    ("T", event), ("L", cpu, n). Fails on any line the format does not allow."""
    records, lines = [], text.replace("\r", "").split("\n")
    if lines and lines[-1] != "":
        lines.pop()                     # the line being written when we looked
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        kind, _, rest = line.partition(" ")
        if kind == "S":
            records.append(("S", rest.split()))
        elif kind == "P":
            path, n = rest.rsplit(" ", 1)
            body = lines[i:i + int(n)]
            if len(body) < int(n):
                break                   # the snapshot is still being written
            assert all(b.startswith("|") for b in body), body
            records.append(("P", path, [b[1:] for b in body]))
            i += int(n)
        elif kind == "N":
            pid, comm = rest.split(" ", 1)
            records.append(("N", int(pid), comm))
        elif kind == "T":
            records.append(("T", json.loads(rest)))
        elif kind == "L":
            cpu, n = rest.split()
            records.append(("L", int(cpu), int(n)))
        else:
            raise AssertionError("not a stream line: %r" % line)
    return records


def stream_until(path, cond, what, timeout=60):
    """The stream's records once cond(records) holds; fails naming what was awaited."""
    deadline = time.monotonic() + timeout
    while True:
        with open(path, encoding="latin-1") as f:
            records = parse(f.read())
        if cond(records):
            return records
        assert time.monotonic() < deadline, "no %s in the stream: %r" % (what, records[-20:])
        time.sleep(0.2)


def lothars_count(snapshot):
    for row in snapshot[2]:
        if row.rstrip().endswith("lothars_device"):
            return sum(int(c) for c in row.split()[1:-3])
    return None


def test_panels_and_events_on_com2_console_untouched(tmp_path):
    com2 = str(tmp_path / "com2.txt")
    with booted(cmdline="stream=ttyS1 modules_load=interrupt", smp=2,
                extra_args=["-serial", "file:" + com2]) as m:
        assert "stream: /proc/interrupts, /proc/softirqs and trace events on ttyS1" in \
            m.command("dmesg | grep stream:")
        first = stream_until(com2, lambda r: any(x[0] == "P" and lothars_count(x) is not None
                                                  for x in r), "/proc/interrupts")
        assert first[0] == ("S", ["irqlab-stream", "1", "cpus", "2"])
        before = [lothars_count(x) for x in first if x[0] == "P" and
                  x[1] == "/proc/interrupts"][-1]
        m.command("cat /dev/lothars_device")

        def seen(records):
            snaps = [x for x in records if x[0] == "P" and x[1] == "/proc/interrupts"]
            events = [x[1] for x in records if x[0] == "T"]
            return snaps and lothars_count(snaps[-1]) == before + 1 and \
                any(e["name"] == "hello_interrupt_tasklet" and e["ph"] == "E" for e in events)
        records = stream_until(com2, seen, "IRQ 11 counted and its tasklet's end")
        events = [x[1] for x in records if x[0] == "T"]
        names = [(e["ph"], e["name"]) for e in events]
        # the top half, then the tasklet it scheduled, in the order they ran
        irq = names.index(("B", "IRQ 11 lothars_device"))
        assert names.index(("E", "IRQ 11 lothars_device")) > irq
        assert names.index(("B", "hello_interrupt_tasklet")) > irq
        threads = {x[1]: x[2] for x in records if x[0] == "N"}
        assert threads.get(1) == "ksoftirqd/0" and "stream" in threads.values(), threads
        assert any(x[0] == "P" and x[1] == "/proc/softirqs" and "TASKLET:" in x[2][7]
                   for x in records)
        # the console carried none of it
        assert not re.search(r"^(T \{|\|| *P /proc)", m.out, re.M)


def test_bad_port_and_missing_uart_are_said():
    with booted(cmdline="stream=ttyS2") as m:
        assert m.command("dmesg | grep stream:").strip().endswith(
            "stream: stream=ttyS2: the viewer stream goes to ttyS1 (COM2) only")
    with booted(cmdline="stream=ttyS1") as m:        # -nodefaults: no COM2
        assert m.command("dmesg | grep stream:").strip().endswith(
            "stream: no UART at COM2 (0x2f8): no viewer stream")
        assert "stream" not in m.command("ps")
