"""Linux's figures for the paths irqlab's bench measures, from a results file of
../shared/linux-bh/run.sh (bhbench.ko in Linux 6.1 under the same QEMU), for
tools/bench.py's side-by-side column.

The file holds, per guest boot, lines such as
    bhbench: tasklet_irq_latency_cycles n=3000 min=.. p10=.. p50=1425 p90=.. mode=settle
and a header line "smp=N" saying how many CPUs the guest had. A test measured in
several boots is given the median of its p50s."""
import re
import statistics

RESULT = re.compile(r"bhbench: (\w+?)_(latency|cost)_cycles n=\d+ min=\d+ p10=\d+ "
                    r"p50=(\d+) .*?mode=(\w+)")
SMP = re.compile(r"^smp=(\d+)", re.M)

# irqlab's path -> bhbench's test measuring the same thing on Linux: the same start and
# end points, and the same trigger. bhbench starts its bottom halves in an irq_work
# function (a self-IPI on a system vector, EOI first), so the peers are irqlab's
# *_irq_work paths (kernel/bench/bench_irq_work.c), not the ones started from a device
# line, whose flow handler and EOI Linux's figures do not contain.
PEERS = {
    "tasklet_irq_work_to_run": "tasklet_irq_latency",       # tasklet_schedule -> tasklet runs
    "tasklet_schedule_irq_work": "tasklet_irq_cost",        # the call itself
    "irq_work_queue_to_func": "irqwork_latency",            # self-IPI -> the irq_work function
    "workqueue_irq_work_to_run": "wq_system_irq_latency",   # queue_work -> work starts
    "workqueue_highpri_irq_work_to_run": "wq_highpri_irq_latency",
    "ipi_call_to_remote_func": "ipi_call_single_latency",   # CPU 0 -> function on CPU 1
    "queue_work_on_remote": "wq_on_remote_latency",
    "wakeup_remote_to_run": "wakeup_remote_latency",
}


def load(path, mode="settle"):
    """(CPUs of the Linux guest, {bhbench test: p50 cycles}) from one results file."""
    with open(path) as f:
        text = f.read()
    smp = SMP.search(text)
    p50s = {}
    for test, what, p50, m in RESULT.findall(text):
        if m == mode:
            p50s.setdefault("%s_%s" % (test, what), []).append(int(p50))
    if not p50s:
        raise ValueError("%s: no bhbench lines in mode %s" % (path, mode))
    return (int(smp.group(1)) if smp else 1), \
        {t: int(statistics.median(v)) for t, v in p50s.items()}


def ratio_cell(path_name, p50, linux):
    """The column bench prints for one of irqlab's paths: Linux's p50 and irqlab/Linux."""
    peer = PEERS.get(path_name)
    if not linux or not peer or peer not in linux:
        return ""
    return "%10d %6.2f" % (linux[peer], p50 / linux[peer])
