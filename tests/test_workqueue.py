"""Work queues seen from the shell: kworker names in ps, /proc/workqueues, and the three
demos (workqueue, delayed-work, bh-workqueue). One boot for the module."""
import re

from guest_events import wait_ticks

PS_ROW = re.compile(r"^\s*(\d+)\s+(\S) \([^)]*\)\s+(NORMAL|FIFO\s+\d+)\s+\d+\s+\d+\s+\d+\s+\d+\s+(\S+)$")


def ps(m):
    rows = {}
    for line in m.command("ps").strip("\n").splitlines()[1:]:
        mm = PS_ROW.match(line)
        assert mm, "not a ps row: %r" % line
        rows[mm.group(4)] = {"pid": int(mm.group(1)), "class": " ".join(mm.group(3).split())}
    return rows


def ps_nice(m):
    """{name: NI} from the course notes' `ps ax -o pid,ni,cmd` (names in brackets, as
    Linux's ps shows kernel threads)."""
    out = m.command("ps ax -o pid,ni,cmd").strip("\n").splitlines()
    assert out[0].split() == ["PID", "NI", "CMD"], out
    rows = {}
    for line in out[1:]:
        mm = re.fullmatch(r"\s*(\d+)\s+(-?\d+|-)\s+\[(\S+)\]", line)
        assert mm, "not a ps -o pid,ni,cmd row: %r" % line
        rows[mm.group(3)] = mm.group(2)
    return rows


def kworkers(rows):
    return {name: row for name, row in rows.items() if name.startswith("kworker/")}


def proc_workqueues(m):
    """The three tables of /proc/workqueues, as lists of column lists."""
    out = m.command("cat /proc/workqueues")
    tables = [t.strip("\n").splitlines() for t in out.strip("\n").split("\n\n")]
    assert len(tables) == 3, out
    assert tables[0][0].split() == ["workqueue", "flags", "max_active", "pool", "pending",
                                    "running"], tables[0][0]
    assert tables[1][0].split() == ["pool", "name", "runs_in", "workers", "idle",
                                    "nr_running", "worklist"], tables[1][0]
    assert tables[2][0].split() == ["worker", "pid", "pool", "state", "function",
                                    "workqueue"], tables[2][0]
    return [[line.split() for line in t[1:]] for t in tables]


def test_boot_kworkers_are_named_as_linux_names_them(m):
    # First in this module: nothing has used a work queue yet, so each pool has the one
    # worker workqueue_init() made: CPU 0's normal and high-priority pools, and the
    # unbound pool, whose id is 2 (after CPU 0's two pools).
    rows = kworkers(ps(m))
    assert sorted(rows) == ["kworker/0:0", "kworker/0:0H", "kworker/u2:0"], rows
    assert rows["kworker/0:0"]["class"] == "NORMAL"
    assert rows["kworker/0:0H"]["class"] == "NORMAL"
    assert rows["kworker/u2:0"]["class"] == "NORMAL"
    # Linux's highpri kworkers run at nice -20 (HIGHPRI_NICE_LEVEL), the rest at 0.
    nice = ps_nice(m)
    assert {n: nice[n] for n in rows} == {"kworker/0:0": "0", "kworker/0:0H": "-20",
                                         "kworker/u2:0": "0"}, nice
    assert nice["shell"] == "0" and nice["ksoftirqd/0"] == "0", nice


def test_ps_o_takes_linux_columns_and_refuses_unknown_ones(m):
    out = m.command("ps -e -o pid,ni,cls,rtprio,psr,s,comm").strip("\n").splitlines()
    assert out[0].split() == ["PID", "NI", "CLS", "RTPRIO", "PSR", "S", "COMMAND"], out
    rows = {r.split()[-1]: r.split()[1:6] for r in out[1:]}
    assert rows["kworker/0:0H"] == ["-20", "TS", "-", "0", "S"], rows
    assert rows["shell"] == ["0", "TS", "-", "0", "R"], rows
    assert m.command("ps -o pid,bogus") == \
        'ps: error: unknown user-defined format specifier "bogus"\n'
    assert m.command("ps -o").startswith("usage: ps ")


def test_renice_sets_a_threads_nice_as_linux_renice(m):
    pid = int(re.search(r"^\s*(\d+)\s+\S+\s+\[ksoftirqd/0\]$",
                        m.command("ps ax -o pid,ni,cmd"), re.M).group(1))
    assert m.command("renice -n 5 -p %d" % pid) == \
        "%d (process ID) old priority 0, new priority 5\n" % pid
    assert ps_nice(m)["ksoftirqd/0"] == "5"
    # Linux's renice passes any number on; the kernel clamps it to -20..19.
    assert m.command("renice 40 %d" % pid) == \
        "%d (process ID) old priority 5, new priority 19\n" % pid
    assert m.command("renice 0 %d" % pid) == \
        "%d (process ID) old priority 19, new priority 0\n" % pid
    assert m.command("renice 1 99999") == \
        "renice: failed to get priority for 99999 (process ID): No such process\n"
    assert m.command("renice 1 x1") == "renice: bad process ID value: x1\n"
    assert m.command("renice").startswith("usage: renice ")


def test_proc_workqueues_lists_system_queues_pools_and_workers(m):
    queues, pools, workers = proc_workqueues(m)
    q = {row[0]: row for row in queues}
    # name: flags, max_active (Linux's defaults: WQ_DFL_ACTIVE 256; events_unbound is
    # made with WQ_MAX_ACTIVE 512), pool id
    assert q["events"][1:4] == ["-", "256", "0"]
    assert q["events_highpri"][1:4] == ["HIGHPRI", "256", "1"]
    assert q["events_unbound"][1:4] == ["UNBOUND", "512", "2"]
    assert q["events_bh"][1:4] == ["BH", "256", "4"]
    assert q["events_bh_highpri"][1:4] == ["BH|HIGHPRI", "256", "5"]
    p = {int(row[0]): row for row in pools}
    assert [p[i][1:3] for i in range(6)] == [
        ["cpu0", "nice=0"], ["cpu0-highpri", "nice=-20"],
        ["unbound", "nice=0"], ["unbound-highpri", "nice=-20"],
        ["cpu0-bh", "TASKLET_SOFTIRQ"], ["cpu0-bh-highpri", "HI_SOFTIRQ"]]
    # Every worker row agrees with its pool's count, and every kworker thread in ps is
    # a worker row with the same pid, in the pool its name says.
    for pool_id, row in p.items():
        assert int(row[3]) == sum(1 for w in workers if int(w[2]) == pool_id), (row, workers)
    threads = kworkers(ps(m))
    w = {row[0]: row for row in workers}
    for name, t in threads.items():
        assert name in w, (name, workers)
        assert int(w[name][1]) == t["pid"]
        expected_pool = "2" if name.startswith("kworker/u2:") else \
            "1" if name.endswith("H") else "0"
        assert w[name][2] == expected_pool, w[name]
    assert sorted(n for n in w if not n.startswith("kworker/")) == ["bh/0", "bh/0H"]
    assert w["bh/0"][1] == "-" and w["bh/0"][2] == "4"


DEMO_ROW = re.compile(r"^([A-F])\s+(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+"
                      r"in_task\(\)=(\d) in_interrupt\(\)=(\d) preempt_count\(\)=(0x[0-9a-f]+) "
                      r"(\S+)$", re.M)


def test_demo_workqueue(m):
    out = m.command("demo workqueue")
    items = {}
    for r in DEMO_ROW.findall(out):
        items[r[0]] = {"queue": r[1], "comm": r[2], "queued": int(r[3]), "start": int(r[4]),
                       "end": int(r[5]), "start_us": int(r[6]), "end_us": int(r[7]),
                       "in_task": r[8], "in_interrupt": r[9], "preempt": r[10], "class": r[11]}
    assert sorted(items) == list("ABCDEF"), out
    for it in items.values():
        assert (it["in_task"], it["in_interrupt"], it["preempt"]) == ("1", "0", "0x00000000")
    a, b, c, d, e, f = (items[k] for k in "ABCDEF")
    # msleep(100) counts jiffies, the demo's times come from the TSC: the two clocks can
    # disagree by a few percent on a loaded host. Half of it still proves A slept.
    assert a["end_us"] - a["start_us"] >= 50000
    # Concurrency management: B ran while A slept, on another worker of CPU 0's pool.
    assert re.fullmatch(r"kworker/0:\d+", a["comm"]) and re.fullmatch(r"kworker/0:\d+", b["comm"])
    assert a["comm"] != b["comm"]
    assert b["start"] < a["end"]
    # max_active 1: D after C.
    assert d["start"] > c["end"]
    # High priority: a nice -20 kworker, running as soon as it was queued.
    assert re.fullmatch(r"kworker/0:\d+H", e["comm"]) and e["class"] == "nice=-20"
    assert e["start"] == e["queued"] + 1 and e["start"] < f["queued"]
    assert re.fullmatch(r"kworker/u2:\d+", f["comm"]) and f["class"] == "nice=0"
    # The snapshot taken while A and C slept.
    snap = out[out.index("/proc/workqueues says:"):out.index("item queue")]
    serial = re.search(r"^\s+demo_serial\s+-\s+1\s+0\s+(\d+)\s+(\d+)$", snap, re.M)
    assert serial and serial.groups() == ("1", "1"), snap       # D pending, C running
    assert re.search(r"^\s+%s\s+\d+\s+0\s+sleeping\s+demo_work_fn\s+events$"
                     % re.escape(a["comm"]), snap, re.M), snap
    # The kworkers that ran the items are threads ps lists, the high-priority pool's
    # reserve worker among them.
    threads = kworkers(ps(m))
    for it in (a, b, c, e, f):
        assert it["comm"] in threads, (it, threads)
    assert threads["kworker/0:1H"]["class"] == "NORMAL"
    assert ps_nice(m)["kworker/0:1H"] == "-20"
    assert "kworker/u2:1" in threads


BH_REPORT = re.compile(r"^\s+(events_bh\S*)\s+ran #(\d+): in_serving_softirq\(\)=(\d) "
                       r"in_task\(\)=(\d) in_hardirq\(\)=(\d) preempt_count\(\)=(0x[0-9a-f]+), "
                       r"on top of thread \"([^\"]+)\"$", re.M)


def test_demo_bh_workqueue(m):
    out = m.command("demo bh-workqueue")
    reports = BH_REPORT.findall(out)
    assert len(reports) == 4, out
    for name, _order, softirq, task, hardirq, preempt, _thread in reports:
        assert (softirq, task, hardirq) == ("1", "0", "0"), out
        assert int(preempt, 16) & 0x100                         # SOFTIRQ_OFFSET
    (hi_name, hi_order, *_), (lo_name, lo_order, *_) = reports[0], reports[1]
    assert (hi_name, lo_name) == ("events_bh_highpri", "events_bh")
    assert int(hi_order) < int(lo_order)                        # HI_SOFTIRQ first
    assert reports[0][6] == "shell"                             # on the shell's stack
    assert "in_hardirq()=1; when irq_inject() returned the item had already run" in out
    assert "BUG: sleeping function called from invalid context" in out
    assert "preempt_count: 0x00000100 (softirq context)" in out
    assert "might_sleep() reported 1 bug(s)" in out
    assert m.command("echo alive").strip().endswith("alive")


TICK = r"delayed-work: tick %d at jiffies (\d+) \(\+(\d+)\) on (\S+), in_task\(\)=(\d)"


def test_demo_delayed_work_ticks_until_cancelled(m):
    assert "usage: demo delayed-work [start|stop]" in m.command("demo delayed-work bogus")
    assert "not running" in m.command("demo delayed-work stop")
    out = m.command("demo delayed-work")
    assert "started at jiffies" in out
    assert "already running" in m.command("demo delayed-work start")
    t1 = m.wait_for(TICK % 1, regex=True, timeout=5)
    t2 = m.wait_for(TICK % 2, regex=True, timeout=5)
    for t in (t1, t2):
        assert re.fullmatch(r"kworker/0:\d+", t.group(3)) and t.group(4) == "1"
    # Re-armed with HZ (100) jiffies each run: one second apart, give or take the time
    # from the timer to the worker.
    assert 100 <= int(t2.group(1)) - int(t1.group(1)) <= 103, (t1.group(0), t2.group(0))
    out = m.command("demo delayed-work")                        # the second command stops it
    stopped = re.search(r"stopped after (\d+) tick\(s\); cancel_delayed_work_sync\(\) "
                        r"returned (true|false)", out)
    assert stopped and int(stopped.group(1)) >= 2, out
    mark = len(m.out)
    wait_ticks(m, 120)                          # past the next period, in the guest's ticks
    assert "delayed-work: tick" not in m.out[mark:], m.out[mark:]
    assert "not running" in m.command("demo delayed-work stop")
