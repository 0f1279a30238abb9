"""The classroom labs (docs/labs/, tools/lab, tests/labs/): the markers are well formed, a
student tree loses exactly its lab's solutions, and the grader is tested both ways - the
full tree scores full marks on every lab, and every lab's student tree builds warning-free
with gcc and clang and scores less.

To stay fast, a student tree is made with --copy-build (build/ copied with its mtimes, so
only the stubbed files recompile) and graded with IRQLAB_GRADE_NO_CLEAN=1 (the grader's
'make clean' is for students; these trees were just built); the full tree's grade takes
its KTAP results from conftest's selftest boot of the same kernel (--ktap-log) and boots
only for the scenario checks; a lab's two grades run side by side.
"""
import importlib.machinery
import importlib.util
import json
import os
import re
import subprocess
import sys
import threading

import pytest

from conftest import KERNELS, wait_selftest_log
from irqlab import ROOT

LAB = os.path.join(ROOT, "tools", "lab")
LABS = sorted(int(m.group(1)) for m in (re.match(r"lab(\d+)\.py$", f)
                                        for f in os.listdir(os.path.join(ROOT, "tests", "labs")))
              if m)
MARKER = re.compile(r"LAB (\d+) (BEGIN|STUB|END)\b")
BEGIN = re.compile(r"LAB (\d+) BEGIN ([a-z0-9-]+): ")


def run(cmd, cwd=ROOT, **kw):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, **kw)


def test_markers_and_test_lists_are_consistent():
    p = run([sys.executable, LAB, "check"])
    assert p.returncode == 0, p.stdout + p.stderr
    assert LABS[:5] == [1, 2, 3, 4, 5], LABS


def lab_tool():
    """tools/lab as a module (it has no .py suffix)."""
    loader = importlib.machinery.SourceFileLoader("irqlab_lab_tool", LAB)
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name,
                                                                             loader))
    loader.exec_module(module)
    return module


@pytest.mark.parametrize("stub_lines,errors", [(10, 0), (11, 1)])
def test_check_refuses_a_long_stub(stub_lines, errors):
    lines = ["\t/* LAB 9 BEGIN demo: a region */", "\treal();", "\t/* LAB 9 STUB"] + \
        ["\tstub();"] * stub_lines + ["\tLAB 9 END */"]
    regions, errs = lab_tool().parse_markers("kernel/demo.c", lines)
    assert len(errs) == errors, errs
    assert len(regions) == 1
    if errors:
        assert "kernel/demo.c:3: the stub of demo has 11 lines, more than 10" in errs[0], errs


def marked_files():
    """{path: text} of every source file with a lab marker, and {lab: [(path, name)]}."""
    files, regions = {}, {}
    for top in ("arch", "boot", "kernel", "drivers", "lib", "include"):
        for dirpath, _dirs, names in os.walk(os.path.join(ROOT, top)):
            for n in names:
                if n.endswith((".c", ".h", ".asm", ".inc")):
                    path = os.path.join(dirpath, n)
                    with open(path) as f:
                        text = f.read()
                    if MARKER.search(text):
                        rel = os.path.relpath(path, ROOT)
                        files[rel] = text
                        for lab, name in BEGIN.findall(text):
                            regions.setdefault(int(lab), []).append((rel, name))
    return files, regions


@pytest.mark.parametrize("lab", LABS)
def test_student_tree_replaces_only_its_lab(lab, tmp_path):
    files, regions = marked_files()
    assert 2 <= len(regions[lab]) <= 4, regions[lab]
    tree = tmp_path / "tree"
    p = run([sys.executable, LAB, "start", str(lab), str(tree)])
    assert p.returncode == 0, p.stdout + p.stderr
    assert not (tree / "build").exists()
    assert not (tree / "tests" / "labs" / "solutions").exists()      # no lab's answers
    assert not (tree / "tests" / "test_lab8_module.py").exists()
    for rel, text in files.items():
        with open(tree / rel) as f:
            student = f.read()
        labs_here = {int(n) for n, _k in MARKER.findall(text)}
        # The other labs' markers are all still there, as they were.
        for other in labs_here - {lab}:
            assert student.count("LAB %d " % other) >= text.count("LAB %d " % other), rel
        assert not re.search(r"LAB %d (BEGIN|STUB|END)\b" % lab, student), rel
        for path, name in regions[lab]:
            if path != rel:
                continue
            assert "LAB %d: implement %s: " % (lab, name) in student, (rel, name)
            assert "LAB %d: end of %s" % (lab, name) in student, (rel, name)
            # The real code's lines that the stub does not share are gone.
            begin = text.index("LAB %d BEGIN %s:" % (lab, name))
            real, _, rest = text[begin:].partition("LAB %d STUB" % lab)
            stub = rest.partition("LAB %d END" % lab)[0]
            outside = text[:begin] + rest.partition("LAB %d END" % lab)[2]
            real_lines = [l.strip() for l in real.splitlines()[1:-1] if l.strip()]
            for line in real_lines:
                if len(line) > 12 and line not in stub and line not in outside:
                    assert line not in student, "%s: the solution line %r is in the " \
                        "student tree" % (name, line)
            # Nor is the real code there as a whole, even when each line is common.
            flat = "\n".join(l.strip() for l in student.splitlines())
            assert "\n".join(real_lines) not in flat, "%s: the solution is in the student " \
                "tree" % name
    # A file with no marker of this lab is copied unchanged.
    for rel in ("Makefile", "kernel/main.c", "tests/irqlab.py"):
        with open(os.path.join(ROOT, rel)) as a, open(tree / rel) as b:
            assert a.read() == b.read(), rel


def test_start_8_writes_the_tree_with_the_skeleton_and_without_the_solution(tmp_path):
    """Lab 8 has no regions: its student tree is the whole tree, with the module's
    skeleton and without the reference solution or the test that applies it."""
    tree = tmp_path / "tree"
    p = run([sys.executable, LAB, "start", "8", str(tree)])
    assert p.returncode == 0, p.stdout + p.stderr
    assert "grade-module M=" in p.stdout and "docs/labs/lab8-module" in p.stdout, p.stdout
    skeleton = tree / "docs" / "labs" / "lab8-module" / "kbdcount.c"
    with open(os.path.join(ROOT, "docs", "labs", "lab8-module", "kbdcount.c")) as f:
        assert skeleton.read_text() == f.read()
    assert (tree / "tests" / "labs" / "lab8_module.py").exists()       # the grader stays
    assert not (tree / "tests" / "labs" / "solutions").exists()
    assert not (tree / "tests" / "test_lab8_module.py").exists()
    assert os.path.exists(os.path.join(ROOT, "tests", "labs", "solutions", "kbdcount.patch"))


def test_start_refuses_a_non_empty_directory_and_an_unknown_lab(tmp_path):
    (tmp_path / "x").write_text("")
    p = run([sys.executable, LAB, "start", "1", str(tmp_path)])
    assert p.returncode != 0 and "not empty" in p.stderr, p.stderr
    p = run([sys.executable, LAB, "start", "99", str(tmp_path / "new")])
    assert p.returncode != 0 and "lab 99" in p.stderr, p.stderr


def grade_json(build, lab):
    path = os.path.join(build, "grade-lab%d.json" % lab)
    assert os.path.exists(path), "no %s" % path
    with open(path) as f:
        return json.load(f)


def failed(g):
    return "\n".join("%s: %s" % (t["name"], t["detail"][:300]) for t in g["tests"]
                     if not t["passed"])


def full_tree_log(lab):
    """The console log of the selftest boot conftest.py already made of this tree with the
    same options as the lab's own boot (irqchip=..., its MACHINE), if it ran all the lab's
    suites."""
    with open(os.path.join(ROOT, "tests", "labs", "lab%d.py" % lab)) as f:
        text = f.read()
    boot = re.search(r'^SELFTEST = "([^"]*)"', text, re.M).group(1).split()
    suites = re.search(r"selftest=([\w,]+)", " ".join(boot)).group(1).split(",")
    options = sorted(w for w in boot if not w.startswith("selftest"))
    # The lab's own QEMU (its MACHINE): lab 6's two CPUs are gcc-smp2's.
    qemu = lab_tool().load_lab(lab).MACHINE
    for name, (build, cmdline, image, smp, machine) in KERNELS.items():
        # 'lockdep' only adds checks: the lab's suites give the same results.
        extra = sorted(w for w in cmdline.split()[1:] if w != "lockdep")
        if build != KERNELS["gcc"][0] or smp != qemu.get("smp") or \
                machine != qemu.get("machine", "pc") or qemu.get("extra_args") or \
                extra != options:
            continue
        path = wait_selftest_log(name)
        if os.path.exists(path):
            with open(path) as f:
                log = f.read()
            if all("# Subtest: %s\n" % s in log for s in suites):
                return path
    return None


@pytest.mark.parametrize("lab", LABS)
def test_lab_graded_both_ways(lab, tmp_path):
    tree = str(tmp_path / "tree")
    out = {}

    def full():
        # tools/lab directly: make test has just built this tree. Its KTAP results come
        # from conftest's selftest boot of the same kernel when that boot ran the lab's
        # suites with the lab's options; the scenario checks boot as always.
        log = full_tree_log(lab)
        out["full"] = run([sys.executable, LAB, "grade", str(lab)] +
                          (["--ktap-log", log] if log else []))

    def student():
        p = run([sys.executable, LAB, "start", str(lab), tree, "--copy-build"])
        out["start"] = p
        if p.returncode != 0:
            return
        # clang compiles the stubbed files (the warnings are there), beside make grade,
        # which builds the gcc kernel (only the stubbed files recompile) and grades it.
        stubbed = sorted(set(re.findall(r"^  implement \S+ +(\S+)$", p.stdout, re.M)))
        out["stubbed"] = stubbed
        objs = ["build/clang/%s.o" % os.path.splitext(f)[0] for f in stubbed]
        clang = threading.Thread(target=lambda: out.__setitem__("clang", run(
            ["make", "--no-print-directory", "CC=clang"] + objs, cwd=tree)))
        clang.start()
        # The in-kernel cases are enough to show the stubs lose points; the scenario
        # boots would only add time (the full tree's grade runs them).
        out["student"] = run(["make", "--no-print-directory", "grade", "LAB=%d" % lab,
                              "IRQLAB_GRADE_NO_CLEAN=1", "GRADE_FLAGS=--ktap-only"], cwd=tree)
        clang.join()

    threads = [threading.Thread(target=full), threading.Thread(target=student)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    p = out["full"]
    g = grade_json(os.path.join(ROOT, "build"), lab)
    assert g["score"] == g["max"] and p.returncode == 0, \
        "the full tree lost points on lab %d:\n%s\n%s" % (lab, failed(g), p.stdout[-3000:])
    assert re.search(r"^Score: %d/%d$" % (g["max"], g["max"]), p.stdout, re.M), p.stdout
    assert len(g["tests"]) >= 8 and all(t["points"] > 0 for t in g["tests"])

    assert out["start"].returncode == 0, out["start"].stdout + out["start"].stderr
    warning = re.compile(r"^\S+:\d+(:\d+)?: (warning|error):", re.M)
    for step in ("clang", "student"):
        text = out[step].stdout + out[step].stderr
        assert not warning.search(text), "lab %d's student tree, %s build:\n%s" % (
            lab, "gcc" if step == "student" else step, text[-3000:])
        for f in out["stubbed"]:
            assert re.search(r"^  (CC|AS) +%s$" % re.escape(f), text, re.M), \
                "the %s build did not compile the stubbed %s:\n%s" % (step, f, text)
    assert out["clang"].returncode == 0, out["clang"].stdout + out["clang"].stderr
    p = out["student"]
    assert re.search(r"^Score: \d+/\d+$", p.stdout, re.M), p.stdout[-3000:] + p.stderr
    sg = grade_json(os.path.join(tree, "build"), lab)
    ktap_max = sum(t["points"] for t in g["tests"] if t["kind"] == "ktap")
    assert ktap_max > 0 and sg["max"] == ktap_max, (sg["max"], ktap_max)
    assert sg["score"] < sg["max"], "lab %d's stubs scored full marks:\n%s" % (lab, p.stdout)
    assert p.returncode != 0                    # make grade fails below full marks
    # Only the lab's regions differ from the full tree: every failure must point at some
    # of them, by the 'LAB N: implement' line the student sees.
    for t in (t for t in sg["tests"] if not t["passed"]):
        hint = re.search(r"^%s: FAIL \(.*\)\n    regions: (.*)$" % re.escape(t["name"]),
                         p.stdout, re.M)
        assert hint and t["regions"], (t["name"], p.stdout[-3000:])
        for name, where in re.findall(r"([a-z0-9-]+) \(([^)]+)\)", hint.group(1)):
            path, line = where.rsplit(":", 1)
            with open(os.path.join(tree, path)) as f:
                text = f.read().split("\n")[int(line) - 1]
            assert "LAB %d: implement %s: " % (lab, name) in text, (t["name"], where, text)


def test_a_check_names_every_region_it_depends_on():
    """The keyboard check of lab 4 fails when the softirq loop does not count TASKLET
    runs (softirq-restart), not only when the tasklet code is wrong."""
    loader = importlib.machinery.SourceFileLoader("irqlab_tools_lab", LAB)
    lab = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(lab)
    mod = lab.load_lab(4)
    assert lab.test_regions(mod, "keys_through_the_keyboard_tasklet") == \
        ["irq-exit", "softirq-restart", "tasklet-schedule", "tasklet-action"]
    assert lab.test_regions(mod, "softirq.nested_irq_exit_leaves_them_to_the_outer") == \
        ["softirq-restart", "irq-exit"]
    assert lab.test_regions(mod, "no_such_test") is None
    places = lab.region_places(ROOT, 4)
    assert places["softirq-restart"].startswith("kernel/softirq.c:"), places
    assert lab.regions_hint(4, ["softirq-restart"], places) == \
        "regions: softirq-restart (%s)" % places["softirq-restart"]


# A student's likely mistakes, each alone in an otherwise complete tree (the region's
# solution with one change in place of its stub): the grade must fall, on the tests that
# are there to catch it. (lab, region, text in the solution, the mistake, tests that
# must fail, a test that must still pass)
MISTAKES = {
    "msi-dest-not-shifted": (
        7, "msi-compose-msg", "(u32)dest << MSI_ADDR_DEST_ID_SHIFT", "(u32)dest",
        ["pci_edu.msi_follows_its_affinity"], "pci_edu.msi_raise_arrives_once_and_is_acked"),
    "msi-data-vector-in-wrong-bits": (
        7, "msi-compose-msg", "(vector & MSI_DATA_VECTOR_MASK)",
        "(vector & MSI_DATA_VECTOR_MASK) << 8",
        ["pci_edu.msi_message_names_the_vector_and_the_cpu",
         "pci_edu.msi_raise_arrives_once_and_is_acked"], "pci_edu.intx_reaches_its_line"),
    # Under MSI the status stays set; under INTx the wire stays asserted and the handler
    # claims every delivery: the shared line storms (thousands of deliveries for one
    # raise, each counted as handled) until the case acknowledges the devices itself.
    "edu-no-ack": (
        7, "edu-irq-ack", "\tedu_write(edu, EDU_IRQ_ACK, status);\n", "",
        ["pci_edu.msi_raise_arrives_once_and_is_acked",
         "pci_edu.shared_intx_line_each_handler_takes_its_own"], "pci_edu.intx_reaches_its_line"),
    # RUN set without looking whether another CPU holds it: the function runs on two CPUs
    # at once. Lab 4's one-CPU grade passes it. It still sets RUN while the function runs,
    # so tasklet_disable() waits as it should; the two CPUs hammering shared tasklets
    # catch it only when runs happen to collide, the case that holds a run open on one
    # CPU while the other runs its softirqs catches it every time.
    "run-bit-not-tested": (
        6, "tasklet-run-bit", "return !test_and_set_bit(TASKLET_STATE_RUN, &t->state);",
        "set_bit(TASKLET_STATE_RUN, &t->state);\n\treturn true;",
        ["smp_tasklet.tasklet_running_elsewhere_is_not_run_here"],
        "smp_tasklet.disable_waits_for_a_run_on_another_cpu"),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_a_typical_mistake_loses_points(mistake, tmp_path):
    lab, region, text, wrong, must_fail, must_pass = MISTAKES[mistake]
    tool = lab_tool()
    regions, _errors = tool.scan(ROOT)
    r = [r for r in regions if r.lab == lab and r.name == region][0]
    with open(os.path.join(ROOT, r.path)) as f:
        real = "".join(f.readlines()[r.begin + 1:r.stub])
    assert text in real, (region, text)
    tree = tmp_path / "tree"
    p = run([sys.executable, LAB, "start", str(lab), str(tree), "--copy-build",
             "--region", region])
    assert p.returncode == 0, p.stdout + p.stderr
    path = tree / r.path
    lines = path.read_text().split("\n")
    first = [i for i, l in enumerate(lines) if "LAB %d: implement %s: " % (lab, region) in l][0]
    last = [i for i, l in enumerate(lines) if "LAB %d: end of %s" % (lab, region) in l][0]
    mistaken = real.replace(text, wrong).rstrip("\n").split("\n")
    path.write_text("\n".join(lines[:first] + mistaken + lines[last + 1:]))
    p = run(["make", "--no-print-directory", "grade", "LAB=%d" % lab,
             "IRQLAB_GRADE_NO_CLEAN=1", "GRADE_FLAGS=--ktap-only"], cwd=str(tree))
    assert not re.search(r"^\S+:\d+(:\d+)?: (warning|error):", p.stdout + p.stderr, re.M), \
        p.stdout[-3000:] + p.stderr
    g = grade_json(os.path.join(str(tree), "build"), lab)
    passed = {t["name"]: t["passed"] for t in g["tests"]}
    assert g["score"] < g["max"], "%s scored full marks:\n%s" % (mistake, p.stdout)
    for name in must_fail:
        assert passed[name] is False, "%s: %s passed\n%s" % (mistake, name, p.stdout)
    assert passed[must_pass], "%s: %s failed too, so the lab does not tell this mistake " \
        "apart:\n%s" % (mistake, must_pass, p.stdout)
