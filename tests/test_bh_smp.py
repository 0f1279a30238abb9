"""Bottom halves on two CPUs, from the shell (-smp 2): `demo softirq-smp` shows one
softirq running on both CPUs at once, `demo tasklet-smp` one tasklet that never does.
Each printed figure is checked against the others and against /proc/softirqs, not
against a constant; with one CPU each demo says it needs a second."""
import re

import pytest

from irqlab import booted


def softirq_rows(m):
    """{vector: [count per CPU]} from /proc/softirqs."""
    lines = m.command("cat /proc/softirqs").strip("\n").splitlines()
    return {f[0].rstrip(":"): [int(x) for x in f[1:]] for f in (l.split() for l in lines[1:])}


@pytest.fixture(scope="module")
def smp2():
    with booted(smp=2) as m:
        yield m


SOFTIRQ_RUN = re.compile(r"CPU(\d): handler ran from TSC \+(\d+) to \+(\d+) \((\d+) cycles\); "
                         r"saw the other CPU's run begin: (yes|no); /proc/softirqs NET_RX "
                         r"(\d+) -> (\d+)")


def test_softirq_runs_on_both_cpus_at_once(smp2):
    before = softirq_rows(smp2)["NET_RX"]
    out = smp2.command("demo softirq-smp", timeout=30)
    after = softirq_rows(smp2)["NET_RX"]
    runs = [tuple(int(g) if g.isdigit() else g for g in r) for r in SOFTIRQ_RUN.findall(out)]
    assert sorted(r[0] for r in runs) == [0, 1], out
    for cpu, start, end, cycles, saw, was, now in runs:
        assert end - start == cycles > 0, out
        assert saw == "yes", out
        # Each CPU ran NET_RX once in the demo, and /proc/softirqs agrees, per CPU.
        assert (was, now) == (before[cpu], before[cpu] + 1) and after[cpu] == now, (out, after)
    starts, ends = [r[1] for r in runs], [r[2] for r in runs]
    assert min(starts) == 0, out                # times are from the earlier start
    overlap = re.search(r"overlap: yes, (\d+) cycles \(TSC \+(\d+) to \+(\d+)\)", out)
    assert overlap, out
    assert [int(g) for g in overlap.groups()] == [min(ends) - max(starts), max(starts),
                                                  min(ends)], out


TASKLET_CPU = re.compile(r"CPU(\d): scheduled (\d+), ran it (\d+) times \(its tasklet "
                         r"counter: (\d+)\), found RUN held and requeued it (\d+) times")
TASKLET_SUM = re.compile(r"requests (\d+), served by runs (\d+); runs (\d+) \(LOCKed count "
                         r"(\d+)\); ran again on the other CPU after being found running: "
                         r"(\d+) of (\d+) rounds")


def test_tasklet_never_runs_on_both_at_once_and_runs_again(smp2):
    before = softirq_rows(smp2)["TASKLET"]
    out = smp2.command("demo tasklet-smp", timeout=60)
    after = softirq_rows(smp2)["TASKLET"]
    rounds = int(re.search(r"at once, (\d+) rounds", out).group(1))
    cpus = {int(c): [int(x) for x in rest] for c, *rest in TASKLET_CPU.findall(out)}
    assert sorted(cpus) == [0, 1], out
    requests, served, runs, runs_locked, reruns, rounds2 = \
        [int(g) for g in TASKLET_SUM.search(out).groups()]
    assert rounds2 == rounds > 0
    assert requests == served == sum(c[0] for c in cpus.values()), out
    assert runs == runs_locked == sum(c[1] for c in cpus.values()), out
    for cpu, (scheduled, ran, counter, held) in cpus.items():
        assert ran == counter, out              # the kernel's own per-CPU count agrees
        # Each run was a TASKLET_SOFTIRQ run on that CPU, as was each requeue's retry.
        assert after[cpu] - before[cpu] >= ran, (out, before, after)
    # Found running on the other CPU at least once a round, and run again there after.
    assert reruns == rounds, out
    assert sum(c[3] for c in cpus.values()) >= rounds, out
    assert 2 * rounds <= runs <= requests, out
    assert re.search(r"concurrent runs observed: 0:", out), out


def test_one_cpu_says_it_needs_a_second():
    with booted(smp=1) as m:
        assert "softirq-smp: needs a second CPU" in m.command("demo softirq-smp")
        assert "tasklet-smp: needs a second CPU" in m.command("demo tasklet-smp")
        listing = m.command("demo")
        assert "softirq-smp" in listing and "tasklet-smp" in listing
