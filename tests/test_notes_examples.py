"""The course notes' module examples (samples/notes/, see its README.md): each file is the
notes' text, every one builds out of tree as the notes build it, with gcc and with clang,
and each one loads into irqlab and unloads. What each one shows when it runs is checked in
tests/test_notes_irq.py, tests/test_notes_irqs_off.py, tests/test_notes_tasklet.py and
tests/test_notes_bh.py."""
import os
import shutil
import subprocess
import sys

import pytest

import test_notes_bh
from irqlab import ROOT
from test_kbuild import elf_header, make

sys.path.insert(0, os.path.join(ROOT, "tools"))
import notes_examples  # noqa: E402

NAMES = [name for name, _, _ in notes_examples.table()]


def test_table_names_31_examples():
    assert len(NAMES) == 31 and len(set(NAMES)) == 31, NAMES
    assert sorted(NAMES) == sorted(f[:-2] for f in os.listdir(os.path.join(ROOT, "samples",
                                                                            "notes"))
                                   if f.endswith(".c"))


def test_each_file_is_the_notes_text():
    p = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "notes_examples.py"),
                        "check"], capture_output=True, text=True)
    assert p.returncode == 0 and "all as the notes" in p.stdout, p.stdout + p.stderr


def test_check_sees_a_changed_byte(tmp_path, monkeypatch):
    """The check is not a formality: one changed character in one file is reported."""
    copy = tmp_path / "notes"
    shutil.copytree(notes_examples.DIR, copy)
    victim = copy / "irq_save.c"
    victim.write_text(victim.read_text().replace("flags", "flag5", 1))
    monkeypatch.setattr(notes_examples, "DIR", str(copy))
    monkeypatch.setattr(notes_examples, "README", str(copy / "README.md"))
    assert notes_examples.check(None) == 1


@pytest.mark.parametrize("cc", ["gcc", "clang"])
def test_examples_build_out_of_tree(tmp_path, cc):
    """The student's way: the directory's own Makefile (obj-m += NAME.o ...) through
    make -C <irqlab> M=$PWD modules."""
    src = tmp_path / "notes"
    shutil.copytree(notes_examples.DIR, src)
    p = make("M=%s" % src, "modules", *(["CC=clang"] if cc == "clang" else []))
    assert p.returncode == 0, p.stdout + p.stderr
    for name in NAMES:
        assert elf_header(src / (name + ".ko")) == (b"\x7fELF", 1, 1, 1, 3), name


# Examples whose exit leaves something that will call into them: rmmod finds it
# (kernel/module/leaks.c) and keeps the module until it has run, which it says by this
# line; in Linux the module would be freed under it.
LEAKING = {
    "workqueue_schedule": ("work item work_fn still delayed on events",
                           "deferred work execution"),
}


# Examples whose init fails on this machine, as it would on a PC like QEMU's, with what
# they print: they ask for IRQ 19, which the notes' machine had (a PCI network card's
# line) and irqlab's default machine does not have, so request_irq() says -EINVAL. Each
# is loaded with a line it can have in tests/test_notes_irq.py.
REFUSED = {name: "Failed to reserve irq 19" for name in (
    "ethernet_irq", "threaded_irq", "threaded_dump_stack", "threaded_pid",
    "threaded_irqs_disabled")}


# Examples whose own test loads and unloads them with the same checks (no BUG, Oops or
# ERROR; gone from lsmod): each spends 10-20 s of guest time in the notes' mdelay()s,
# so they are not loaded a second time here.
LOADED_BY_THEIR_TEST = {
    "wq_max_active1": "test_notes_bh.py::test_wq_max_active1_serialises",
    "wq_max_active2": "test_notes_bh.py::test_wq_max_active2_runs_both_at_once",
    "irq_disable": "test_notes_irqs_off.py::test_irq_disable_holds_off_the_timer",
    "irqs_disabled": "test_notes_irqs_off.py::test_irqs_disabled_reports_both_states",
}


def test_the_examples_left_to_their_own_tests_have_them():
    """LOADED_BY_THEIR_TEST names real examples and real tests that load them."""
    for name, where in LOADED_BY_THEIR_TEST.items():
        assert name in NAMES, name
        path, test = where.split("::")
        with open(os.path.join(ROOT, "tests", path)) as f:
            text = f.read()
        body = text[text.index("def %s(" % test):]
        body = body[:body.find("\ndef ", 1) if "\ndef " in body[1:] else len(body)]
        assert '"%s"' % name in body and ("rmmod(m, " in body or "unload(m, " in body), where


@pytest.mark.parametrize("name", [n for n in NAMES if n not in LOADED_BY_THEIR_TEST])
def test_each_example_loads_and_unloads(m, name):
    """Every built example goes in and comes out (or, where its init fails as it does on
    a PC like QEMU's, is refused with the error its init returned and left out: exactly
    those in REFUSED), the machine still answering after it. A tasklet still returning
    from its last line when rmmod looks is named and the module kept (test_notes_bh's
    unload() says why); rmmod again removes it.
    One that leaks is kept until its leak has run, then comes out. What each prints is
    checked by the tests named in the docstring above. One case per example, each
    reported on its own, all on this module's one machine, in turn."""
    out = m.command("insmod /lib/modules/%s.ko" % name, timeout=60)
    assert "BUG" not in out and "Oops" not in out, (name, out)
    if name in REFUSED:
        assert REFUSED[name] in out, (name, out)
        assert "insmod: ERROR: could not insert module /lib/modules/%s.ko: " \
               "Operation not permitted" % name in out, (name, out)
        assert name not in m.command("lsmod"), (name, out)
        return
    assert "ERROR" not in out and name in m.command("lsmod"), (name, out)
    out = m.command("rmmod %s" % name, timeout=60)
    for _ in range(10):     # a tasklet still returning from its last line: again
        if not test_notes_bh.STILL_RUNNING.search(out):
            break
        out = m.command("rmmod %s" % name, timeout=60)
    if name in LEAKING:
        leak, ran = LEAKING[name]
        assert "rmmod: leak: " + leak in out, (name, out)
        assert name in m.command("lsmod"), (name, out)
        m.wait_for(ran, timeout=60)
        out = m.command("rmmod %s" % name, timeout=60)
    assert "ERROR" not in out and "BUG" not in out, (name, out)
    assert name not in m.command("lsmod"), name
