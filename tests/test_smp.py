"""More than one CPU: every CPU QEMU gives (-smp N) comes online on pc and q35 and the smp,
sched_smp and sched_smp_preempt KTAP suites pass there; 8259 mode stays on one CPU and
says why; /proc/cpuinfo, /proc/interrupts and /proc/softirqs show each online CPU, every
CPU's LOC moves, each other CPU has taken reschedule IPIs (RES), and ps shows each
thread's CPU."""
import re

import pytest

from irqlab import EXIT_PASS, Machine, run_to_exit

# The suites that look at the CPUs themselves (tables, per-CPU areas, LOC, the scheduler
# on each) and at the function call IPIs between them; the whole selftest with two CPUs
# is conftest.py's gcc-smp2 boot.
SMP_SUITES = "selftest=smp,sched_smp,sched_smp_preempt,cpu_tables,proc_interrupts,smp_call"


def brought_up(out):
    m = re.search(r"smp: Brought up 1 node, (\d+) CPUs?\n", out)
    assert m, out[-3000:]
    return int(m.group(1))


NR_CPUS = 8     # include/irqlab/cpumask.h: the most CPUs irqlab brings up


@pytest.mark.parametrize("machine", ["pc", "q35"])
@pytest.mark.parametrize("smp", [1, 2, 4, NR_CPUS])
def test_every_cpu_comes_online(machine, smp):
    code, out = run_to_exit(SMP_SUITES, machine=machine, smp=smp, timeout=90)
    assert code == EXIT_PASS, out[-3000:]
    boot, _, selftest = out.partition("KTAP version")
    for cpu in range(1, smp):
        assert "smp: CPU%d (APIC ID %d) online\n" % (cpu, cpu) in boot, boot[-3000:]
    assert brought_up(boot) == smp
    assert "did not come online" not in boot
    # The smp suite's CPU that never answers (APIC ID 0x40) is said so, by the next number;
    # with every CPU number taken it has none, and is refused before it is started.
    if smp < NR_CPUS:
        assert "smp: CPU%d (APIC ID 64) did not come online (-110): left out\n" % smp \
            in selftest, selftest[-3000:]
    else:
        assert "smp: NR_CPUS is %d: APIC ID 64 left out\n" % NR_CPUS in selftest, \
            selftest[-3000:]


@pytest.mark.parametrize("cmdline,machine", [("irqchip=pic", "pc"), ("", "pc,acpi=off")])
def test_8259_mode_runs_on_one_cpu(cmdline, machine):
    with Machine(cmdline=cmdline, machine=machine, smp=2) as m:
        m.wait_ready()
        assert "smp: the 8259 PIC delivers interrupts and no local APIC is in use: " \
               "running on one CPU\n" in m.out, m.out
        assert brought_up(m.out) == 1
        assert cpu_columns(m.command("cat /proc/interrupts")) == 1
        assert processors(m.command("cat /proc/cpuinfo")) == [0]


def cpu_columns(proc):
    """The CPUs of a /proc/interrupts or /proc/softirqs header, checking Linux's layout."""
    header = proc.splitlines()[0]
    cpus = re.findall(r"CPU(\d+)", header)
    assert header.strip() == "".join("CPU%-8s" % c for c in cpus).strip(), header
    return len(cpus)


def processors(cpuinfo):
    return [int(n) for n in re.findall(r"^processor\t: (\d+)$", cpuinfo, re.M)]


def row_counts(proc, sym, desc):
    row = re.search(r"^%s:((?:\s+\d+)+)\s+%s$" % (sym, desc), proc, re.M)
    assert row, proc
    return [int(n) for n in row.group(1).split()]


def loc_counts(proc):
    return row_counts(proc, "LOC", "Local timer interrupts")


@pytest.mark.parametrize("smp", [2, 4])
def test_proc_files_show_every_cpu(smp):
    with Machine(smp=smp) as m:
        m.wait_ready()
        info = m.command("cat /proc/cpuinfo")
        assert processors(info) == list(range(smp)), info
        assert re.findall(r"^apicid\t\t: (\d+)$", info, re.M) == [str(c) for c in range(smp)]
        for field in ("vendor_id", "cpu family", "model", "model name", "stepping", "flags"):
            assert len(re.findall(r"^%s\t+: \S" % field, info, re.M)) == smp, (field, info)

        softirqs = m.command("cat /proc/softirqs")
        assert cpu_columns(softirqs) == smp
        assert all(len(r.split()) == smp + 1 for r in softirqs.splitlines()[1:]), softirqs

        proc = m.command("cat /proc/interrupts")
        assert cpu_columns(proc) == smp
        assert proc.startswith("           CPU0       CPU1"), proc
        # Every CPU's own timer ticks: wait for it, on the kernel's clock, not ours.
        for _ in range(100):
            if min(loc_counts(proc)) > 0:
                break
            m.command("sleep 50")
            proc = m.command("cat /proc/interrupts")
        assert len(loc_counts(proc)) == smp
        assert min(loc_counts(proc)) > 0, proc
        # Each other CPU was idle when its ksoftirqd/N was first woken, from CPU 0.
        res = row_counts(proc, "RES", "Rescheduling interrupts")
        assert len(res) == smp and min(res[1:]) > 0, proc


def ps_rows(m):
    lines = m.command("ps").strip("\n").splitlines()
    assert lines[0].split()[:4] == ["PID", "STATE", "CLASS", "PSR"], lines[0]
    rows = {}
    for line in lines[1:]:
        f = line.split()
        rows[f[-1]] = {"pid": int(f[0]), "state": f[1], "psr": int(f[-5])}
    return rows


@pytest.mark.parametrize("smp", [1, 2])
def test_ps_shows_each_cpus_idle_and_ksoftirqd_on_it(smp):
    with Machine(smp=smp) as m:
        m.wait_ready()
        rows = ps_rows(m)
        assert rows["idle"] == {"pid": 0, "state": "I", "psr": 0}, rows
        for cpu in range(1, smp):
            assert rows["idle/%d" % cpu] == {"pid": 0, "state": "I", "psr": cpu}, rows
        assert "idle/%d" % smp not in rows, rows
        for cpu in range(smp):
            assert rows["ksoftirqd/%d" % cpu]["psr"] == cpu, rows
        assert rows["shell"]["psr"] == 0, rows     # unbound threads stay on CPU 0
