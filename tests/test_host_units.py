"""The host unit tests (tests/host/test_*.c, built by make with ASan and UBSan): one pytest
case per TEST in each program."""
import glob
import os
import subprocess

import pytest

import ktap
from irqlab import ROOT

BIN_DIR = os.path.join(ROOT, "build", "host")
SOURCES = sorted(glob.glob(os.path.join(ROOT, "tests", "host", "test_*.c")))


def _run(name):
    path = os.path.join(BIN_DIR, name)
    if not os.path.exists(path):
        return None, "%s is not built: run 'make host-tests'" % path
    p = subprocess.run([path], capture_output=True, text=True, timeout=60)
    return p, p.stdout + p.stderr


def _cases():
    params = []
    for src in SOURCES:
        name = os.path.basename(src)[:-2]
        proc, out = _run(name)
        results = ktap.parse(out) if proc else []
        if not results:
            params.append(pytest.param(name, None, out, id="%s.(run)" % name))
        for r in results:
            params.append(pytest.param(name, r, out, id="%s.%s" % (name, r.case)))
    return params


@pytest.mark.parametrize("program,result,output", _cases())
def test_host_unit(program, result, output):
    assert result is not None, "%s printed no results:\n%s" % (program, output)
    assert result.ok, "%s.%s failed:\n%s\n%s" % (program, result.case,
                                                 "\n".join(result.diagnostics), output[-2000:])
