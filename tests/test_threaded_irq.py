"""Threaded IRQs from the shell: `demo threaded-irq` on IRQ 11, the contexts its two
halves ran in, and the irq/11-lothars_thread thread in `ps` and /proc/interrupts."""
import re

import pytest

# lothars_device (the hello-interrupt module, samples/interrupt/) is on IRQ 11 from boot:
# the demo's handler shares the line with it.
MACHINE = dict(cmdline="modules_load=interrupt")


@pytest.fixture(scope="module")
def demo_run(m):
    """The machine, and what its first `demo threaded-irq` printed."""
    return m, m.command("demo threaded-irq")


def ps_rows(m):
    rows = []
    for line in m.command("ps").strip("\n").splitlines()[1:]:
        f = line.split()
        rows.append({"pid": int(f[0]), "state": f[1], "class": " ".join(f[3:-5]),
                     "name": f[-1]})
    return rows


def irq_threads(m):
    return [r for r in ps_rows(m) if r["name"].startswith("irq/")]


def test_demo_primary_handler_in_hardirq(demo_run):
    _, out = demo_run
    assert 'request_threaded_irq(11, primary, thread_fn, IRQF_SHARED, "lothars_thread") = 0' \
        in out, out
    assert re.search(r"IRQ 11 now has: lothars_device lothars_thread \(threaded\)\n", out), out
    primary = re.search(r"1\. primary handler: hard-IRQ context .*it returned "
                        r"IRQ_WAKE_THREAD\n(.*)\n", out)
    assert primary, out
    assert primary.group(1).split() == ["in_interrupt()=1", "in_hardirq()=1", "in_task()=0",
                                        "irqs_disabled()=1", "preempt_count()=0x00010000"]


def test_demo_thread_fn_in_process_context_may_sleep(demo_run):
    _, out = demo_run
    thread = re.search(r"2\. thread_fn: process context in thread (\S+) \(comm \"(.*)\"\), "
                       r"(SCHED_\w+) (\d+), \d+ us after the primary handler\n(.*)\n", out)
    assert thread, out
    name, comm, policy, prio, ctx = thread.groups()
    assert (name, comm, policy, prio) == ("irq/11-lothars_thread", "irq/11-lothars_",
                                          "SCHED_FIFO", "50")
    assert ctx.split() == ["in_interrupt()=0", "in_hardirq()=0", "in_task()=1",
                           "irqs_disabled()=0", "preempt_count()=0x00000000"]
    slept = re.search(r"msleep\(20\) slept \d+ ms \((\d+) jiffies at HZ=(\d+)\), and "
                      r"might_sleep\(\) reported (\d+) bug", out)
    assert slept, out
    # msleep's promise is in jiffies, the tick it counts (the ms are TSC time, another
    # clock, which drifts from the tick on a loaded host).
    jiffies, hz, bugs = (int(g) for g in slept.groups())
    assert jiffies * 1000 >= 20 * hz and bugs == 0, out


def test_ps_lists_the_irq_thread_fifo_50(demo_run):
    m, _ = demo_run
    threads = irq_threads(m)
    assert [(t["name"], t["class"], t["state"]) for t in threads] == \
        [("irq/11-lothars_thread", "FIFO 50", "S")], threads


def test_proc_interrupts_joins_the_sharers(demo_run):
    m, _ = demo_run
    row = re.search(r"^ 11:\s+\d+\s+(IO-APIC|XT-PIC)\s+11-\w+\s+(.*)$",
                    m.command("cat /proc/interrupts"), re.M)
    assert row and row.group(2) == "lothars_device, lothars_thread", row


def test_second_run_reuses_the_handler(demo_run):
    m, _ = demo_run
    pid = irq_threads(m)[0]["pid"]
    out = m.command("demo threaded-irq")
    assert "lothars_thread is still on IRQ 11 from an earlier run" in out, out
    assert "it returned IRQ_WAKE_THREAD" in out and "process context in thread " \
        "irq/11-lothars_thread" in out, out
    assert [t["pid"] for t in irq_threads(m)] == [pid]
