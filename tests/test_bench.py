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
            "bh_workqueue_queue_to_run", "threaded_irq_to_thread_fn", "context_switch",
            "wakeup_remote_to_run", "queue_work_on_remote"]
CROSS_CPU = ["ipi_call_to_remote_func", "wakeup_remote_to_run", "queue_work_on_remote"]


def test_bench_boot_prints_every_line_sanely():
    code, out = bench.run(irqlab.BUILD, smp=2)
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


def test_one_cpu_skips_the_cross_cpu_paths_and_measures_the_rest():
    code, out = bench.run(irqlab.BUILD, smp=1)
    assert code == irqlab.EXIT_PASS, out[-3000:]
    names = [r[0] for r in bench.parse(out)[1]]
    assert sorted(bench.skipped(out)) == sorted(CROSS_CPU), out[-3000:]
    assert not set(CROSS_CPU) & set(names)
    assert set(EXPECTED) - set(CROSS_CPU) <= set(names), names
