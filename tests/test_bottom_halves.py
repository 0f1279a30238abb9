"""Threads, softirqs and tasklets seen from the shell: ps, /proc/softirqs moving as keys
are typed, and the three demos."""
import re

from guest_events import press_keys


def softirqs(m):
    out = m.command("cat /proc/softirqs")
    lines = out.strip("\n").splitlines()
    assert re.match(r"^\s+CPU0\s*$", lines[0]), lines[0]
    rows = {}
    for line in lines[1:]:
        mm = re.match(r"^\s*([A-Z_]+):\s+(\d+)$", line)
        assert mm, "not a /proc/softirqs row: %r" % line
        rows[mm.group(1)] = int(mm.group(2))
    return rows


def ps(m):
    out = m.command("ps")
    rows = {}
    for line in out.strip("\n").splitlines()[1:]:
        f = line.split()
        rows[f[-1]] = {"pid": int(f[0]), "state": f[1], "class": f[3], "ticks": int(f[-4])}
    return rows


def test_proc_softirqs_has_linux_vectors_in_order(m):
    assert list(softirqs(m)) == ["HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL",
                                 "TASKLET", "SCHED", "HRTIMER", "RCU"]


def test_ps_lists_idle_ksoftirqd_and_the_shell(m):
    rows = ps(m)
    assert rows["idle"]["pid"] == 0 and rows["idle"]["state"] == "I"
    assert "ksoftirqd/0" in rows and rows["ksoftirqd/0"]["class"] == "NORMAL"
    assert rows["shell"]["state"] == "R"        # it is running ps


def test_typing_runs_the_keyboard_tasklet(m):
    before = softirqs(m)["TASKLET"]
    press_keys(m, *([key] for key in ["e", "c", "h", "o", "spc", "k", "e", "y", "s", "ret"]))
    m.wait_for("keys\n")
    m.wait_for("irqlab> ")
    after = softirqs(m)["TASKLET"]
    # At least one TASKLET_SOFTIRQ run per burst of scancodes; 20 scancodes were sent.
    assert after > before, (before, after)


def test_demo_tasklet(m):
    before = softirqs(m)["TASKLET"]
    out = m.command("demo tasklet")
    after = softirqs(m)["TASKLET"]
    # The disabled tasklet re-raises TASKLET_SOFTIRQ on every pass: the demo says how
    # often, from the counters /proc/softirqs shows.
    mm = re.search(r"meanwhile TASKLET_SOFTIRQ ran (\d+) times \(/proc/softirqs TASKLET: "
                   r"(\d+) -> (\d+)\): each pass finds it disabled", out)
    assert mm, out
    ran, seen_before, seen_after = (int(mm.group(i)) for i in (1, 2, 3))
    assert ran == seen_after - seen_before and ran > 1
    assert before <= seen_before and seen_after <= after
    assert "it ran 1 time(s): the second call found TASKLET_STATE_SCHED set" in out
    assert "it ran in softirq (TASKLET_SOFTIRQ) context" in out
    assert "it ran 4 time(s): SCHED is cleared before the function is called" in out
    assert "after the softirq ran: 0 run(s); it stays queued (state SCHED=1) while its count is 1" in out
    assert "after tasklet_enable(): 1 run(s)" in out


def test_demo_sleep_in_atomic(m):
    out = m.command("demo sleep-in-atomic")
    reports = out.count("BUG: sleeping function called from invalid context at kernel/time/sleep.c")
    assert reports == 2, out
    # 0x100 from an interrupt's exit or ksoftirqd, 0x101 from a local_bh_enable(): which
    # one runs the tasklet first depends on whether a tick comes in between.
    assert re.search(r"preempt_count: 0x0000010[01] \(softirq context\)", out), out
    assert re.search(r"preempt_count: 0x0001\d{4} \(hard-IRQ context\)", out), out
    assert "in_atomic(): 1, irqs_disabled(): 1" in out       # the hard-IRQ handler
    assert "might_sleep() reported 2 bug(s)" in out
    assert m.command("echo alive").strip().endswith("alive")


def test_demo_softirq_storm_ksoftirqd_takes_over_shell_responsive(m):
    ticks_before = ps(m)["ksoftirqd/0"]["ticks"]
    net_rx_before = softirqs(m)["NET_RX"]
    started = m.cursor
    # Not command(): the storm is handed to ksoftirqd/0 while the command runs, and says
    # so before the command's own lines, so look for it from the typed line on.
    m.write("demo softirq-storm\r")
    m.wait_for("softirq-storm: restart limit reached", timeout=5)
    # During the storm the shell still answers: its reply comes before the storm's end
    # (an order of events on the console, whatever the host's speed).
    assert m.command("echo responsive").strip().endswith("responsive")
    answered = m.cursor
    m.wait_for("softirq-storm: over after 3 s:", timeout=10)
    assert m.out.index("softirq-storm: over after 3 s:", started) >= answered, m.out[started:]
    summary = m.wait_for(r"(\d+) runs, (\d+) of them in ksoftirqd/0; the restart limit "
                         r"handed over (\d+) time", regex=True)
    runs, in_thread, handovers = (int(summary.group(i)) for i in (1, 2, 3))
    assert runs > 1000 and in_thread > runs // 2 and handovers >= 1
    assert ps(m)["ksoftirqd/0"]["ticks"] > ticks_before + 10
    assert softirqs(m)["NET_RX"] - net_rx_before == runs


def test_demo_without_name_lists_demos(m):
    out = m.command("demo")
    assert "usage: demo" in out
    for name in ("tasklet", "softirq-storm", "sleep-in-atomic"):
        assert re.search(r"^\s+%s\s" % name, out, re.M), out
    assert "no demo named 'nope'" in m.command("demo nope")
