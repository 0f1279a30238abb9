"""Lab 5, work queues and threaded IRQs: what `make grade LAB=5` runs, and the points.

The KTAP suites run on one boot: queueing and PENDING (workqueue, workqueue_races), the
kworker pools' concurrency rules (workqueue_concurrency), delayed and BH items, which
queue through the same code (delayed_work, bh_workqueue), and the irq/N-name threads
(threaded_irq) with IRQF_ONESHOT (threaded_irq_oneshot). The scenario checks run the two
demos on a shell and read what they measured against what the demos were built to do:
the demo's own construction (A sleeps, C and D share a max_active-1 queue) says what
order is right, not the kernel.
"""
import re

import common

TITLE = "work queues and threaded IRQs"
HANDOUT = "docs/labs/lab5-workqueues-threaded-irqs.md"
SELFTEST = "selftest=workqueue,workqueue_concurrency,workqueue_races,delayed_work,bh_workqueue,threaded_irq,threaded_irq_oneshot"

KTAP = [
    ("workqueue", "test_queue_work_runs_once_in_a_kworker", 3),
    ("workqueue", "test_each_pool_runs_its_own_kworkers", 1),
    ("workqueue", "test_ordered_workqueue_runs_items_in_order", 1),
    ("workqueue_concurrency", "test_max_active_1_items_never_overlap", 1),
    ("workqueue_concurrency", "test_sleeping_item_does_not_stall_its_pool", 3),
    ("workqueue_concurrency", "test_cpu_bound_item_holds_up_its_pool", 3),
    ("workqueue_concurrency", "test_cpu_intensive_item_does_not", 1),
    ("workqueue", "test_requeued_while_running_runs_after_on_the_same_worker", 2),
    ("workqueue", "test_requeue_from_its_own_function", 2),
    ("workqueue", "test_queued_from_hardirq_runs_in_a_kworker", 2),
    ("workqueue", "test_flush_workqueue_waits_for_what_was_queued", 1),
    ("workqueue_races", "test_cancel_while_running_waits_and_says_not_pending", 1),
    ("workqueue_races", "test_queueing_fails_while_cancel_waits", 3),
    ("workqueue_races", "test_flush_racing_with_a_self_queueing_item", 1),
    ("workqueue_races", "test_drain_refuses_queueing_from_outside", 2),
    ("delayed_work", "test_delayed_work_runs_after_its_delay_in_a_kworker", 1),
    ("delayed_work", "test_self_rearming_item_is_stopped_by_cancel_sync", 1),
    ("bh_workqueue", "test_bh_item_runs_in_softirq_context", 1),
    ("bh_workqueue", "test_bh_item_queued_in_hardirq_runs_at_irq_exit", 1),
    ("threaded_irq", "test_thread_fn_runs_in_its_fifo_thread", 3),
    ("threaded_irq", "test_wake_thread_wakes_handled_does_not", 3),
    ("threaded_irq", "test_null_handler_needs_oneshot", 1),
    ("threaded_irq_oneshot", "test_oneshot_masks_until_thread_returns", 3),
    ("threaded_irq_oneshot", "test_oneshot_unmasks_at_once_without_thread", 1),
    ("threaded_irq_oneshot", "test_disable_while_thread_runs_keeps_masked", 2),
    ("threaded_irq", "test_synchronize_irq_waits_for_thread", 2),
    ("threaded_irq", "test_free_irq_waits_and_stops_thread", 1),
    ("threaded_irq", "test_shared_line_runs_both_threads", 2),
    ("threaded_irq_oneshot", "test_shared_oneshot_waits_for_every_thread", 3),
]

# `demo workqueue`'s table: item, queue, worker, then the sequence numbers of its queueing,
# start and end, then its context.
ITEM_ROW = re.compile(r"^([A-F])\s+(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+\s+\d+\s+"
                      r"in_task\(\)=(\d) in_interrupt\(\)=(\d)", re.M)
PS_ROW = re.compile(r"^\s*(\d+)\s+\S+ \([^)]*\)\s+(NORMAL|FIFO\s*\d+)\s+\d+\s+\d+\s+(\d+)\s+\d+\s+"
                    r"(\S+)\s*$", re.M)
THREAD_FN = re.compile(r"thread_fn: process context in thread (\S+) .*\n"
                       r"\s+in_interrupt\(\)=(\d) in_hardirq\(\)=(\d) in_task\(\)=(\d) "
                       r"irqs_disabled\(\)=(\d)")


def tail(out, lines=12):
    return "\n".join(out.rstrip("\n").split("\n")[-lines:])


def check_demo_workqueue(ctx, m):
    out = m.command("demo workqueue")
    rows = {r[0]: r for r in ITEM_ROW.findall(out)}
    assert set(rows) == set("ABCDEF"), "demo workqueue printed no table of its six " \
        "items:\n%s" % tail(out)
    item = {k: dict(queue=r[1], worker=r[2], queued=int(r[3]), start=int(r[4]),
                    end=int(r[5]), in_task=r[6] == "1", in_irq=r[7] == "1")
            for k, r in rows.items()}
    for k, it in sorted(item.items()):
        assert it["worker"].startswith("kworker/") and it["in_task"] and not it["in_irq"], \
            "item %s ran in %s with in_task()=%d: a work item runs in a kworker, in " \
            "process context" % (k, it["worker"], it["in_task"])
        assert it["queued"] < it["start"] < it["end"], \
            "item %s: queued #%d, started #%d, ended #%d" % (k, it["queued"], it["start"],
                                                             it["end"])
    a, b, c, d = item["A"], item["B"], item["C"], item["D"]
    # A sleeps 100 ms in msleep(): its pool must give B to another worker meanwhile.
    assert b["start"] < a["end"] and b["worker"] != a["worker"], \
        "A (asleep 100 ms on %s, #%d-#%d) held up B (%s, started #%d): a sleeping item " \
        "must not stall its pool" % (a["worker"], a["start"], a["end"], b["worker"],
                                     b["start"])
    # C and D share a queue of max_active 1.
    assert d["start"] > c["end"], "D started (#%d) before C ended (#%d) on a queue of " \
        "max_active 1" % (d["start"], c["end"])
    e, f = item["E"]["worker"], item["F"]["worker"]
    assert re.match(r"kworker/\d+:\d+H$", e), \
        "E, on events_highpri, ran on %s, not a high-priority kworker/N:MH" % e
    assert f.startswith("kworker/u"), \
        "F, on events_unbound, ran on %s, not an unbound kworker/uN:M" % f


def ps_rows(m):
    return {name: (cls, int(volsw)) for _pid, cls, volsw, name in PS_ROW.findall(
        m.command("ps"))}


def irq_count(m, irq):
    rows = common.proc_interrupts(m)
    assert irq in rows, "no IRQ %d row in /proc/interrupts" % irq
    return rows[irq][0]


def check_demo_threaded_irq(ctx, m):
    # Before the demo IRQ 11 may have no handler and no count yet (nothing holds it on
    # the default boot): /proc/interrupts then has no row for it, as Linux's has none.
    before = irq_count(m, 11) if 11 in common.proc_interrupts(m) else 0
    out = m.command("demo threaded-irq")
    thread = THREAD_FN.search(out)
    assert thread, "demo threaded-irq: thread_fn did not run after IRQ_WAKE_THREAD:\n" + \
        tail(out)
    assert thread.group(1) == "irq/11-lothars_thread", \
        "thread_fn ran in %s, not in the action's own irq/11-lothars_thread" % thread.group(1)
    assert thread.group(2, 3, 4, 5) == ("0", "0", "1", "0"), \
        "thread_fn's context: in_interrupt()=%s in_hardirq()=%s in_task()=%s " \
        "irqs_disabled()=%s, expected process context with interrupts on" % \
        thread.group(2, 3, 4, 5)
    assert irq_count(m, 11) == before + 1, "one interrupt on IRQ 11, and /proc/interrupts " \
        "counted %d" % (irq_count(m, 11) - before)
    rows = ps_rows(m)
    assert "irq/11-lothars_thread" in rows, "ps does not list irq/11-lothars_thread"
    cls, switches = rows["irq/11-lothars_thread"]
    assert cls.split() == ["FIFO", "50"], "irq/11-lothars_thread is %s, not SCHED_FIFO 50" % cls
    # A second interrupt runs thread_fn in the same thread again: it slept waiting for the
    # interrupt and in msleep(), so it switched away voluntarily at least twice more.
    out = m.command("demo threaded-irq")
    assert "thread_fn: process context in thread irq/11-lothars_thread" in out, \
        "the second interrupt did not run thread_fn:\n" + tail(out)
    later = ps_rows(m)["irq/11-lothars_thread"][1]
    assert later >= switches + 2, "irq/11-lothars_thread switched away %d times for a " \
        "second run, expected at least 2 (waiting for the interrupt, msleep)" % (
            later - switches)


CHECKS = [
    ("demo_workqueue_kworkers_and_order", 4, "", check_demo_workqueue),
    ("demo_threaded_irq_runs_in_its_thread", 4, "", check_demo_threaded_irq),
]

# The regions each test exercises (a pattern matches test names as the grader prints
# them): a failed test names them, so a student knows where to look.
REGIONS = {
    "workqueue.*": ["queue-work", "worker-loop"],
    "workqueue.queued_from_hardirq_runs_in_a_kworker": ["irq-wake-thread"],
    "workqueue_concurrency.*": ["queue-work", "worker-loop"],
    "workqueue_races.*": ["queue-work", "worker-loop"],
    "delayed_work.*": ["queue-work", "worker-loop"],
    "bh_workqueue.*": ["queue-work"],
    "threaded_irq.*": ["irq-wake-thread", "oneshot-unmask"],
    "threaded_irq_oneshot.*": ["irq-wake-thread", "oneshot-unmask"],
    "demo_workqueue_kworkers_and_order": ["queue-work", "worker-loop"],
    "demo_threaded_irq_runs_in_its_thread": ["irq-wake-thread", "oneshot-unmask"],
}
