"""The in-kernel KTAP suites ('selftest' on the command line), one pytest case each, for
the gcc kernel in both controller modes and with two CPUs, and the clang kernel. The
cases are collected from the suites' sources; each waits for its boot's log
(conftest.py)."""
import functools

import pytest

import ktap
from conftest import KERNELS, ktap_cases_in_source, read_selftest

CASES = ktap_cases_in_source()


@functools.lru_cache(maxsize=None)
def results(kernel):
    code, out = read_selftest(kernel)
    return code, out, {(r.suite, r.case): r for r in ktap.parse(out)}


@pytest.mark.parametrize("kernel", list(KERNELS))
@pytest.mark.parametrize("suite,case", CASES, ids=["%s.%s" % c for c in CASES])
def test_ktap_case(kernel, suite, case):
    _code, out, got = results(kernel)
    r = got.get((suite, case))
    assert r is not None, "%s.%s was not reported by the %s boot:\n%s" % (
        suite, case, kernel, out[-3000:])
    detail = "\n".join(r.diagnostics)
    assert r.ok, "%s.%s failed (%s)\n%s" % (suite, case, r.directive, detail)
    if "SKIP" in r.directive.upper():
        pytest.skip(r.directive)        # shown as skipped, never counted as passed


@pytest.mark.parametrize("kernel", list(KERNELS))
def test_selftest_ran_exactly_the_collected_cases_and_passed(kernel):
    """Every case the kernel reported was collected here (the source scan is complete),
    and the kernel left QEMU through isa-debug-exit with 'pass'."""
    code, out, got = results(kernel)
    assert got, "no KTAP output:\n" + out[-3000:]
    unknown = sorted(set(got) - set(CASES))
    assert not unknown, "reported but not collected: %s" % unknown
    assert code == str(0x10 << 1 | 1), "selftest exit %s:\n%s" % (code, out[-3000:])
