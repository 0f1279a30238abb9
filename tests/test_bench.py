"""The 'bench' boot: every benchmark prints its line, and the numbers are sane. (What the
numbers are is docs/performance.md's business: no timing is asserted here.)"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import bench  # noqa: E402
import irqlab  # noqa: E402

EXPECTED = ["int_iret_floor", "exception_int3", "irq_inject_to_handler", "ipi_call_to_remote_func",
            "softirq_raise_to_run", "tasklet_schedule", "tasklet_schedule_to_run",
            "irq_work_queue_to_func", "tasklet_schedule_irq_work", "tasklet_irq_work_to_run",
            "workqueue_irq_work_to_run", "workqueue_highpri_irq_work_to_run",
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
    # The stage stamps are in the breakdown kernel only: none in the one users boot.
    assert bench.STAGES_ON not in out and not bench.stages(out)


# A device line's interrupt (IRQ 10, level, through the IOAPIC) and the tasklet it
# schedules, stage by stage; and the same tasklet from an irq_work, which has no line.
LINE_STAGES = ["inject", "entry", "do_IRQ", "flow", "action", "handler", "actions_done",
               "eoi", "flow_done", "irq_exit", "softirq", "tasklet", "deferred", "exit",
               "returned"]
IRQ_WORK_STAGES = ["inject", "entry", "handler", "irq_exit", "softirq", "tasklet",
                   "deferred", "exit", "returned"]


def test_breakdown_kernel_stamps_each_stage_of_an_interrupt_in_order():
    """make bench BREAKDOWN=1's kernel (make test builds it in $(BUILD)/breakdown): every
    stage the tasklet paths pass is reported, in the order an interrupt passes them,
    for most samples; and the stages between the handler and the tasklet add up to
    about the path's own figure (each stage's median, not a timing bound)."""
    code, out = irqlab.run_to_exit("bench", build=os.path.join(irqlab.BUILD, "breakdown"),
                                   smp=1, timeout=120)
    assert code == irqlab.EXIT_PASS, out[-3000:]
    assert bench.STAGES_ON in out
    stages = bench.stages(out)
    paths = {r[0]: r for r in bench.parse(out)[1]}
    for path, want in (("tasklet_schedule_to_run", LINE_STAGES),
                       ("tasklet_irq_work_to_run", IRQ_WORK_STAGES)):
        # A timer tick inside a sample stamps stages of its own: a few samples each.
        rows = [r for r in stages[path] if r[3] >= 5000]
        assert [to for _frm, to, _p50, _n in rows] == want, (path, stages[path])
        assert all(p50 > 0 for _frm, _to, p50, _n in rows), rows
        # handler -> deferred: what the path's own p50 measures
        inside = [p50 for _frm, to, p50, _n in rows
                  if want.index(to) > want.index("handler") and
                  want.index(to) <= want.index("deferred")]
        total = paths[path][2]
        assert total / 2 <= sum(inside) <= total * 2, (path, inside, total)
    # int3 passes the entry and the exit, and nothing of an interrupt's.
    assert [to for _f, to, _p, n in stages["exception_int3"] if n >= 5000] == \
        ["entry", "exit", "returned"]


def test_one_cpu_skips_the_cross_cpu_paths_and_measures_the_rest():
    code, out = bench.run(irqlab.BUILD, smp=1)
    assert code == irqlab.EXIT_PASS, out[-3000:]
    names = [r[0] for r in bench.parse(out)[1]]
    assert sorted(bench.skipped(out)) == sorted(CROSS_CPU), out[-3000:]
    assert not set(CROSS_CPU) & set(names)
    assert set(EXPECTED) - set(CROSS_CPU) <= set(names), names


LINUX_RESULTS = """=== bhbench reference 20261207-004500
smp=%d
=== tcg boot 1 (iters=3000, ...)
--- raw lines
bhbench: tasklet_irq_latency_cycles n=3000 min=900 p10=950 p50=1400 p90=1500 p99=2000 max=9000 mean=1450 mode=settle
bhbench: tasklet_irq_latency_ns n=3000 min=1 p10=1 p50=700 p90=1 p99=1 max=1 mean=1 mode=settle
bhbench: tasklet_irq_cost_cycles n=3000 min=100 p10=110 p50=200 p90=250 p99=300 max=900 mean=210 mode=settle
bhbench: tasklet_irq_latency_cycles n=3000 min=1 p10=1 p50=99 p90=1 p99=1 max=1 mean=1 mode=hot
=== tcg boot 2 (iters=3000, ...)
bhbench: tasklet_irq_latency_cycles n=3000 min=900 p10=950 p50=1600 p90=1500 p99=2000 max=9000 mean=1450 mode=settle
bhbench: tasklet_irq_latency_cycles n=3000 min=900 p10=950 p50=1800 p90=1500 p99=2000 max=9000 mean=1450 mode=settle
"""


def test_linux_results_give_the_median_p50_per_test_in_the_mode_asked(tmp_path):
    """tools/linux_bh.py: cycles lines only, one mode, the median over boots; the ratio
    column pairs irqlab's path with its Linux peer."""
    path = tmp_path / "results.txt"
    path.write_text(LINUX_RESULTS % 2)
    import linux_bh
    smp, figures = linux_bh.load(str(path))
    assert smp == 2
    assert figures == {"tasklet_irq_latency": 1600, "tasklet_irq_cost": 200}
    assert linux_bh.ratio_cell("tasklet_irq_work_to_run", 4000, figures).split() == \
        ["1600", "2.50"]
    assert linux_bh.ratio_cell("tasklet_schedule_irq_work", 100, figures).split() == \
        ["200", "0.50"]
    assert linux_bh.ratio_cell("context_switch", 900, figures) == ""   # no Linux peer
    # Started from a device line: a flow handler Linux's figure does not have.
    assert linux_bh.ratio_cell("tasklet_schedule_to_run", 4000, figures) == ""
    path.write_text("smp=1\nnothing measured\n")
    try:
        linux_bh.load(str(path))
    except ValueError as e:
        assert "no bhbench lines" in str(e)
    else:
        raise AssertionError("a file without bhbench lines was taken")
