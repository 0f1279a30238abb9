"""The 'bench' boot: every benchmark prints its line, and the numbers are sane. (What the
numbers are is docs/performance.md's business: no timing is asserted here.)"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import bench  # noqa: E402
import irqlab  # noqa: E402

EXPECTED = ["int_iret_floor", "exception_int3", "irq_inject_to_handler", "ipi_call_to_remote_func",
            "softirq_raise_to_run", "tasklet_schedule", "tasklet_schedule_to_run",
            "workqueue_queue_to_run", "workqueue_highpri_queue_to_run",
            "bh_workqueue_queue_to_run", "threaded_irq_to_thread_fn", "context_switch"]


def test_bench_boot_prints_every_line_sanely():
    code, out = bench.run(irqlab.BUILD)
    assert code == irqlab.EXIT_PASS, out[-3000:]
    khz, rows = bench.parse(out)
    assert khz > 0
    names = [r[0] for r in rows]
    for name in EXPECTED:
        assert name in names, "no line for %s:\n%s" % (name, out[-3000:])
    assert len(names) == len(set(names))
    for name, mn, p50, p99, n in rows:
        assert 0 < mn <= p50 <= p99, (name, mn, p50, p99)
        assert n >= 10000, (name, n)
