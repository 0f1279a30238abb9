"""The course notes' workqueue examples (samples/notes/, README.md there) on one booted
two-CPU machine, each loaded and unloaded in turn, each showing what its section of the
notes says it shows: work items in process context on the CPU they were queued for,
delayed, periodic, serialised by max_active 1 and parallel with 2, in a high-priority
kworker, and kept to the CPUs of /sys/devices/virtual/workqueue/cpumask. The tasklet
examples are tests/test_notes_tasklet.py's; the load and unload helpers are here."""
import collections
import re


HZ = 100            # include/irqlab/time.h

MACHINE = dict(smp=2)
DATA = "tasklet_function:data:linux kernel is very easy"
STAMP = re.compile(r"^\[\s*(\d+\.\d+)\] (.*)$", re.M)
# A tasklet's dump_stack() ends where the thread it interrupted (or ksoftirqd) began.
TRACE_END = "ret_from_kernel_thread"


def lines(text):
    """The kernel's lines in text, without their timestamps."""
    return [msg for _, msg in STAMP.findall(text)]


def stamped(text, msg):
    """The guest times at which msg was printed."""
    return [float(t) for t, line in STAMP.findall(text) if line == msg]


def load(m, name, args="", until=(), timeout=30):
    """insmod, then waits until each line of until (what the module prints later, from a
    tasklet or a work item) has been printed as many times as it is listed, in whatever
    order they come: two items on two CPUs end in either order. Returns everything
    printed meanwhile; the tests check the order themselves."""
    start = m.cursor
    out = m.command("insmod /lib/modules/%s.ko%s" % (name, args), timeout=timeout)
    assert "ERROR" not in out and "BUG" not in out, out
    end = m.cursor
    for line, times in collections.Counter(until).items():
        rx = re.compile(re.escape(line) + ".*\n")      # the whole line
        m.cursor = start        # a line may have come before the prompt
        for _ in range(times):
            m.wait_for(rx.pattern, timeout, regex=True)
        end = max(end, m.cursor)
    m.cursor = end
    return m.out[start:end]


# What rmmod says when a tasklet of the module is in its function right now.
STILL_RUNNING = re.compile(r"rmmod: leak: tasklet \w+ still running on CPU \d\n")


def unload(m, name, timeout=30):
    """rmmod. The notes' exits do not call tasklet_kill(): a tasklet that has printed its
    last line may still be returning when rmmod looks, and rmmod then names it ("still
    running") and keeps the module, as it should (Linux would free the code under it).
    Only that leak is let pass, and only until the function has returned: rmmod again
    then removes the module. Returns everything rmmod printed."""
    out = last = m.command("rmmod %s" % name, timeout=timeout)
    for _ in range(10):
        if not STILL_RUNNING.search(last):
            break
        assert "1 leak after module_exit; module kept" in last, out
        last = m.command("rmmod %s" % name, timeout=timeout)
        out += last
    assert "test_tasklet_exit: In exit" in out and "ERROR" not in last, out
    assert name not in m.command("lsmod"), out
    return out


def in_order(seen, expected):
    """expected appears in seen as a subsequence."""
    it = iter(seen)
    return all(any(s == e for s in it) for e in expected)


def test_workqueue_default_cpu_2_is_not_on_this_machine(m):
    """workqueue.c's default, queue_work_on(2, ...), on a two-CPU machine: CPU 2 does not
    exist. Linux would index past its per-CPU queues; irqlab warns, naming the CPU, and
    queues the item on the CPU insmod runs on, where it runs."""
    text = load(m, "workqueue", until=["deferred work execution"])
    unload(m, "workqueue")
    warned = re.search(r"queue_work_on\(\) for CPU 2, which this machine does not have: "
                       r"queued on CPU (\d)\n", text)
    assert warned, text
    init = re.search(r"test_tasklet_init executed at processor id:(\d): In init", text)
    assert init and init.group(1) == warned.group(1), text
    assert "work_fn executed at processor id:%s\tdeferred work execution" % warned.group(1) \
        in text, text


def test_workqueue_inline_process_context_on_its_cpu(m):
    """schedule_work_on(1, ...): the item runs in process context, interrupts on, in a
    kworker bound to CPU 1, with the data of the struct around it."""
    text = load(m, "workqueue_inline", " cpu=1", until=["current process : kworker/"])
    unload(m, "workqueue_inline")
    seen = lines(text)
    work = seen[seen.index("work queued"):]
    assert "Code is running in process context" in work and "IRQ Enabled" in work, text
    assert "processor id:1\tdeferred work execution" in work and "Data:Linux is easy" in work
    assert re.search(r"current process : kworker/1:\d+\n", text), text
    assert "current process : shell" in text   # init: insmod's own thread


def test_workqueue_two_items_in_order_on_one_cpu(m):
    """Two items on CPU 1's pool of system_wq run there one after the other, in the
    order they were queued."""
    text = load(m, "workqueue_two_items", " cpu=1",
                until=["Data:We make it easy", "current process : kworker/1:"])
    unload(m, "workqueue_two_items")
    seen = lines(text)
    assert in_order(seen, ["work1 queued", "work2 queued"]), text
    assert in_order(seen, ["Data:Linux is easy", "Data:We make it easy"]), text
    assert seen.count("processor id:1\tdeferred work execution") == 2, text


def test_workqueue_schedule_delayed_5s(m):
    """schedule_delayed_work_on(1, ..., msecs_to_jiffies(5000)): the item runs on CPU 1
    no sooner than 500 ticks after init.

    As in Linux, the timer fires when jiffies reaches expires = jiffies + 500, and the tick
    that was under way at init counts as one, so the delay is between 499 and 500 ticks:
    4.99 s at HZ=100, not 5. The printk stamps are the TSC's clock and the ticks are the
    tick timer's, each calibrated against the PIT on its own, so one more tick of margin
    covers their disagreement (0.2% over 5 s)."""
    text = load(m, "workqueue_schedule", " cpu=1",
                until=["processor id:1\tdeferred work execution"], timeout=60)
    unload(m, "workqueue_schedule")
    (t0,) = stamped(text, "processor id:0: In init") or stamped(text, "processor id:1: In init")
    (t1,) = stamped(text, "processor id:1\tdeferred work execution")
    assert t1 - t0 >= 5.0 - 2 / HZ, text


def test_wq_unbound_follows_the_unbound_cpumask(m):
    """A WQ_UNBOUND queue's item runs in an unbound kworker (kworker/uN:M), on the CPUs
    /sys/devices/virtual/workqueue/cpumask allows: CPU 0 alone, then CPU 1 alone."""
    try:
        for mask, cpu in (("1", 0), ("2", 1)):
            out = m.command("echo %s > /sys/devices/virtual/workqueue/cpumask" % mask)
            assert out.strip() == "", out
            assert m.command("cat /sys/devices/virtual/workqueue/cpumask").strip() == mask
            text = load(m, "wq_unbound", until=["] processor id:%d" % cpu])
            unload(m, "wq_unbound")
            assert re.search(r"current process : kworker/u\d+:\d+\n", text), text
            assert re.findall(r"\] processor id:(\d+)", text) == [str(cpu)], text
    finally:
        m.command("echo 3 > /sys/devices/virtual/workqueue/cpumask")
    assert m.command("cat /sys/devices/virtual/workqueue/cpumask").strip() == "3"


def spans(text):
    """{1: (start, end), 2: (start, end)}: guest times of each item's first and last line."""
    out = {}
    for n, end in ((1, "ending deferred work 1 execution"), (2, "ending deferred work2 execution")):
        s = [float(t) for t, l in STAMP.findall(text)
             if l.startswith("starting deferred work%d execution" % n)]
        e = [float(t) for t, l in STAMP.findall(text) if l.startswith(end)]
        assert len(s) == 1 and len(e) == 1, text
        out[n] = (s[0], e[0])
    return out


def test_wq_max_active1_serialises(m):
    """max_active 1: the second item starts only after the first has ended."""
    text = load(m, "wq_max_active1", until=["ending deferred work2 execution"], timeout=120)
    unload(m, "wq_max_active1", timeout=60)
    s = spans(text)
    assert s[2][0] >= s[1][1], text


def test_wq_max_active2_runs_both_at_once(m):
    """max_active 2 on an unbound queue of a two-CPU machine: the second item starts
    while the first still runs (each spins 12 s), on the other CPU."""
    text = load(m, "wq_max_active2", until=["ending deferred work 1 execution",
                                            "ending deferred work2 execution"], timeout=120)
    text += unload(m, "wq_max_active2", timeout=60)
    s = spans(text)
    assert s[2][0] < s[1][1] and s[1][0] < s[2][1], text
    cpus = {n: re.search(r"starting deferred work%d execution on processor id:(\d)" % n,
                         text).group(1) for n in (1, 2)}
    assert cpus[1] != cpus[2], text


def test_wq_nice_runs_in_a_highpri_kworker(m):
    """WQ_HIGHPRI: the item runs in a kworker of the CPU's high-priority pool
    (kworker/N:MH), which the notes' `ps ax -o pid,ni,cmd` shows at nice -20."""
    text = load(m, "wq_nice", until=["] processor id:"])
    unload(m, "wq_nice")
    name = re.search(r"current process : (\S+)\n", text).group(1)
    assert re.fullmatch(r"kworker/\d+:\d+H", name), text
    out = m.command("ps ax -o pid,ni,cmd")
    assert re.search(r"^\s*\d+\s+-20 \[%s\]$" % re.escape(name), out, re.M), out
    assert re.search(r"^\s*\d+\s+0 \[shell\]$", out, re.M), out


def test_wq_periodic_requeues_itself(m):
    """Each delayed item queues itself again 1000 ms later: each runs again and again,
    about a second apart (guest time), until the module goes."""
    text = load(m, "wq_periodic", until=["ending deferred work 1", "ending deferred work2"] * 4,
                timeout=60)
    unload(m, "wq_periodic")
    for n, end in ((1, "ending deferred work 1 execution"), (2, "ending deferred work2 execution")):
        t = [float(s) for s, l in STAMP.findall(text) if l.startswith(end)]
        assert len(t) >= 3, text
        gaps = [b - a for a, b in zip(t, t[1:])]
        assert all(g >= 0.99 for g in gaps), (n, gaps)
    after = m.command("dmesg | grep -c starting")
    assert m.command("dmesg | grep -c starting") == after   # stopped with the module


def test_wq_sysfs_directory(m):
    """WQ_SYSFS: /sys/devices/virtual/workqueue/my_queue/ while the queue exists (ls lists
    it), saying it is unbound (per_cpu 0) with max_active 1, which a write changes;
    gone with the queue. The unbound
    cpumask refuses a mask with no online CPU, as Linux does."""
    d = "/sys/devices/virtual/workqueue/my_queue/"
    assert "No such file" in m.command("cat %sper_cpu" % d)
    text = load(m, "wq_sysfs", until=["] processor id:"])
    assert "Data:Linux is easy" in lines(text), text
    assert m.command("cat %sper_cpu" % d).strip() == "0"
    assert m.command("cat %smax_active" % d).strip() == "1"
    assert m.command("ls %s" % d).split() == ["max_active", "per_cpu"]
    assert "my_queue/" in m.command("ls /sys/devices/virtual/workqueue").split()
    # max_active is writable, as Linux's: a number above 0, clamped to 512.
    assert m.command("echo 3 > %smax_active" % d).strip() == ""
    assert m.command("cat %smax_active" % d).strip() == "3"
    assert re.search(r"my_queue +UNBOUND +3 ", m.command("cat /proc/workqueues")), \
        m.command("cat /proc/workqueues")
    for bad in ("0", "-2", "x"):
        out = m.command("echo %s > %smax_active" % (bad, d))
        assert "write error: Invalid argument" in out, (bad, out)
    out = m.command("echo 600 > %smax_active" % d)
    assert "max_active 600 requested for my_queue is out of range, clamping between 1 " \
           "and 512" in out, out
    assert m.command("cat %smax_active" % d).strip() == "512"
    unload(m, "wq_sysfs")
    assert "No such file" in m.command("cat %smax_active" % d)
    assert "my_queue/" not in m.command("ls /sys/devices/virtual/workqueue").split()
    out = m.command("echo 4 > /sys/devices/virtual/workqueue/cpumask")
    assert "write error: Invalid argument" in out, out
    assert m.command("cat /sys/devices/virtual/workqueue/cpumask").strip() == "3"
