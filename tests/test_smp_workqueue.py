"""Work queues on two CPUs, seen from the shell: each CPU has its own kworkers, bound to
it, which ps shows with that CPU in the PSR column; the unbound pool's workers are named
after its pool id, which comes after every CPU's two pools (Linux's numbering)."""
import re

from irqlab import Machine

PS_ROW = re.compile(r"^\s*(\d+)\s+(\S) \(\w+\)\s+(NORMAL|FIFO\s+\d+)\s+(\d+)\s+\d+\s+\d+\s+\d+\s+(\S+)$",
                    re.M)


def ps(m):
    """{name: (class, psr)} of every thread ps lists."""
    return {g[4]: (re.sub(r"\s+", " ", g[2]), int(g[3])) for g in PS_ROW.findall(m.command("ps"))}


def pool_ids(m):
    """{pool name: id} from /proc/workqueues' pool table."""
    text = m.command("cat /proc/workqueues")
    return {name: int(pid) for pid, name in re.findall(r"^\s*(\d+)  (\S+)\s+(?:nice=|HI_|TASKLET)", text, re.M)}


def test_each_cpu_has_its_own_kworkers_on_that_cpu():
    with Machine(smp=2) as m:
        m.wait_ready()
        rows = ps(m)
        kworkers = {n: r for n, r in rows.items() if n.startswith("kworker/")}
        for cpu in (0, 1):
            assert kworkers.get("kworker/%d:0" % cpu) == ("NORMAL", cpu), kworkers
            assert kworkers.get("kworker/%d:0H" % cpu) == ("NORMAL", cpu), kworkers
        ids = pool_ids(m)
        assert [ids[n] for n in ("cpu0", "cpu0-highpri", "cpu1", "cpu1-highpri")] == [0, 1, 2, 3], ids
        assert ids["unbound"] == 4, ids
        assert "kworker/u%d:0" % ids["unbound"] in kworkers, kworkers
        # Every per-CPU kworker sits on its own CPU, whatever its number.
        for name, (_, psr) in kworkers.items():
            cpu = re.fullmatch(r"kworker/(\d+):\d+H?", name)
            if cpu:
                assert psr == int(cpu.group(1)), (name, psr)

