"""The host unit tests (tests/host/test_*.c, built by make with ASan and UBSan): one pytest
case per TEST in each program. The cases are collected from the sources, as the KTAP
suites' are (conftest.py), so collecting them runs nothing; each program runs once, when
its first case does, and must report exactly the TESTs of its source."""
import functools
import glob
import os
import re
import subprocess

import pytest

import ktap
from irqlab import ROOT

BIN_DIR = os.path.join(ROOT, "build", "host")
SOURCES = sorted(glob.glob(os.path.join(ROOT, "tests", "host", "test_*.c")))
TEST = re.compile(r"^TEST\(\s*(\w+)\s*\)", re.M)


def _in_source(src):
    with open(src) as f:
        return TEST.findall(f.read())


PROGRAMS = [os.path.basename(src)[:-2] for src in SOURCES]
CASES = [(os.path.basename(src)[:-2], case) for src in SOURCES for case in _in_source(src)]


@functools.lru_cache(maxsize=None)
def run(name):
    """(its output, {case: KTAP result}, its exit code) of one run of the program."""
    path = os.path.join(BIN_DIR, name)
    if not os.path.exists(path):
        return "%s is not built: run 'make host-tests'" % path, {}, None
    p = subprocess.run([path], capture_output=True, text=True, timeout=60)
    out = p.stdout + p.stderr
    return out, {r.case: r for r in ktap.parse(out) if r.suite}, p.returncode


@pytest.mark.parametrize("program,case", CASES, ids=["%s.%s" % c for c in CASES])
def test_host_unit(program, case):
    output, results, _code = run(program)
    result = results.get(case)
    assert result is not None, "%s did not report %s:\n%s" % (program, case, output[-2000:])
    assert result.ok, "%s.%s failed:\n%s\n%s" % (program, case,
                                                 "\n".join(result.diagnostics), output[-2000:])


@pytest.mark.parametrize("program", PROGRAMS)
def test_program_reported_exactly_its_sources_tests(program):
    """The source scan above is complete: every case the program ran is one of its TESTs,
    each once; and the program ended well (a sanitizer's report ends it with an error)."""
    src = os.path.join(ROOT, "tests", "host", program + ".c")
    output, results, code = run(program)
    assert results, "%s printed no results:\n%s" % (program, output[-2000:])
    assert code == 0, "%s exited %s:\n%s" % (program, code, output[-2000:])
    assert sorted(results) == sorted(_in_source(src)), output[-2000:]
    assert sum(1 for line in output.splitlines() if re.match(r"^\s+(not )?ok ", line)) == \
        len(results), output[-2000:]
