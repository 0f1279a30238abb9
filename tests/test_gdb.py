"""gdb against a running irqlab, as a student uses it: gdb-multiarch in batch mode on
QEMU's gdb stub (TCG), breaking in the keyboard interrupt after a QMP key press.

One boot serves every case. Session 1 stops the machine inside the key's interrupt: the
backtrace must go from i8042_interrupt down through do_IRQ and the entry code into the
code the interrupt stopped, and the helpers must show that moment (line 1 in progress,
the tasklet queued, TASKLET pending). Session 2 attaches once the machine is quiet and
compares every helper with what the shell itself says (/proc/interrupts, /proc/softirqs,
ps, dmesg). gdb's exit status only reflects its last command, so everything is judged
from its output, cut into sections at `echo @@name` markers.
"""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

import pytest

from irqlab import BUILD, ROOT, Machine, MachineError, timeout_mult

GDB = os.environ.get("GDB", "gdb-multiarch")
ELF = os.path.join(BUILD, "irqlab.elf")
HELPERS = os.path.join(ROOT, "tools", "gdb", "irqlab.py")
QEMU_PIN = re.compile(r"pin (\d+)\s+0x([0-9a-f]{16})")
PROC_ROW = re.compile(r"^\s*(\d+):\s+(\d+)\s+(\S+)\s+(\d+)-(\S+)\s+(.*)$", re.M)
GDB_ROW = re.compile(r"^\s*(\d+):\s+(\d+)\s+(\S+)\s+(\d+)-(\S+)\s+(\S+)\s+(\d+)\s+(\S+)$", re.M)
ACTION = re.compile(r"^\s+action (\S+)\s+(\S+)\(dev_id=(\S+)\) flags=(\S+) handled=(\d+)$", re.M)
PS_ROW = re.compile(r"^\s*(\d+)\s+(\S \(\w+\))\s+(NORMAL|FIFO\s+\d+)\s+\d+\s+(\d+)\s+(\d+)"
                    r"\s+(\d+)\s+(\S+)", re.M)
PYTHON_ERROR = re.compile(r"Python Exception|Error occurred in Python|Traceback")


def wait_until(predicate, timeout, what):
    deadline = time.time() + timeout * timeout_mult()
    while not predicate():
        if time.time() > deadline:
            raise MachineError("timed out waiting for " + what)
        time.sleep(0.01)


class Gdb:
    """gdb-multiarch -batch on a command file, attached to machine's stub. Its output is
    collected as it comes, so a test can act when gdb reaches a marker."""

    def __init__(self, machine, commands, setup=None):
        """setup: the commands that load the kernel and the helpers and attach; by
        default this harness's own, quiet ones."""
        self.dir = tempfile.mkdtemp(prefix="irqlab-gdb-")
        script = os.path.join(self.dir, "session.gdb")
        if setup is None:
            setup = [
                "set architecture i386",
                "file " + ELF,
                "set pagination off",
                "set width 0",
                "set python print-stack full",
                "source " + HELPERS,
                "target remote " + machine.gdb_socket,
            ]
        with open(script, "w") as f:
            f.write("\n".join(setup + commands + [""]))
        self.out = ""
        self.lock = threading.Condition()
        self.proc = subprocess.Popen([GDB, "-n", "-batch", "-x", script], cwd=ROOT,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.lock:
                self.out += line
                self.lock.notify_all()

    def wait_for(self, marker, timeout=10):
        deadline = time.time() + timeout * timeout_mult()
        with self.lock:
            while marker not in self.out:
                left = deadline - time.time()
                if left <= 0 or self.proc.poll() is not None and marker not in self.out:
                    raise MachineError("gdb did not reach %r:\n%s" % (marker, self.out))
                self.lock.wait(min(left, 0.2))

    def finish(self, timeout=20):
        try:
            self.proc.wait(timeout * timeout_mult())
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise MachineError("gdb did not finish:\n" + self.out)
        finally:
            self.reader.join(5)
            self.proc.stdout.close()
            shutil.rmtree(self.dir, ignore_errors=True)
        return self.out


def sections(out):
    """{name: text} for the parts of gdb's output after each `echo @@name` marker."""
    parts = re.split(r"^@@(\S+)\n", out, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def proc_interrupts(m):
    return {int(r[0]): (int(r[1]), r[2], int(r[3]), r[4], r[5].strip())
            for r in PROC_ROW.findall(m.command("cat /proc/interrupts"))}


def proc_softirqs(m):
    rows = {}
    for line in m.command("cat /proc/softirqs").splitlines():
        r = re.match(r"^\s*([A-Z_]+):\s+(\d+)", line)
        if r:
            rows[r.group(1)] = int(r.group(2))
    return rows


def gdb_softirqs(text):
    return {r[1]: int(r[2]) for r in
            re.findall(r"^\s*(\d+) ([A-Z_]+)\s+(\d+)\s", text, flags=re.M)}


def keyboard_vector(m):
    """The vector QEMU's IOAPIC delivers pin 1 (the keyboard) on: QEMU's word, not the
    kernel's."""
    pins = {int(p): int(v, 16) for p, v in QEMU_PIN.findall(m.hmp("info pic"))}
    return pins[1] & 0xff


@pytest.fixture(scope="module")
def run():
    """Boots once (APIC mode, the default), runs both gdb sessions and the shell
    commands around them, and hands the tests everything that was seen."""
    if not shutil.which(GDB):
        pytest.fail("%s is not installed (tools/setup installs it)" % GDB)
    with Machine(gdb=True) as m:
        m.qmp("cont")                   # -S held the CPU; gdb is not needed for the boot
        m.wait_ready()
        seen = {"before": proc_interrupts(m), "vector": keyboard_vector(m)}

        s1 = Gdb(m, [
            "hbreak do_IRQ if regs->vector == %d" % seen["vector"],
            "hbreak i8042_interrupt",
            "echo @@continue\\n", "continue",
            "echo @@do_IRQ\\n", "p/x *regs", "bt",
            "continue",
            "echo @@bt\\n", "bt",
            "echo @@irq_regs\\n", 'p/x $irqlab_per_cpu("irq_regs")->vector',
            "echo @@interrupts\\n", "irqlab-interrupts",
            "echo @@tasklets-entry\\n", "irqlab-tasklets",
            "echo @@finish\\n", "finish",
            "echo @@tasklets\\n", "irqlab-tasklets",
            "echo @@softirqs\\n", "irqlab-softirqs",
            "echo @@idt\\n", "irqlab-idt -a",
            "echo @@idt-folded\\n", "irqlab-idt",
            # The bottom half: inside the tasklet's function it is off its list.
            "delete", "hbreak keyboard_tasklet_fn",
            "echo @@continue-to-tasklet\\n", "continue",
            "echo @@tasklets-running\\n", "irqlab-tasklets",
            "echo @@tasklets-running-bt\\n", "bt",
            "echo @@end\\n", "delete", "detach",
        ])
        s1.wait_for("@@continue\n")
        # QEMU drops input while the machine is stopped: press the key once gdb has let
        # it run again.
        wait_until(lambda: m.status()["status"] == "running", 10, "gdb's continue")
        m.send_key("a", hold_ms=20)
        seen["s1"] = s1.finish()

        # The shell echoes the key (the bottom half ran); clear the line it started.
        m.wait_for("a", timeout=10)
        m.write("\x15")
        before = seen["before"][1][0]
        wait_until(lambda: proc_interrupts(m)[1][0] >= before + 2, 10,
                   "the key's release interrupt")
        seen["softirqs"] = proc_softirqs(m)
        seen["ps"] = m.command("ps")
        seen["dmesg"] = m.command("dmesg")
        seen["workqueues"] = m.command("cat /proc/workqueues")
        seen["after"] = proc_interrupts(m)
        shell_pid = [int(r[0]) for r in PS_ROW.findall(seen["ps"]) if r[6] == "shell"]
        assert shell_pid, seen["ps"]
        seen["shell_pid"] = shell_pid[0]

        seen["forms"] = documented_forms(seen["shell_pid"])
        form_commands = []
        for i, form in enumerate(seen["forms"]):
            form_commands += ["echo @@form-%d\\n" % i, form]
        s2 = Gdb(m, form_commands + ["python"] + [
            "for c in %r:" % BAD_FORMS,
            "    gdb.write('@@bad %s\\n' % c)",
            "    try:",
            "        gdb.execute(c)",
            "    except gdb.error as e:",
            "        gdb.write('error: %s\\n' % e)",
            "end",
            "echo @@interrupts\\n", "irqlab-interrupts",
            "echo @@softirqs\\n", "irqlab-softirqs",
            "echo @@ps\\n", "irqlab-ps",
            "echo @@bt-shell\\n", "irqlab-bt %d" % seen["shell_pid"],
            "echo @@dmesg\\n", "irqlab-dmesg",
            "echo @@workqueues\\n", "irqlab-workqueues",
            "echo @@current\\n", "p $irqlab_current()", "p $irqlab_current(0)",
            "echo @@per-cpu\\n", 'p $irqlab_per_cpu("softirq_pending")',
            'p $irqlab_per_cpu("softirq_pending", 0)',
            "echo @@end\\n", "detach",
        ])
        seen["s2"] = s2.finish()
        seen["alive"] = m.command("echo still here")   # detach let the kernel go on
        yield seen


# --- every argument form the helpers document -----------------------------------------------

HELPER_DIR = os.path.join(ROOT, "tools", "gdb", "irqlab_gdb")
USAGE_LINE = re.compile(r"^Usage: (irqlab-[\w-]+)(.*)$", re.M)
# One or more concrete arguments for each placeholder a Usage line names.
EXAMPLES = {"VECTOR": ["8", "0x30", "255"], "FIRST-LAST": ["0x30-0x32", "0-2", "0xfe-0xff"],
            "PID": ["{pid}"], "DIR...": ["build/samples", "build/samples build/kernel"]}
BAD_FORMS = ["irqlab-idt 0x100", "irqlab-idt 9-8", "irqlab-idt x", "irqlab-idt 1-2-3",
             "irqlab-ps -x", "irqlab-bt", "irqlab-interrupts -q"]


def usages():
    """{command: argument grammar} from the 'Usage:' line of each helper's help."""
    found = {}
    for name in sorted(os.listdir(HELPER_DIR)):
        if name.endswith(".py"):
            with open(os.path.join(HELPER_DIR, name)) as f:
                for cmd, grammar in USAGE_LINE.findall(f.read()):
                    found[cmd] = re.split(r"\s{2,}", grammar.strip())[0]
    return found


def alternatives(grammar):
    """'[-a | VECTOR | FIRST-LAST]' -> ['', '-a', 'VECTOR', 'FIRST-LAST']; 'PID' -> ['PID']."""
    if not grammar:
        return [""]
    optional = re.fullmatch(r"\[(.*)\]", grammar)
    if optional:
        return [""] + [a.strip() for a in optional.group(1).split("|")]
    return [grammar]


def documented_forms(pid):
    forms = []
    for cmd, grammar in sorted(usages().items()):
        for alt in alternatives(grammar):
            if not alt or alt.startswith("-"):
                forms.append((cmd + " " + alt).strip())
                continue
            assert alt in EXAMPLES, "%s documents %s: add examples of it to EXAMPLES" % (
                cmd, alt)
            forms += ["%s %s" % (cmd, e.format(pid=pid)) for e in EXAMPLES[alt]]
    return forms


def test_help_and_readme_document_the_same_forms():
    helps = usages()
    assert set(helps) == {
        "irqlab-dmesg", "irqlab-interrupts", "irqlab-idt", "irqlab-softirqs",
        "irqlab-tasklets", "irqlab-workqueues", "irqlab-ps", "irqlab-bt",
        "irqlab-symbols"}, helps
    with open(os.path.join(ROOT, "README.md")) as f:
        readme = f.read()
    table = dict((c, g.replace("\\|", "|").strip()) for c, g in
                 re.findall(r"^\| `(irqlab-[\w-]+)([^`]*)` \|", readme, re.M))
    assert table == helps, \
        (table, helps)


def test_every_documented_form_runs(run):
    s = sections(run["s2"])
    for i, form in enumerate(run["forms"]):
        text = s["form-%d" % i]
        assert text.strip() and not PYTHON_ERROR.search(text), (form, text)
        assert not re.search(r"^(usage|irqlab[\w-]*):", text, re.M), (form, text)
    assert len(run["forms"]) >= 15, run["forms"]


def idt_rows(text):
    return [int(v, 16) for v in re.findall(r"^0x([0-9a-f]{2})\s", text, re.M)]


def test_idt_labels_exceptions_as_the_kernel_table_does(run):
    """Mnemonics come from arch/x86/traps.c's table, as /proc/exceptions shows them: none
    for 2, 9 and 15, #XM for 19 (not the enum's X86_TRAP_XF), #MF only on 16."""
    rows = {int(v, 16): line for v, line in
            re.findall(r"^0x([0-9a-f]{2})\s(.*)$", sections(run["s1"])["idt"], re.M)}
    for vector in (2, 9, 15):
        assert "#" not in rows[vector], rows[vector]
    assert "#XM" in rows[19] and "#MF" in rows[16], (rows[19], rows[16])
    assert [v for v, line in rows.items() if "#MF" in line] == [16]


def test_idt_one_vector_and_ranges(run):
    s = sections(run["s2"])
    by_form = {form: s["form-%d" % i] for i, form in enumerate(run["forms"])}
    assert idt_rows(by_form["irqlab-idt 8"]) == [8], by_form["irqlab-idt 8"]
    assert re.search(r"^0x08\s+#DF\s+task\s", by_form["irqlab-idt 8"], re.M)
    assert idt_rows(by_form["irqlab-idt 0x30"]) == [0x30]
    assert idt_rows(by_form["irqlab-idt 255"]) == [0xff]
    assert idt_rows(by_form["irqlab-idt 0x30-0x32"]) == [0x30, 0x31, 0x32]
    assert idt_rows(by_form["irqlab-idt 0-2"]) == [0, 1, 2]
    assert idt_rows(by_form["irqlab-idt 0xfe-0xff"]) == [0xfe, 0xff]
    bad = dict(re.findall(r"^@@bad (.*)\n(.*)$", run["s2"], re.M))
    assert set(bad) == set(BAD_FORMS), bad
    for form, answer in bad.items():
        assert answer.startswith("error: ") and ("usage: " + form.split()[0] in answer or
                                                 "not a range" in answer), (form, answer)


def test_convenience_functions_with_and_without_a_cpu(run):
    s = sections(run["s2"])
    task = re.findall(r"= \(struct task_struct \*\) (0x[0-9a-f]+)", s["current"])
    assert len(task) == 2 and task[0] == task[1], s["current"]
    pending = re.findall(r"^\$\d+ = (\d+)$", s["per-cpu"], re.M)
    assert pending == ["0", "0"], s["per-cpu"]


def test_sessions_ran_without_python_errors(run):
    for name in ("s1", "s2"):
        assert "@@end" in run[name], run[name]
        assert not PYTHON_ERROR.search(run[name]), run[name]
    assert "still here" in run["alive"]


def test_conditional_break_in_do_IRQ_shows_the_frame(run):
    """`hbreak do_IRQ if regs->vector == V`, then `p *regs`: the frame entry.asm built
    for the keyboard's vector, taken with interrupts on, in the kernel's code segment."""
    text = sections(run["s1"])["do_IRQ"]
    regs = dict((k, int(v, 16)) for k, v in re.findall(r"(\w+) = (0x[0-9a-f]+)", text))
    assert regs["vector"] == run["vector"], text
    assert regs["cs"] == 0x8 and regs["eflags"] & 0x200, text      # __KERNEL_CS, IF
    assert regs["error_code"] == 0, text
    assert re.search(r"^#0\s+do_IRQ \(regs=0x[0-9a-f]+\)", text, re.M), text


def frames(bt_text):
    """[(number, pc or None, function)] of a gdb backtrace."""
    out = []
    for r in re.finditer(r"^#(\d+)\s+(?:(0x[0-9a-f]+) in )?([\w.\[\]]+)", bt_text, re.M):
        out.append((int(r.group(1)), int(r.group(2), 16) if r.group(2) else None,
                    r.group(3)))
    return out


def test_backtrace_from_the_keyboard_handler_to_the_interrupted_code(run):
    s = sections(run["s1"])
    f = frames(s["bt"])
    names = [n for _, _, n in f]
    assert names[:4] == ["i8042_interrupt", "handle_irq_event", "handle_edge_irq",
                         "do_IRQ"], s["bt"]
    assert names[4].startswith("common_entry"), s["bt"]
    # Past the entry code: the instruction the interrupt stopped (regs->eip at do_IRQ),
    # then real callers all the way to the bottom of a stack - no guessed frames.
    eip = int(re.search(r"eip = (0x[0-9a-f]+)", s["do_IRQ"]).group(1), 16)
    assert f[5][1] == eip, (hex(eip), s["bt"])
    assert names[-1] in ("_start", "ret_from_kernel_thread"), s["bt"]
    assert all(re.search(r" at \S+:\d+$", line) for line in s["bt"].splitlines()
               if line.startswith("#")), s["bt"]
    assert "boot_stack_bottom" not in s["bt"] and "??" not in s["bt"], s["bt"]


def test_per_cpu_function_reads_irq_regs(run):
    text = sections(run["s1"])["irq_regs"]
    assert re.search(r"= 0x%x$" % run["vector"], text.strip()), text


def parse_interrupts(text):
    rows = {int(r[0]): dict(count=int(r[1]), chip=r[2], hwirq=int(r[3]), flow=r[4],
                            handler=r[5], depth=int(r[6]), istate=r[7])
            for r in GDB_ROW.findall(text)}
    actions = {}
    current = None
    for line in text.splitlines():
        r = GDB_ROW.match(line)
        if r:
            current = int(r.group(1))
        a = ACTION.match(line)
        if a and current is not None:
            actions.setdefault(current, []).append(a.groups())
    return rows, actions


def test_interrupts_during_the_keyboard_interrupt(run):
    rows, actions = parse_interrupts(sections(run["s1"])["interrupts"])
    before = run["before"][1][0]
    line = rows[1]
    assert line["count"] == before + 1, (before, line)     # this interrupt is counted
    assert (line["chip"], line["hwirq"], line["flow"], line["handler"]) == \
        ("IO-APIC", 1, "edge", "handle_edge_irq"), line
    assert line["depth"] == 0 and "INPROGRESS" in line["istate"].split("|"), line
    name, handler, dev_id, flags, handled = actions[1][0]
    assert (name, handler, dev_id, flags) == ("i8042", "i8042_interrupt", "i8042_dev", "SHARED")
    assert int(handled) == before            # earlier ones all returned IRQ_HANDLED
    # Lines nobody requested are left out, as /proc/interrupts leaves them out.
    assert set(rows) == set(run["before"]), (rows, run["before"])


def test_interrupts_match_proc_interrupts_when_quiet(run):
    rows, actions = parse_interrupts(sections(run["s2"])["interrupts"])
    proc = run["after"]
    assert set(rows) == set(proc)
    for irq, (count, chip, hwirq, flow, names) in proc.items():
        assert (rows[irq]["chip"], rows[irq]["hwirq"], rows[irq]["flow"]) == \
            (chip, hwirq, flow), (irq, rows[irq], proc[irq])
        if names == "serial":
            # The serial line carried the command and its answer after the count was
            # taken: it can only have grown.
            assert rows[irq]["count"] >= count, (irq, rows[irq], proc[irq])
        else:
            assert rows[irq]["count"] == count, (irq, rows[irq], proc[irq])
        assert ", ".join(a[0] for a in actions[irq]) == names, (irq, actions[irq])
        assert rows[irq]["istate"] == "-", rows[irq]         # nothing in progress now
    assert int(actions[1][0][4]) == proc[1][0]               # every byte was handled
    assert proc[1][0] == run["before"][1][0] + 2            # a press and a release


def test_tasklets_before_and_after_the_top_half(run):
    s = sections(run["s1"])
    assert "tasklet_vec (TASKLET_SOFTIRQ): empty" in s["tasklets-entry"], s["tasklets-entry"]
    assert "handle_irq_event" in s["finish"], s["finish"]
    after = s["tasklets"]
    assert "tasklet_hi_vec (HI_SOFTIRQ): empty" in after, after
    assert "tasklet_vec (TASKLET_SOFTIRQ): 1 queued" in after, after
    assert re.search(r"^\s+keyboard_tasklet\s+state=SCHED\s+count=0\s+keyboard_tasklet_fn$",
                     after, re.M), after


def test_tasklets_shows_the_running_tasklet(run):
    """At a breakpoint inside keyboard_tasklet_fn the tasklet has left its list: it is
    shown as running on CPU0, with RUN set and SCHED clear."""
    s = sections(run["s1"])
    assert re.search(r"^#0\s+keyboard_tasklet_fn", s["tasklets-running-bt"], re.M), \
        s["tasklets-running-bt"]
    text = s["tasklets-running"]
    assert re.search(r"^CPU0 running: 1 tasklet\n\s+keyboard_tasklet\s+state=RUN\s+"
                     r"count=0\s+keyboard_tasklet_fn$", text, re.M), text
    assert "tasklet_vec (TASKLET_SOFTIRQ): empty" in text, text
    # Outside a tasklet nothing is shown as running, though the pointer stays set.
    for name in ("tasklets-entry", "tasklets"):
        assert "CPU0 running: none" in s[name], s[name]
    quiet = sections(run["s2"])["form-%d" % run["forms"].index("irqlab-tasklets")]
    assert "CPU0 running: none" in quiet, quiet


def test_softirqs_pending_inside_the_interrupt(run):
    text = sections(run["s1"])["softirqs"]
    assert re.search(r"CPU0: pending 0x040 TASKLET; preempt_count 0x00010000 \(hardirq 1,",
                     text), text
    assert re.search(r"^\s*6 TASKLET\s+\d+\s+tasklet_action\s+\(pending\)$", text, re.M), text
    assert re.search(r"ksoftirqd/0 \(pid \d+\): S \(sleeping\)", text), text


def test_softirq_counts_match_proc_softirqs(run):
    text = sections(run["s2"])["softirqs"]
    gdb_counts = gdb_softirqs(text)
    proc = run["softirqs"]
    assert set(gdb_counts) == set(proc) and len(proc) == 10, (gdb_counts, proc)
    for name, n in proc.items():
        # The tick may run TIMER again between the shell's answer and gdb's look.
        if name == "TIMER":
            assert gdb_counts[name] >= n
        else:
            assert gdb_counts[name] == n, (name, gdb_counts, proc)
    assert proc["TASKLET"] >= 1          # the key's bytes were decoded by the tasklet
    assert re.search(r"CPU0: pending 0x000 -; preempt_count 0x00000000", text), text


def test_idt_gates(run):
    s = sections(run["s1"])
    rows = {}
    for r in re.finditer(r"^0x([0-9a-f]{2})\s+(#\w+)?\s+(\w+)\s+(\d)\s+0x([0-9a-f]{4})"
                         r"\s+(\S+)\s+-> (.*)$", s["idt"], re.M):
        rows[int(r.group(1), 16)] = (r.group(2), r.group(3), int(r.group(5), 16),
                                     r.group(6), r.group(7))
    assert sorted(rows) == list(range(256)), s["idt"]
    # The double fault: a task gate on the double-fault TSS (GDT entry 4), into its task.
    assert rows[8][:3] == ("#DF", "task", 0x20), rows[8]
    assert rows[8][4] == "TSS doublefault_tss, eip doublefault_task_entry", rows[8]
    for v, (_name, kind, sel, stub, _where) in rows.items():
        if v != 8:
            assert (kind, sel, stub) == ("interrupt", 0x08, "vector_stub_%d" % v), (v, rows[v])
    assert rows[0][0] == "#DE" and rows[0][4] == "do_divide_error"
    assert rows[14][0] == "#PF" and rows[14][4] == "do_page_fault"
    assert rows[run["vector"]][4] == "do_IRQ: IRQ 1 (i8042)", rows[run["vector"]]
    assert rows[0xec][4] == "sysvec_apic_timer_interrupt"
    # The default view folds runs of identical gates but accounts for every vector.
    covered = set()
    for r in re.finditer(r"^0x([0-9a-f]{2})(?:-0x([0-9a-f]{2}))?\s", s["idt-folded"], re.M):
        lo = int(r.group(1), 16)
        covered.update(range(lo, int(r.group(2) or r.group(1), 16) + 1))
    assert covered == set(range(256)), s["idt-folded"]
    assert re.search(r"^0x40-0xeb .*vector_stub_64\.\.235\s+-> do_IRQ: no line bound",
                     s["idt-folded"], re.M), s["idt-folded"]


def ps_threads(text):
    return {int(r[0]): (r[1], r[2], r[6]) for r in PS_ROW.findall(text)}


def test_ps_lists_the_shells_threads_with_backtraces(run):
    s = sections(run["s2"])
    mine, shells = ps_threads(s["ps"]), ps_threads(run["ps"])
    assert {p: (c, n) for p, (_s, c, n) in mine.items()} == \
        {p: (c, n) for p, (_s, c, n) in shells.items()}, (s["ps"], run["ps"])
    names = {n: p for p, (_s, _c, n) in mine.items()}
    assert names["idle"] == 0 and "ksoftirqd/0" in names and "shell" in names
    # The shell waits for a key: switched out, not running.
    state = mine[run["shell_pid"]][0]
    assert state in ("S (sleeping)", "D (blocked)"), s["ps"]
    assert sum(st == "R (running)" for st, _c, _n in mine.values()) == 1, s["ps"]

    bt = s["bt-shell"]
    fn = [n for _, _, n in frames(bt)]
    want = ["schedule", "console_getc", "shell_run", "shell_thread", "kthread_entry",
            "ret_from_kernel_thread"]
    assert [n for n in fn if n in want] == want, bt
    assert fn[0] == "__schedule", bt
    # irqlab-ps prints the same backtrace under the shell's row.
    block = s["ps"].split(" shell ")[1]
    assert all(line.strip() in block for line in bt.splitlines()[1:]), (bt, block)


def test_dmesg_is_the_shells_dmesg(run):
    text = sections(run["s2"])["dmesg"]
    assert "irqlab: booting" in text and "irqlab: ready" in text, text
    # Nothing prints between the shell's dmesg and gdb's look, except perhaps at the end.
    shell = run["dmesg"].strip("\n")
    assert text.startswith(shell), (shell[-500:], text[-500:])


def kernel_has_symbol(name):
    nm = subprocess.run(["i686-linux-gnu-nm", ELF], capture_output=True, text=True)
    if nm.returncode != 0:
        nm = subprocess.run(["nm", ELF], capture_output=True, text=True)
    return re.search(r" [a-zA-Z] %s$" % re.escape(name), nm.stdout, re.M) is not None


WQ_ROW = re.compile(r"^(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", re.M)


def test_workqueues(run):
    text = sections(run["s2"])["workqueues"]
    if not kernel_has_symbol("workqueues"):
        assert "this kernel has no work queues: no symbol 'workqueues'" in text, text
        return
    assert not re.search(r"see LAYOUT|no symbol", text), text
    # The kernel's own view, /proc/workqueues: its queue table (name, flags, max_active,
    # pool) and its workers' states must be what gdb read from memory.
    proc = run["workqueues"]
    queue_table = proc.split("\n\n")[0]
    want = [r[:4] for r in WQ_ROW.findall(queue_table)]
    assert want, proc
    assert [r[:4] for r in WQ_ROW.findall(text)] == want, (text, proc)
    workers = dict(re.findall(r"^(\S+)\s+(?:\d+|-)\s+\d+\s+(idle|running|sleeping|prep|dying)",
                              proc, re.M))
    seen = dict(re.findall(r"^    worker\s+(\S+)\s+(?:pid \d+|no thread)\s+(\w+)", text, re.M))
    assert workers and seen == workers, (text, proc)


# --- make debug / make gdb ------------------------------------------------------------------

def make_env():
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)       # make debug stays in the terminal
    env.pop("MAKEFLAGS", None)
    env.pop("MFLAGS", None)
    return env


@pytest.fixture
def own_gdbinit(tmp_path):
    """GDBINIT=path for make: each test writes its own gdbinit, so tests running at once
    (and the user's build/gdbinit) never see another's."""
    return str(tmp_path / "gdbinit")


def test_make_gdb_without_qemu_says_what_to_do(tmp_path, own_gdbinit):
    sock = str(tmp_path / "none.sock")
    p = subprocess.run(["make", "-s", "gdb", "GDBSOCK=" + sock, "GDBINIT=" + own_gdbinit],
                       cwd=ROOT, env=make_env(),
                       capture_output=True, text=True, timeout=60 * timeout_mult())
    assert p.returncode != 0
    assert "nothing listens on %s" % sock in p.stdout + p.stderr
    assert "make debug" in p.stdout + p.stderr


def test_make_debug_and_make_gdb(tmp_path, own_gdbinit):
    """`make debug` leaves QEMU stopped at the reset vector with a stub on GDBSOCK;
    `make gdb` (non-interactive through GDBFLAGS) connects through the gdbinit make wrote
    (build/gdbinit unless GDBINIT says otherwise) with the helpers loaded."""
    sock = str(tmp_path / "gdb.sock")
    debug = subprocess.Popen(["make", "-s", "debug", "GDBSOCK=" + sock,
                              "GDBINIT=" + own_gdbinit], cwd=ROOT,
                             env=make_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until(lambda: os.path.exists(sock) or debug.poll() is not None, 30,
                   "make debug's gdb socket")
        assert debug.poll() is None, debug.stdout.read().decode()
        with open(own_gdbinit) as f:
            gdbinit = f.read().splitlines()
        assert "set architecture i386" in gdbinit
        assert "target remote " + sock in gdbinit
        assert "file " + ELF in gdbinit
        assert "source " + HELPERS in gdbinit
        p = subprocess.run(["make", "-s", "gdb", "GDBSOCK=" + sock, "GDBINIT=" + own_gdbinit,
                            "GDBFLAGS=-batch -ex 'info registers eip' -ex 'help irqlab-ps'"],
                           cwd=ROOT, env=make_env(), capture_output=True, text=True,
                           timeout=60 * timeout_mult())
        out = p.stdout + p.stderr
        assert re.search(r"^eip\s+0xfff0\s", out, re.M), out       # -S: the BIOS's first
        assert "List the threads" in out, out
        assert not PYTHON_ERROR.search(out), out
    finally:
        os.killpg(debug.pid, signal.SIGKILL)     # make and the QEMU it started
        debug.wait()
        debug.stdout.close()
