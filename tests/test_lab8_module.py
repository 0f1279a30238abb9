"""Lab 8's grader (tests/labs/lab8_module.py), tested both ways: the reference solution
(tests/labs/solutions/kbdcount.patch applied to the skeleton; never handed out) gets full marks, the skeleton students
copy (docs/labs/lab8-module/) as it is handed out gets none of the behaviour's points, and
a solution that forgets free_irq in its exit loses the rmmod check."""
import importlib.util
import os
import shutil
import subprocess

from irqlab import ROOT

_spec = importlib.util.spec_from_file_location(
    "lab8_module", os.path.join(ROOT, "tests", "labs", "lab8_module.py"))
lab8 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lab8)

SKELETON = os.path.join(ROOT, "docs", "labs", "lab8-module")
SOLUTION = os.path.join(ROOT, "tests", "labs", "solutions", "kbdcount.patch")


def module_dir(tmp_path, source_text=None):
    d = tmp_path / "kbdcount"
    shutil.copytree(SKELETON, d)
    if source_text is not None:
        (d / "kbdcount.c").write_text(source_text)
    return str(d)


def grade(moddir):
    lines = []
    got, total = lab8.grade(moddir, log=lines.append)
    return got, total, "\n".join(lines)


def solution(tmp_path):
    """The skeleton with the reference solution's patch applied."""
    d = tmp_path / "solution"
    shutil.copytree(SKELETON, d)
    with open(SOLUTION) as f:
        p = subprocess.run(["patch", "-s", "-p1"], cwd=d, stdin=f, capture_output=True,
                           text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    return (d / "kbdcount.c").read_text()


def test_reference_solution_gets_full_marks(tmp_path):
    got, total, log = grade(module_dir(tmp_path, solution(tmp_path)))
    assert got == total, log


def test_skeleton_as_handed_out_fails(tmp_path):
    got, total, log = grade(module_dir(tmp_path))
    assert "ok build" in log, log                     # it builds: the checks say what is missing
    assert got == 0, log
    assert "not ok loads_and_shares_irq1" in log, log


def test_exit_without_free_irq_fails_the_rmmod_check(tmp_path):
    text = solution(tmp_path)
    assert "\tfree_irq(irq, &kbdcount_dev);\n" in text
    got, total, log = grade(module_dir(tmp_path, text.replace(
        "\tfree_irq(irq, &kbdcount_dev);\n", "")))
    assert "not ok rmmod_leaves_nothing_registered" in log, log
    assert 0 < got < total, log
