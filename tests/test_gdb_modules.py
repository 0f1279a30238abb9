"""gdb in a module's code: irqlab-symbols (tools/gdb/irqlab_gdb/symbols.py) loads each
module's symbols at the addresses the loader chose, and follows insmod and rmmod while
gdb stays attached.

One boot, one gdb session. gdb attaches with no module loaded and runs irqlab-symbols;
breakpoints in the module are set before it exists (pending), and the shell then loads
samples/notes/keyboard_counter.ko. gdb must stop in the module's init and, after a key
press, in its IRQ handler, each time at the right line of its
source; after rmmod its symbols must be gone. The lines expected are found in the
sample's own source, and the addresses in /proc/modules, never written here.
"""
import os
import re
import shutil

import pytest

from irqlab import ROOT, Machine
from test_gdb import GDB, PYTHON_ERROR, Gdb, sections, wait_until

MODULE = "keyboard_counter"
SOURCE = os.path.join(ROOT, "samples", "notes", MODULE + ".c")
FRAME = re.compile(r"^#0\s+(?:0x[0-9a-f]+ in )?(\w+) \(.*\) at (\S+):(\d+)$", re.M)


def source_line(text):
    """The number of the line of the sample's source that holds text."""
    with open(SOURCE) as f:
        for n, line in enumerate(f, 1):
            if text in line:
                return n
    raise AssertionError("%s has no line with %r" % (SOURCE, text))


def assert_stopped_at_start_of(frame, function, header, first_statement):
    """frame (a FRAME match) is in function of the sample, on its header's line, its
    opening brace or its first statement: where `break function` puts gdb (gcc at -O2
    may give the brace the first instruction)."""
    assert frame.group(1) == function, frame.group(0)
    assert frame.group(2).endswith(MODULE + ".c"), frame.group(0)
    line = int(frame.group(3))
    assert source_line(header) <= line <= source_line(first_statement), frame.group(0)


def wait_running(m):
    wait_until(lambda: m.status()["status"] == "running", 10, "gdb's continue")


@pytest.fixture(scope="module")
def run():
    if not shutil.which(GDB):
        pytest.fail("%s is not installed (tools/setup installs it)" % GDB)
    seen = {}
    with Machine(gdb=True) as m:
        m.qmp("cont")
        m.wait_ready()
        s = Gdb(m, [
            "echo @@symbols-empty\\n", "irqlab-symbols",
            # Breakpoints in a module not loaded yet: pending until its symbols come.
            "set breakpoint pending on",
            "break test_interrupt_init", "break keyboard_handler",
            "echo @@insmod\\n", "continue",
            "echo @@init\\n", "frame",
            "echo @@loaded\\n", "info line keyboard_handler",
            "echo @@key\\n", "continue",
            "echo @@handler\\n", "frame", "bt",
            "delete", "break free_module",
            "echo @@rmmod\\n", "continue",
            "echo @@removed\\n",
            # An error would end gdb's command file: catch it in Python.
            "python",
            "try:",
            "    gdb.execute('info line keyboard_handler')",
            "except gdb.error as e:",
            "    print('error: %s' % e)",
            "print('objfiles: %s' % ' '.join(o.filename for o in gdb.objfiles()))",
            "end",
            "echo @@end\\n", "delete", "detach",
        ])
        s.wait_for("@@insmod\n")
        wait_running(m)
        seen["insmod"] = m.command("insmod /lib/modules/%s.ko" % MODULE, timeout=30)
        seen["proc_modules"] = m.command("cat /proc/modules")
        s.wait_for("@@key\n")
        wait_running(m)
        m.send_key("a", hold_ms=20)
        s.wait_for("@@rmmod\n")
        wait_running(m)
        # The key's 'a' is on the shell's line: erase it with the keyboard too, and wait
        # for the shell's "\b \b", which says both keys reached the line before rmmod is
        # typed on the serial line (a Ctrl-U sent there could pass the 'a').
        m.send_key("backspace")
        m.wait_for("\b \b", timeout=30)
        seen["rmmod"] = m.command("rmmod " + MODULE, timeout=30)
        seen["gdb"] = s.finish()
        seen["lsmod"] = m.command("lsmod")
    seen["parts"] = sections(seen["gdb"])
    return seen


def test_no_python_errors(run):
    assert not PYTHON_ERROR.search(run["gdb"]), run["gdb"]


def test_symbols_load_at_the_module_address_when_it_loads(run):
    parts = run["parts"]
    assert "scanning for modules in " in parts["symbols-empty"], run["gdb"]
    assert "loading" not in parts["symbols-empty"], run["gdb"]
    addr = re.search(r"^%s \d+ \d+ - Live 0x([0-9a-f]+)$" % MODULE, run["proc_modules"],
                     re.M)
    assert addr, run["proc_modules"]
    base = int(addr.group(1), 16)
    loading = re.search(r"^loading @0x([0-9a-f]+): (\S+)$", parts["insmod"], re.M)
    assert "loading" not in parts["init"] + parts["key"], "loaded twice:\n" + run["gdb"]
    assert loading, run["gdb"]
    # .text comes first in the module's pages (module_layout).
    assert int(loading.group(1), 16) == base, (loading.group(0), run["proc_modules"])
    assert loading.group(2).endswith("samples/notes/%s.ko" % MODULE), loading.group(0)
    assert re.search(r'Line \d+ of "\S*%s\.c"' % MODULE, parts["loaded"]), parts["loaded"]


def test_breakpoint_in_module_init(run):
    frame = FRAME.search(run["parts"]["init"])
    assert frame, run["gdb"]
    assert_stopped_at_start_of(frame, "test_interrupt_init", "int test_interrupt_init(",
                               'pr_info("%s: In init')


def test_breakpoint_in_module_irq_handler(run):
    text = run["parts"]["handler"]
    frame = FRAME.search(text)
    assert frame, run["gdb"]
    assert_stopped_at_start_of(frame, "keyboard_handler", "irqreturn_t keyboard_handler(",
                               'pr_info("Keyboard Counter')
    # The kernel's frames below the module's: the shared line's action list.
    assert re.search(r"^#1\s+.*handle_irq_event", text, re.M), text


def test_rmmod_drops_the_symbols(run):
    parts = run["parts"]
    assert re.search(r"^unloading %s: " % MODULE, parts["rmmod"], re.M), run["gdb"]
    assert 'error: Function "keyboard_handler" not defined.' in parts["removed"], \
        parts["removed"]
    objfiles = re.search(r"^objfiles: (.*)$", parts["removed"], re.M).group(1)
    assert MODULE not in objfiles, objfiles
    assert MODULE not in run["lsmod"], run["lsmod"]
