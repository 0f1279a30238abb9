"""The in-kernel KTAP suites ('selftest' on the command line), one pytest case each,
for the gcc-built and the clang-built kernel."""
import pytest

import ktap
from conftest import KERNELS, read_selftest


def _cases():
    params = []
    for kernel in KERNELS:
        try:
            _code, out = read_selftest(kernel)
        except OSError as e:
            params.append(pytest.param(kernel, None, id="%s-no-log" % kernel,
                                       marks=pytest.mark.xfail(reason=str(e), strict=True)))
            continue
        for r in ktap.parse(out):
            params.append(pytest.param(kernel, r, id="%s/%s.%s" % (kernel, r.suite, r.case)))
    return params


@pytest.mark.parametrize("kernel,result", _cases())
def test_ktap_case(kernel, result):
    assert result is not None
    detail = "\n".join(result.diagnostics)
    assert result.ok, "%s.%s failed (%s)\n%s" % (result.suite, result.case,
                                                 result.directive, detail)
    if "SKIP" in result.directive.upper():
        pytest.skip(result.directive)   # shown as skipped, never counted as passed


@pytest.mark.parametrize("kernel", list(KERNELS))
def test_selftest_exit_status(kernel):
    """The kernel ran every suite and left QEMU through isa-debug-exit with 'pass'."""
    code, out = read_selftest(kernel)
    results = ktap.parse(out)
    assert results, "no KTAP output:\n" + out[-3000:]
    assert code == str(0x10 << 1 | 1), "selftest exit %s:\n%s" % (code, out[-3000:])
