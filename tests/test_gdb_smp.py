"""gdb on two vCPUs, as the README's "Debugging with gdb" explains it: QEMU's gdb stub
shows each CPU as a thread (`info threads`, `thread N`), and the helpers show every
CPU's state whichever thread is selected."""
import re
import shutil

import pytest

from irqlab import Machine
from test_gdb import GDB, PYTHON_ERROR, Gdb, sections


@pytest.fixture(scope="module")
def smp():
    if not shutil.which(GDB):
        pytest.fail("%s is not installed (tools/setup installs it)" % GDB)
    with Machine(gdb=True, smp=2) as m:
        m.qmp("cont")
        m.wait_ready()
        g = Gdb(m, [
            "echo @@threads\\n", "info threads",
            "thread 2",
            "echo @@bt2\\n", "bt",
            "echo @@current1\\n", "p $irqlab_current(1)->comm",
            "echo @@ps\\n", "irqlab-ps",
            "echo @@selected\\n", "thread",
            "echo @@softirqs\\n", "irqlab-softirqs",
            "echo @@tasklets\\n", "irqlab-tasklets",
            "echo @@interrupts\\n", "irqlab-interrupts",
            "echo @@end\\n", "detach",
        ])
        out = g.finish()
        yield out, sections(out), m.command("cat /proc/interrupts")


def ps_blocks(text):
    """{name: (state, psr, backtrace lines)} from irqlab-ps."""
    blocks = {}
    for block in re.split(r"\n(?=\s*\d+\s+\S \()", text.strip()):
        head = re.match(r"\s*\d+\s+(\S \(\w+\))\s+(?:NORMAL|FIFO\s+\d+)\s+(\d+)\s+"
                        r"\d+\s+\d+\s+\d+\s+(\S+)", block)
        if head:
            blocks[head.group(3)] = (head.group(1), int(head.group(2)), block)
    return blocks


def test_one_gdb_thread_per_cpu(smp):
    out, s, _ = smp
    assert not PYTHON_ERROR.search(out), out
    assert re.search(r"^\*?\s+1\s+Thread 1\.1 \(CPU#0", s["threads"], re.M), s["threads"]
    assert re.search(r"^\*?\s+2\s+Thread 1\.2 \(CPU#1", s["threads"], re.M), s["threads"]


def test_thread_2_is_the_second_cpu(smp):
    _, s, _ = smp
    assert "start_secondary" in s["bt2"], s["bt2"]        # the AP's own way in
    assert "start_kernel" not in s["bt2"], s["bt2"]
    assert '"idle/1' in s["current1"], s["current1"]


def test_ps_shows_each_cpus_running_thread_from_its_own_gdb_thread(smp):
    _, s, _ = smp
    blocks = ps_blocks(s["ps"])
    state0, psr0, bt0 = blocks["idle"]
    state1, psr1, bt1 = blocks["idle/1"]
    assert (state0, psr0) == ("R (running)", 0) and (state1, psr1) == ("R (running)", 1)
    assert "start_kernel" in bt0 and "start_secondary" not in bt0, bt0
    assert "start_secondary" in bt1 and "start_kernel" not in bt1, bt1
    assert blocks["ksoftirqd/1"][1] == 1
    assert "Thread 1.2" in s["selected"]          # irqlab-ps gave thread 2 back


def test_helpers_have_a_column_or_block_per_cpu(smp):
    _, s, proc = smp
    assert re.search(r"^\s*NR NAME\s+CPU0\s+CPU1\s+HANDLER", s["softirqs"], re.M)
    assert "ksoftirqd/1" in s["softirqs"]
    assert "CPU1 tasklet_vec (TASKLET_SOFTIRQ)" in s["tasklets"]
    assert re.search(r"^IRQ\s+CPU0\s+CPU1\s+CHIP", s["interrupts"], re.M)
    loc = re.search(r"^LOC: local timer interrupts\s+(\d+) (\d+)", s["interrupts"], re.M)
    assert loc and int(loc.group(2)) > 0, s["interrupts"]      # CPU1's own timer ticks
    assert re.search(r"^\s*LOC:\s+\d+\s+\d+\s+Local timer interrupts", proc, re.M)
